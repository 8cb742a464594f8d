// Fixtures for the importer tests: the taxonomy as ImportOptions want it, and a deterministic,
// realistic Meeting Guide feed (AA-style names, US cities with real coordinates, the type codes feeds
// actually use, in-person/hybrid/online/temporarily-closed entries, some `day` arrays).
import { loadCities, loadTaxonomy, type SeedCity } from '../../../seeds/data.js';
import type { ImportOptions } from '../../../src/modules/imports/imports.model.js';

/** Vocabulary name -> codes, from seeds/taxonomy/*.json. */
export function taxonomyCodes(): Record<string, Set<string>> {
  return Object.fromEntries(loadTaxonomy().map((v) => [v.vocabulary, new Set(v.terms.map((t) => t.code))]));
}

/** Options for an AA intergroup's feed. */
export function aaOptions(overrides: Partial<ImportOptions> = {}): ImportOptions {
  return { defaultConditions: ['alcohol'], taxonomyCodes: taxonomyCodes(), ...overrides };
}

export interface FeedOptions {
  /** How many entries to break on purpose (spread evenly; see invalidPositions and INVALID_KINDS). */
  invalid?: number;
}

/** The defects `invalid` entries get, in turn, with the field the mapper should name. */
export const INVALID_KINDS = [
  { kind: 'no slug or id', field: 'slug' },
  { kind: 'time "7pm"', field: 'time' },
  { kind: 'day 7', field: 'day' },
  { kind: 'latitude 95', field: 'latitude' },
  { kind: 'in person without coordinates', field: 'location.lat' },
  { kind: 'conference_url ftp://', field: 'conference_url' },
  { kind: 'empty name', field: 'name' },
] as const;

/** Positions of the deliberately invalid entries in a feed of `count` with `invalid` of them. */
export function invalidPositions(count: number, invalid: number): number[] {
  const n = Math.min(invalid, count);
  return Array.from({ length: n }, (_, k) => Math.floor(((k + 0.5) * count) / n));
}

const NAMES = [
  'Sunday Serenity',
  'Happy Destiny',
  'Keep It Simple',
  'Came to Believe',
  'Early Birds',
  'Nooners',
  'Big Book Study',
  'Primary Purpose',
  'Language of the Heart',
  'Design for Living',
  'Into Action',
  'Freedom Group',
  'One Day at a Time',
  'Spiritual Awakening',
  'Back to Basics',
  'Serenity Seekers',
  'Steps to Freedom',
  'Women in Recovery',
  'Mens Stag',
  'Young People in AA',
  'Grupo Nueva Vida',
  'Rainbow Sobriety',
];
const PLACES = [
  "St. Mark's Church",
  'Alano Club',
  'Community Center',
  'Public Library',
  'Fellowship Hall',
  'First Methodist Church',
  'Recovery Club',
  'Senior Center',
];
const STREETS = [
  'Main St',
  'Oak Ave',
  'Maple St',
  'Park Blvd',
  'Church St',
  'Washington Ave',
  'Lincoln Way',
  'Elm St',
  'Broadway',
  'Cedar Ln',
];
const NOTES = [
  'Ring buzzer. Meeting is on the 2nd floor.',
  'Use the side entrance by the parking lot.',
  'Coffee at 6:30.',
  '',
  'Literature available. Newcomers welcome.',
  'Basement meeting room; follow the signs.',
];
const FORMAT_TYPES = ['B', 'D', 'SP', 'ST', 'BE', '11', '12x12', 'LIT', 'MED', 'DR', 'TR', 'ABSI'];
const AUDIENCE_TYPES = [
  'W',
  'M',
  'Y',
  'LGBTQ',
  'G',
  'L',
  'T',
  'NB',
  'POC',
  'SEN',
  'A',
  'N',
  'NDG',
  'BI',
  'DD',
];
const ACCESS_TYPES = ['X', 'XB', 'FF', 'BA', 'CF', 'ASL'];
const LANGUAGE_TYPES = ['S', 'S', 'S', 'FR', 'KOR', 'RUS', 'POR', 'DE'];
const START_TIMES = [
  '06:30',
  '07:00',
  '07:30',
  '10:00',
  '12:00',
  '12:15',
  '17:30',
  '18:00',
  '19:00',
  '19:30',
  '20:00',
  '22:30',
];
const DURATIONS = [60, 60, 60, 90, 90, 75];

/** mulberry32: small, fast and the same on every platform. */
function random(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
  const chance = (p: number) => next() < p;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  return { next, pick, chance, int };
}

function slugify(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

function clock(minutes: number): string {
  const m = ((minutes % 1440) + 1440) % 1440;
  return `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;
}

let usCities: SeedCity[] | undefined;

/**
 * A deterministic Meeting Guide feed of `count` entries: the same (count, seed) always gives the same
 * array. About 60% in person, 20% hybrid, 15% online, 5% at a temporarily closed location; 10% meet on
 * several days. Every entry is valid unless `options.invalid` asks for broken ones.
 */
export function meetingGuideFeed(count: number, seed = 1, options: FeedOptions = {}): unknown[] {
  usCities ??= loadCities().filter((c) => c.country === 'US');
  const cities = usCities;
  const r = random(seed);
  const feed: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const city = r.pick(cities);
    const postal = r.pick(city.postal_codes);
    const [pLat, pLng] = city.postal_code_points[postal] ?? [city.lat, city.lng];
    const name = r.pick(NAMES);
    const types = new Set<string>();
    for (let k = r.int(1, 3); k > 0; k--) types.add(r.pick(FORMAT_TYPES));
    const accessRoll = r.next();
    if (accessRoll < 0.6) types.add('O');
    else if (accessRoll < 0.9) types.add('C');
    if (r.chance(0.25)) types.add(r.pick(AUDIENCE_TYPES));
    if (r.chance(0.3)) types.add(r.pick(ACCESS_TYPES));
    if (r.chance(0.15)) types.add(r.pick(LANGUAGE_TYPES));
    else if (r.chance(0.1)) types.add('EN');

    const start = r.pick(START_TIMES);
    const [h, m] = start.split(':').map(Number) as [number, number];
    const entry: Record<string, unknown> = {
      name,
      slug: `${slugify(name)}-${i + 1}`,
      day: r.chance(0.1) ? [...new Set(Array.from({ length: r.int(2, 5) }, () => r.int(0, 6)))] : r.int(0, 6),
      time: start,
      notes: r.pick(NOTES),
      updated: `2024-${String(r.int(1, 12)).padStart(2, '0')}-${String(r.int(1, 28)).padStart(2, '0')} ${clock(r.int(0, 1439))}:00`,
      group: `${name} Group`,
      url: `https://aa-intergroup.example.org/meetings/${slugify(name)}-${i + 1}`,
    };
    if (r.chance(0.85)) entry.end_time = clock(h * 60 + m + r.pick(DURATIONS));
    // Some feeds send integer ids instead of slugs.
    if (r.chance(0.05)) {
      delete entry.slug;
      entry.id = 10_000 + i;
    }

    const mode = r.next();
    const jitter = () => (r.next() - 0.5) * 0.01;
    const lat = Math.round((pLat + jitter()) * 1e5) / 1e5;
    const lng = Math.round((pLng + jitter()) * 1e5) / 1e5;
    const street = `${r.int(100, 9999)} ${r.pick(STREETS)}`;
    const zoom = `https://zoom.us/j/${r.int(100_000_000, 999_999_999)}`;
    if (mode < 0.8) {
      // In person (and hybrid from 0.6): a street address with coordinates, as TSML exports them.
      Object.assign(entry, {
        location: r.pick(PLACES),
        address: street,
        city: city.name,
        state: city.region,
        postal_code: postal,
        country: r.chance(0.5) ? 'US' : 'USA',
        latitude: r.chance(0.1) ? String(lat) : lat,
        longitude: r.chance(0.1) ? String(lng) : lng,
        approximate: 'no',
      });
      if (r.chance(0.2)) {
        delete entry.address;
        delete entry.city;
        delete entry.state;
        delete entry.postal_code;
        delete entry.country;
        entry.formatted_address = `${street}, ${city.name}, ${city.region} ${postal}, USA`;
      }
      if (mode >= 0.6) {
        Object.assign(entry, { conference_url: zoom, conference_url_notes: 'Password: serenity' });
        if (r.chance(0.5))
          entry.conference_phone = `+1646558${r.int(1000, 9999)},,${r.int(100000000, 999999999)}#`;
      }
    } else if (mode < 0.95) {
      // Online: an approximate point of origin; sometimes only a timezone.
      Object.assign(entry, { conference_url: zoom, approximate: 'yes', timezone: city.timezone });
      if (r.chance(0.7)) {
        Object.assign(entry, {
          formatted_address: `${city.name}, ${city.region}, USA`,
          latitude: city.lat,
          longitude: city.lng,
        });
      }
      if (r.chance(0.3)) types.add('ONL');
    } else {
      // Location temporarily closed; half of these moved online.
      types.add('TC');
      Object.assign(entry, {
        location: r.pick(PLACES),
        address: street,
        city: city.name,
        state: city.region,
        postal_code: postal,
        country: 'US',
        latitude: lat,
        longitude: lng,
      });
      if (r.chance(0.5)) entry.conference_url = zoom;
    }
    entry.types = [...types];
    feed.push(entry);
  }

  const positions = invalidPositions(count, options.invalid ?? 0);
  positions.forEach((position, k) => {
    const entry = feed[position]!;
    const defect = INVALID_KINDS[k % INVALID_KINDS.length]!;
    switch (defect.field) {
      case 'slug':
        delete entry.slug;
        delete entry.id;
        break;
      case 'time':
        entry.time = '7pm';
        break;
      case 'day':
        entry.day = 7;
        break;
      case 'latitude':
        entry.latitude = 95;
        entry.longitude ??= -80;
        break;
      case 'location.lat':
        delete entry.latitude;
        delete entry.longitude;
        delete entry.conference_url;
        delete entry.conference_phone;
        entry.types = (entry.types as string[]).filter((t) => t !== 'ONL');
        entry.address ??= '100 Main St';
        entry.approximate = 'no';
        break;
      case 'conference_url':
        entry.conference_url = 'ftp://zoom.example/123';
        break;
      case 'name':
        entry.name = '   ';
        break;
    }
  });
  return feed;
}
