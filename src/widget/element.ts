// <circles-finder>: search box, place, filter chips with counts, results and a detail view, in a
// shadow root. The state lives in the URL hash; searches run as the person types (debounced), and
// the crisis line for their country is always on screen. Search terms and places stay in the
// browser and the API request: nothing here logs them.
import { Api, ApiError } from './api.js';
import { resultCard } from './card.js';
import { facetChips } from './chips.js';
import type { Ctx } from './context.js';
import { crisisLines } from './crisis.js';
import { groupDetail } from './detail.js';
import { h } from './dom.js';
import { pickCountry, pickLang, pickLocale, STRINGS } from './i18n.js';
import {
  cloneState,
  FILTERS,
  type Filter,
  fromHash,
  presetState,
  type State,
  searchParams,
  toHash,
} from './state.js';
import { STYLES } from './styles.js';
import type { Group, GroupList } from './types.js';

const TYPING_DELAY_MS = 300;
const HIDDEN_CONTROLS = ['false', 'off', 'none', 'no', '0'];

export function defineFinder(scriptOrigin: string): void {
  if (customElements.get('circles-finder')) return;

  class CirclesFinder extends HTMLElement {
    private ctx!: Ctx;
    private preset!: State;
    private state!: State;
    private labels = new Map<string, string>();
    private groups: Group[] = [];
    private last: GroupList | null = null;
    private cursor: string | null = null;
    private seq = 0;
    private timer: ReturnType<typeof setTimeout> | undefined;
    /** `near` holds coordinates from geolocation: they never go into the (shareable) hash. */
    private located = false;
    private opener: string | null = null;
    private started = false;
    private hideControls = false;
    /** The group in the detail view. */
    private shown: Group | null = null;
    private readonly root: ShadowRoot;
    private el!: Record<
      | 'q'
      | 'near'
      | 'form'
      | 'facets'
      | 'more'
      | 'crisis'
      | 'status'
      | 'list'
      | 'next'
      | 'detail'
      | 'results'
      | 'locating',
      HTMLElement
    >;

    constructor() {
      super();
      this.root = this.attachShadow({ mode: 'open' });
    }

    connectedCallback(): void {
      window.addEventListener('hashchange', this.onHistory);
      window.addEventListener('popstate', this.onHistory);
      // Moved elsewhere in the page: the widget is built already.
      if (this.started) return;
      this.started = true;
      const attr = (name: string) => this.getAttribute(name);
      const browser = navigator.languages?.length ? navigator.languages : [navigator.language];
      const lang = pickLang(attr('lang'), browser);
      const labels = this.labels;
      this.ctx = {
        t: STRINGS[lang],
        lang,
        locale: pickLocale(lang, attr('lang'), browser),
        country: pickCountry(attr('country'), attr('lang'), browser),
        api: new Api(attr('api') || scriptOrigin, attr('key')),
        label: (vocabulary, code) => labels.get(`${vocabulary}:${code}`) ?? code,
      };
      this.preset = presetState(attr);
      this.state = fromHash(location.hash, this.preset) ?? cloneState(this.preset);
      this.hideControls = HIDDEN_CONTROLS.includes((attr('controls') ?? '').toLowerCase());
      this.build();

      void this.loadCrisis();
      void this.loadLabels();
      void this.search(false);
      if (this.state.group) void this.openDetail(this.state.group, false);
    }

    disconnectedCallback(): void {
      window.removeEventListener('hashchange', this.onHistory);
      window.removeEventListener('popstate', this.onHistory);
    }

    private build(): void {
      const { t } = this.ctx;
      const q = h('input', {
        id: 'q',
        type: 'search',
        autocomplete: 'off',
        placeholder: t.searchHint,
        maxlength: 200,
        oninput: () => {
          this.state.q = (q as HTMLInputElement).value;
          this.later();
        },
      });
      const near = h('input', {
        id: 'near',
        type: 'search',
        autocomplete: 'postal-code',
        placeholder: t.placeHint,
        maxlength: 100,
        'aria-describedby': 'locating',
        oninput: () => {
          this.located = false;
          near.removeAttribute('aria-invalid');
          // A place is searched on Enter or when the field is left: half-typed names are not places.
          if (!(near as HTMLInputElement).value) this.setNear('');
        },
        onchange: () => {
          if (!this.located) this.setNear((near as HTMLInputElement).value);
        },
      });
      const locating = h('p', { id: 'locating', class: 'muted', role: 'status' });
      const form = h(
        'form',
        {
          role: 'search',
          'aria-labelledby': 'cf-title',
          onsubmit: (e: Event) => {
            e.preventDefault();
            if (!this.located) this.state.near = (near as HTMLInputElement).value.trim();
            clearTimeout(this.timer);
            this.commit();
          },
        },
        h(
          'div',
          { class: 'row' },
          h('div', { class: 'field' }, h('label', { for: 'q' }, t.search), q),
          h(
            'div',
            { class: 'field' },
            h('label', { for: 'near' }, t.place),
            h(
              'div',
              { class: 'inline' },
              near,
              h('button', { type: 'button', class: 'btn', onclick: () => this.locate() }, t.nearMe),
              h('button', { type: 'submit', class: 'btn primary' }, t.submit),
            ),
            locating,
          ),
        ),
      );
      const facets = h('div', { class: 'facets' });
      const more = h('details', {}, h('summary', {}, t.moreFilters), h('div', { class: 'more-facets' }));
      form.append(facets, more);
      form.hidden = this.hideControls;

      const status = h('p', {
        class: 'status',
        role: 'status',
        'aria-live': 'polite',
        'aria-atomic': 'true',
      });
      const list = h('ul', { class: 'results', 'aria-label': t.results });
      const next = h(
        'button',
        { type: 'button', class: 'btn more', hidden: true, onclick: () => this.search(true) },
        t.more,
      );
      const results = h('div', { class: 'list' }, status, list, next);
      const detail = h('div', {
        class: 'detail',
        hidden: true,
        onkeydown: (e: Event) => {
          if ((e as KeyboardEvent).key === 'Escape') this.back();
        },
      });
      const crisis = h(
        'aside',
        { class: 'crisis', part: 'crisis', 'aria-label': t.crisis },
        h('p', {}, t.emergency),
      );

      this.root.append(
        h('style', {}, STYLES),
        h(
          'section',
          { class: 'cf', part: 'root', lang: this.ctx.lang, 'aria-labelledby': 'cf-title' },
          h('h2', { id: 'cf-title', part: 'title' }, t.title),
          form,
          crisis,
          results,
          detail,
          h('p', { class: 'source' }, t.source),
        ),
      );
      (q as HTMLInputElement).value = this.state.q;
      (near as HTMLInputElement).value = this.state.near;
      this.el = { q, near, form, facets, more, crisis, status, list, next, detail, results, locating };
    }

    private onHistory = (): void => {
      const next = fromHash(location.hash, this.preset) ?? cloneState(this.preset);
      if (this.located && next.near === this.preset.near) next.near = this.state.near;
      const searchChanged =
        JSON.stringify({ ...next, group: '' }) !== JSON.stringify({ ...this.state, group: '' });
      const groupChanged = next.group !== this.state.group;
      if (!searchChanged && !groupChanged) return;
      this.state = next;
      (this.el.q as HTMLInputElement).value = next.q;
      if (!this.located) (this.el.near as HTMLInputElement).value = next.near;
      if (searchChanged) void this.search(false);
      if (groupChanged) {
        if (next.group) void this.openDetail(next.group, false);
        else this.closeDetail();
      }
    };

    /** Writes the state into the hash: replaced while typing, pushed when a detail opens (Back closes it). */
    private writeHash(push: boolean): void {
      const shared = this.located ? { ...this.state, near: this.preset.near } : this.state;
      const hash = toHash(shared, this.preset);
      const url = `${location.pathname}${location.search}${hash}`;
      if (url === `${location.pathname}${location.search}${location.hash}`) return;
      if (push) history.pushState(null, '', url);
      else history.replaceState(history.state, '', url);
    }

    private later(): void {
      clearTimeout(this.timer);
      this.timer = setTimeout(() => this.commit(), TYPING_DELAY_MS);
    }

    private commit(): void {
      this.writeHash(false);
      void this.search(false);
    }

    private setNear(value: string): void {
      if (value.trim() === this.state.near) return;
      this.state.near = value.trim();
      this.commit();
    }

    private locate(): void {
      const { t } = this.ctx;
      const say = (text: string) => {
        this.el.locating.textContent = text;
      };
      if (!navigator.geolocation) {
        say(t.locateFailed);
        return;
      }
      say(t.locating);
      navigator.geolocation.getCurrentPosition(
        (position) => {
          say('');
          // About 100 m is plenty to find groups nearby.
          const { latitude, longitude } = position.coords;
          this.located = true;
          (this.el.near as HTMLInputElement).value = t.nearMe;
          this.state.near = `${latitude.toFixed(3)},${longitude.toFixed(3)}`;
          this.commit();
        },
        () => say(t.locateFailed),
        { maximumAge: 600_000, timeout: 15_000 },
      );
    }

    private toggle = (filter: Filter, value: string): void => {
      const chosen = this.state.filters[filter];
      this.state.filters[filter] = chosen.includes(value)
        ? chosen.filter((v) => v !== value)
        : [...chosen, value];
      clearTimeout(this.timer);
      this.commit();
    };

    private async search(append: boolean): Promise<void> {
      const seq = ++this.seq;
      const { t } = this.ctx;
      this.el.list.setAttribute('aria-busy', 'true');
      try {
        const page = await this.ctx.api.groups(searchParams(this.state, append ? this.cursor : null));
        if (seq !== this.seq) return;
        this.groups = append ? [...this.groups, ...page.data] : page.data;
        this.last = page;
        this.cursor = page.meta.next_cursor;
        this.el.near.removeAttribute('aria-invalid');
        this.render(append);
      } catch (error) {
        if (seq !== this.seq || (error as Error).name === 'AbortError') return;
        const problem = error instanceof ApiError ? error : null;
        const placeRefused = problem?.status === 400 && !!this.state.near;
        if (placeRefused) this.el.near.setAttribute('aria-invalid', 'true');
        this.el.status.textContent = placeRefused
          ? t.unknownPlace
          : problem?.status === 429
            ? t.tooMany
            : t.failed;
        if (!placeRefused) {
          this.el.status.append(
            ' ',
            h('button', { type: 'button', class: 'btn', onclick: () => this.search(false) }, t.retry),
          );
        }
        this.el.list.replaceChildren();
        this.el.next.hidden = true;
      } finally {
        if (seq === this.seq) this.el.list.removeAttribute('aria-busy');
      }
    }

    private render(append: boolean): void {
      const page = this.last;
      if (!page) return;
      const { t } = this.ctx;
      const total = page.meta.total;
      this.el.status.textContent =
        total === 0
          ? t.none
          : page.meta.place
            ? t.groupsNear(total, this.located ? t.you : page.meta.place.label)
            : t.groups(total);
      const cards = (append ? page.data : this.groups).map((g) => resultCard(g, this.ctx, this.open));
      if (append) this.el.list.append(...cards);
      else this.el.list.replaceChildren(...cards);
      this.el.next.hidden = !this.cursor;
      this.renderFacets();
    }

    private renderFacets(): void {
      const facets = this.last?.facets ?? {};
      // Re-rendering replaces the chips: keep keyboard focus on the chip that was pressed.
      const focused = this.root.activeElement as HTMLElement | null;
      const key = focused?.dataset.filter ? `${focused.dataset.filter}:${focused.dataset.value}` : null;
      const chips = (filter: Filter) =>
        facetChips(filter, facets[filter] ?? [], this.state.filters[filter], this.ctx, this.toggle);
      this.el.facets.replaceChildren(chips('condition'), chips('attendance'));
      this.el.more.lastElementChild!.replaceChildren(chips('affinity'), chips('language'));
      if (FILTERS.some((f) => f !== 'condition' && f !== 'attendance' && this.state.filters[f].length)) {
        (this.el.more as HTMLDetailsElement).open = true;
      }
      if (key) {
        const [filter, value] = key.split(':');
        this.root
          .querySelector<HTMLElement>(`[data-filter="${filter}"][data-value="${CSS.escape(value ?? '')}"]`)
          ?.focus();
      }
    }

    private open = (g: Group): void => {
      this.opener = g.slug;
      this.state.group = g.slug;
      this.writeHash(true);
      void this.openDetail(g.slug, true);
    };

    private async openDetail(idOrSlug: string, focus: boolean): Promise<void> {
      const { t } = this.ctx;
      const detail = this.el.detail;
      this.el.results.hidden = true;
      this.el.form.hidden = true;
      detail.hidden = false;
      detail.replaceChildren(h('p', { role: 'status' }, t.loading));
      try {
        const group = await this.ctx.api.group(idOrSlug);
        if (this.state.group !== idOrSlug) return;
        this.shown = group;
        detail.replaceChildren(groupDetail(group, this.ctx, this.back));
        if (focus) detail.querySelector<HTMLElement>('h2')?.focus();
      } catch {
        if (this.state.group !== idOrSlug) return;
        detail.replaceChildren(
          h('button', { type: 'button', class: 'btn back', onclick: this.back }, `← ${t.back}`),
          h('p', { role: 'alert' }, t.failed),
        );
      }
    }

    private back = (): void => {
      // The detail was pushed onto the history: going back closes it, as the browser's Back would.
      if (this.opener) history.back();
      else {
        this.state.group = '';
        this.writeHash(false);
        this.closeDetail();
      }
    };

    private closeDetail(): void {
      this.el.detail.hidden = true;
      this.el.detail.replaceChildren();
      this.shown = null;
      this.el.results.hidden = false;
      this.el.form.hidden = this.hideControls;
      const slug = this.opener;
      this.opener = null;
      // Focus returns to the result that was opened (or the first one, after a restored detail).
      const card = slug ? `[data-group="${CSS.escape(slug)}"] ` : '';
      this.el.list.querySelector<HTMLElement>(`${card}button.open`)?.focus();
    }

    private async loadCrisis(): Promise<void> {
      try {
        const resources = await this.ctx.api.crisis(this.ctx.country);
        if (resources.length) {
          this.el.crisis.replaceChildren(h('p', {}, this.ctx.t.crisis), ...crisisLines(resources, this.ctx));
        }
      } catch {
        // The emergency-number sentence built in stays.
      }
    }

    private async loadLabels(): Promise<void> {
      try {
        for (const vocabulary of await this.ctx.api.taxonomy()) {
          for (const term of vocabulary.terms) {
            const label = term.labels[this.ctx.lang] ?? term.labels.en;
            if (label) this.labels.set(`${vocabulary.code}:${term.code}`, label);
          }
        }
        this.render(false);
        if (this.shown) this.el.detail.replaceChildren(groupDetail(this.shown, this.ctx, this.back));
      } catch {
        // Codes stay readable without their labels.
      }
    }
  }

  customElements.define('circles-finder', CirclesFinder);
}
