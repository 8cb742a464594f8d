// The crisis line for the searcher's country, above every results and detail view: peer groups
// are not crisis services.
import type { Ctx } from './context.js';
import { h, link } from './dom.js';
import type { CrisisResource } from './types.js';

export function crisisLines(resources: CrisisResource[], ctx: Ctx): HTMLElement[] {
  const { t } = ctx;
  return resources
    .slice(0, 2)
    .map((r) =>
      h(
        'p',
        { class: 'crisis-line' },
        h('strong', {}, r.name),
        ': ',
        r.phone ? [`${t.call} `, link(`tel:${r.phone.replace(/[^\d+]/g, '')}`, r.phone), '. '] : null,
        r.text ? [`${t.text} `, link(`sms:${r.text.replace(/[^\d+]/g, '')}`, r.text), '. '] : null,
        r.chat_url ? [link(r.chat_url, t.chat), '. '] : null,
        !r.phone && !r.text ? [link(r.url, r.url.replace(/^https?:\/\/(www\.)?|\/$/g, '')), '. '] : null,
        h('span', { class: 'muted-inline' }, r.available[ctx.lang]),
      ),
    );
}
