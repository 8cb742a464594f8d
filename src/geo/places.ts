// Resolves the `near` search parameter offline: coordinates, a US ZIP code, or a place name.
//
// Place names, in order of preference:
//   "Austin, TX" / "austin tx" / "Austin, Texas"  US city + state: the ZIP data (see us-zip.ts),
//                                                  then GeoNames for places without their own ZIP.
//   "Toronto, ON" / "Glasgow, Scotland" / "London, UK" / "Portland, ME, USA"
//                                                  GeoNames, narrowed to that region or country.
//   "London" / "Springfield"                       GeoNames, the most populous place of that name.
// A two-letter qualifier that is both a US state and a country code is read as the state first
// ("London, CA" is London, California, a village of ~1,900; "London, Canada" or "London, ON" is
// the Ontario city). Regions alone ("Texas", "UK", "Washington") do not resolve: a radius around a
// state's centre is not a useful search, and a same-named town elsewhere is not what was meant.

import { foldText, placeNameKey } from './normalize.js';
import { intersectScopes, placeLabel, type Scope, scopesForQualifier } from './regions.js';
import { lookupUsCity, lookupZip, warmUsZip } from './us-zip.js';
import { findWorldCity, type WorldCity, warmWorldCities } from './world-cities.js';

export interface ResolvedPlace {
  lat: number;
  lng: number;
  /** Human-readable echo of what was understood: "Austin, TX", "10001 (New York, NY)". */
  label: string;
  kind: 'coordinates' | 'postal_code' | 'place';
}

const MAX_INPUT_LENGTH = 100;
// The longest qualifier people write without a comma: "united states of america".
const MAX_QUALIFIER_WORDS = 4;

const DECIMAL = String.raw`[+-]?(?:\d{1,3}(?:\.\d+)?)`;
const COORDINATES = new RegExp(String.raw`^(${DECIMAL})\s*,\s*(${DECIMAL})$`);
const US_ZIP = /^(\d{5})(?:-\d{4})?$/;

/** "40.7128,-74.006" or "40.7128, -74.006" (latitude first), range-checked. */
export function parseCoordinates(input: string): { lat: number; lng: number } | null {
  const match = COORDINATES.exec(input.trim());
  if (!match) return null;
  // `+ 0` turns -0 into 0 so it never prints as "-0.0000".
  const lat = Number(match[1]) + 0;
  const lng = Number(match[2]) + 0;
  if (!(lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180)) return null;
  return { lat, lng };
}

export function resolvePlace(input: string): ResolvedPlace | null {
  if (input.length > MAX_INPUT_LENGTH) return null;
  const text = input.trim();
  if (text === '') return null;

  const coordinates = parseCoordinates(text);
  if (coordinates) {
    return {
      ...coordinates,
      label: `${coordinates.lat.toFixed(4)}, ${coordinates.lng.toFixed(4)}`,
      kind: 'coordinates',
    };
  }

  const zipMatch = US_ZIP.exec(text);
  if (zipMatch) {
    const zip = lookupZip(zipMatch[1]!);
    if (!zip) return null;
    return {
      lat: zip.lat,
      lng: zip.lng,
      label: `${zip.zip} (${zip.city}, ${zip.state})`,
      kind: 'postal_code',
    };
  }

  return resolvePlaceName(text);
}

/** Loads both gazetteers now instead of on the first name lookup (~1.2 s, ~75 MB of heap together). */
export function warmPlaces(): void {
  warmUsZip();
  warmWorldCities();
}

function resolvePlaceName(text: string): ResolvedPlace | null {
  const parts = text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  const [head, ...qualifiers] = parts;
  if (head === undefined) return null;

  if (qualifiers.length > 0) {
    const scopes = intersectScopes(qualifiers.map(scopesForQualifier));
    const found = scopes.length > 0 ? findScoped(placeNameKey(foldText(head)), scopes) : null;
    // A few names contain a comma themselves ("Washington, D.C." in GeoNames).
    return found ?? findUnscoped(placeNameKey(foldText(text)));
  }

  // Without a comma, a trailing state or country is recognised by trying the last words.
  const words = foldText(head).split(' ');
  for (let n = Math.min(MAX_QUALIFIER_WORDS, words.length - 1); n >= 1; n--) {
    const scopes = scopesForQualifier(words.slice(-n).join(' '));
    if (scopes.length === 0) continue;
    const found = findScoped(placeNameKey(words.slice(0, -n).join(' ')), scopes);
    if (found) return found;
  }
  const whole = words.join(' ');
  // A bare region ("UK", "Indiana", "Washington") only resolves to a same-named city inside it
  // ("New York", "Singapore", "Quebec"), never to a namesake elsewhere (Uk, Russia; Indiana, PA).
  const regionScopes = scopesForQualifier(whole);
  if (regionScopes.length > 0) return findScoped(placeNameKey(whole), regionScopes);
  return findUnscoped(placeNameKey(whole));
}

function findScoped(nameKey: string, scopes: readonly Scope[]): ResolvedPlace | null {
  if (nameKey === '') return null;
  for (const scope of scopes) {
    if (scope.country === 'US' && scope.admin) {
      const city = lookupUsCity(nameKey, scope.admin);
      if (city) return { lat: city.lat, lng: city.lng, label: `${city.city}, ${city.state}`, kind: 'place' };
    }
    const city = findWorldCity(nameKey, scope);
    if (city) return worldPlace(city);
  }
  return null;
}

function findUnscoped(nameKey: string): ResolvedPlace | null {
  if (nameKey === '') return null;
  const city = findWorldCity(nameKey);
  return city ? worldPlace(city) : null;
}

function worldPlace(city: WorldCity): ResolvedPlace {
  return {
    lat: city.lat,
    lng: city.lng,
    label: placeLabel(city.name, city.country, city.admin),
    kind: 'place',
  };
}
