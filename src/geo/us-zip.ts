// US ZIP codes and "City, ST" from the `zipcodes` package, a 5 MB module (~0.3 s to load; ~0.55 s
// and ~12 MB of heap kept for the ZIP and city indexes), so it is required on first use rather than
// imported.

import { requireAndForget } from '../lib/require-and-forget.js';
import { foldText, placeNameKey } from './normalize.js';

interface ZipRecord {
  zip: string;
  latitude: number;
  longitude: number;
  city: string;
  state: string;
  country: string;
}

export interface UsPlace {
  /** The city as the ZIP data spells it ("New York", "Saint Louis"). */
  city: string;
  state: string;
  lat: number;
  lng: number;
}

// ZIP code -> its centroid, for the ZIPs that have one (APO/FPO/DPO codes carry 0,0 instead).
let zipTable: Map<string, UsPlace> | undefined;
let cityIndex: Map<string, UsPlace> | undefined;

function zipPlaces(): Map<string, UsPlace> {
  if (zipTable) return zipTable;
  // Only what a lookup needs is kept; the package's own tables are let go.
  const { codes } = requireAndForget<{ codes: Record<string, ZipRecord> }>('zipcodes');
  const built = new Map<string, UsPlace>();
  for (const r of Object.values(codes)) {
    if (r.country === 'US' && !(r.latitude === 0 && r.longitude === 0)) {
      built.set(r.zip, { city: r.city, state: r.state, lat: r.latitude, lng: r.longitude });
    }
  }
  zipTable = built;
  return built;
}

/** Whether the ZIP data has been loaded (it loads on first need). */
export function usZipLoaded(): boolean {
  return zipTable !== undefined;
}

/** The ZIP's centroid; `zip5` must be the five digits. */
export function lookupZip(zip5: string): (UsPlace & { zip: string }) | null {
  const place = zipPlaces().get(zip5);
  return place ? { zip: zip5, ...place } : null;
}

/** Forces the load and index build, e.g. after the server starts listening. */
export function warmUsZip(): void {
  cityIndex ??= buildCityIndex();
}

/** `nameKey` is placeNameKey(foldText(city)); `state` the postal abbreviation. */
export function lookupUsCity(nameKey: string, state: string): UsPlace | null {
  cityIndex ??= buildCityIndex();
  return cityIndex.get(`${nameKey}|${state}`) ?? null;
}

// One point per city: the per-axis median of its distinct ZIP centroids. Distinct, because PO-box
// and single-company ZIPs are all filed at one shared point and would otherwise outvote the
// neighbourhoods; median, because the data has outliers (one "New York" ZIP sits at +73.95 E).
// Checked against GeoNames city centres for the 342 largest US cities that both sources know:
// median error 1.8 km, 90th percentile 5.1 km, worst 9.8 km (first ZIP: 1.8 / 7.6 / 18.6 km;
// mean: 2.5 / 6.0 / 14.1 km).
function buildCityIndex(): Map<string, UsPlace> {
  const groups = new Map<string, { city: string; state: string; points: Map<string, [number, number]> }>();
  for (const r of zipPlaces().values()) {
    const key = `${placeNameKey(foldText(r.city))}|${r.state}`;
    let group = groups.get(key);
    if (!group) {
      group = { city: r.city, state: r.state, points: new Map() };
      groups.set(key, group);
    }
    group.points.set(`${r.lat},${r.lng}`, [r.lat, r.lng]);
  }
  const index = new Map<string, UsPlace>();
  for (const [key, { city, state, points }] of groups) {
    const list = [...points.values()];
    index.set(key, {
      city,
      state,
      lat: roundTo4(median(list.map((p) => p[0]))),
      lng: roundTo4(median(list.map((p) => p[1]))),
    });
  }
  return index;
}

// The ZIP data itself has four decimals (~10 m); the mean of two medians should not claim more.
function roundTo4(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
