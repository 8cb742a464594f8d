// Filter chips: toggle buttons with the facet's count (disjunctive: what choosing it would give).
import { type Ctx, VOCABULARY } from './context.js';
import { h } from './dom.js';
import type { Filter } from './state.js';
import type { FacetValue } from './types.js';

/** How many chips each facet shows (the most common values, plus whatever is chosen). */
const SHOWN: Record<Filter, number> = { condition: 8, attendance: 3, affinity: 8, language: 6 };

export function facetChips(
  filter: Filter,
  values: FacetValue[],
  selected: string[],
  ctx: Ctx,
  toggle: (filter: Filter, value: string) => void,
): HTMLFieldSetElement {
  const counts = new Map(values.map((v) => [v.value, v.count]));
  const shown = values
    .slice(0, SHOWN[filter])
    .map((v) => v.value)
    .concat(selected.filter((v) => !values.slice(0, SHOWN[filter]).some((x) => x.value === v)));
  return h(
    'fieldset',
    { class: 'facet', 'data-facet': filter },
    h('legend', {}, ctx.t[filter]),
    h(
      'div',
      { class: 'chips' },
      shown.map((value) => {
        const label = ctx.label(VOCABULARY[filter], value);
        const count = counts.get(value) ?? 0;
        return h(
          'button',
          {
            type: 'button',
            class: 'chip',
            'data-filter': filter,
            'data-value': value,
            'aria-pressed': String(selected.includes(value)),
            'aria-label': ctx.t.chip(label, count),
            onclick: () => toggle(filter, value),
          },
          label,
          h('span', { class: 'n', 'aria-hidden': 'true' }, String(count)),
        );
      }),
    ),
  );
}
