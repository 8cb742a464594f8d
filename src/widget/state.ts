// What the person has chosen, how it maps to the search API, and how it lives in the URL hash
// (#circles:q=...&condition=...) so a search can be bookmarked, shared and restored on load.

export const FILTERS = ['condition', 'attendance', 'affinity', 'language'] as const;
export type Filter = (typeof FILTERS)[number];

export interface State {
  q: string;
  near: string;
  filters: Record<Filter, string[]>;
  /** The group whose detail is open (id or slug), or ''. */
  group: string;
}

const PREFIX = '#circles:';

export function emptyState(): State {
  return {
    q: '',
    near: '',
    filters: { condition: [], attendance: [], affinity: [], language: [] },
    group: '',
  };
}

export function cloneState(s: State): State {
  return {
    ...s,
    filters: {
      condition: [...s.filters.condition],
      attendance: [...s.filters.attendance],
      affinity: [...s.filters.affinity],
      language: [...s.filters.language],
    },
  };
}

const list = (value: string | null): string[] =>
  (value ?? '')
    .split(',')
    .map((v) => v.trim())
    .filter(Boolean);

/** The element's attributes give the starting point (preset filters, a place). */
export function presetState(attr: (name: string) => string | null): State {
  const s = emptyState();
  for (const f of FILTERS) s.filters[f] = list(attr(f));
  s.near = attr('near')?.trim() ?? '';
  return s;
}

type Flat = Record<string, string>;
function flatten(s: State): Flat {
  const out: Flat = { q: s.q, near: s.near, group: s.group };
  for (const f of FILTERS) out[f] = s.filters[f].join(',');
  return out;
}

/** The hash for a state: only what differs from the presets, so a shared link stays short. */
export function toHash(s: State, preset: State): string {
  const now = flatten(s);
  const base = flatten(preset);
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(now)) if (v !== base[k]) params.set(k, v);
  const query = params.toString();
  return query ? `${PREFIX}${query}` : '';
}

/** The state a hash describes, over the presets; null when the hash is not ours. */
export function fromHash(hash: string, preset: State): State | null {
  if (!hash.startsWith(PREFIX)) return null;
  const params = new URLSearchParams(hash.slice(PREFIX.length));
  const s = cloneState(preset);
  const text = (k: string) => (params.get(k) ?? '').slice(0, 200);
  if (params.has('q')) s.q = text('q');
  if (params.has('near')) s.near = text('near');
  if (params.has('group')) s.group = text('group');
  for (const f of FILTERS) if (params.has(f)) s.filters[f] = list(params.get(f)).slice(0, 20);
  return s;
}

export function searchParams(s: State, cursor: string | null): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q.trim()) p.set('q', s.q.trim());
  for (const f of FILTERS) if (s.filters[f].length) p.set(f, s.filters[f].join(','));
  if (s.near.trim()) p.set('near', s.near.trim());
  p.set('facets', FILTERS.join(','));
  p.set('limit', '10');
  if (cursor) p.set('cursor', cursor);
  return p;
}
