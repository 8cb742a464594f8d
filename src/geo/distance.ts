// Search radius parsing and great-circle distance.

export type DistanceUnit = 'km' | 'mi';

export interface Radius {
  meters: number;
  /** The number as given, in `unit`. */
  value: number;
  unit: DistanceUnit;
}

export interface LatLng {
  lat: number;
  lng: number;
}

const METERS_PER: Readonly<Record<DistanceUnit, number>> = { km: 1000, mi: 1609.344 };

// Beyond roughly a day's drive a "nearby" search stops meaning anything, and a bound keeps the
// distance query cheap. The two limits are about the same distance (800 km ~ 497 mi).
const MAX_RADIUS: Readonly<Record<DistanceUnit, number>> = { km: 800, mi: 500 };

/** Mean Earth radius (IUGG). SQL distance must use the same value to agree with this module. */
export const EARTH_RADIUS_METERS = 6_371_008.8;

/**
 * "25mi", "25 mi", "40km", "2.5KM". A unit is required, because a bare number is miles to some
 * users and kilometres to others. Null for anything else, zero, or beyond the limit.
 */
export function parseRadius(input: string): Radius | null {
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*(km|mi)\s*$/i.exec(input);
  if (!match) return null;
  const value = Number(match[1]);
  const unit = match[2]!.toLowerCase() as DistanceUnit;
  if (!(value > 0) || value > MAX_RADIUS[unit]) return null;
  return { meters: value * METERS_PER[unit], value, unit };
}

/** Great-circle distance on a spherical Earth; within 0.5% of the ellipsoidal distance. */
export function haversineMeters(a: LatLng, b: LatLng): number {
  const toRad = Math.PI / 180;
  const dLat = (b.lat - a.lat) * toRad;
  const dLng = (b.lng - a.lng) * toRad;
  const h =
    Math.sin(dLat / 2) ** 2 + Math.cos(a.lat * toRad) * Math.cos(b.lat * toRad) * Math.sin(dLng / 2) ** 2;
  // min() guards against h creeping above 1 through rounding for antipodal points.
  return 2 * EARTH_RADIUS_METERS * Math.asin(Math.min(1, Math.sqrt(h)));
}

/** Meters converted for display, to one decimal: metersTo('mi', 40_233.6) === 25. */
export function metersTo(unit: DistanceUnit, meters: number): number {
  return Math.round((meters / METERS_PER[unit]) * 10) / 10;
}
