// Meeting Guide JSON feeds (Code4Recovery spec, github.com/code4recovery/spec): the format AA
// intergroups and the 12 Step Meeting List plugin publish. A feed is an array of meeting objects; each
// entry becomes one Circles group with one weekly meeting (one per day when `day` is an array).
//
// What the spec says that shapes this mapper:
// - `slug` is the required primary key and may be a string or an integer; some feeds send `id`.
// - `day` is an integer 0 (Sunday) .. 6 (Saturday), or an array of them. Entries without a day are
//   "by appointment"; we do not import those (a Circles meeting has a day).
// - `time`/`end_time` are 'HH:MM' (the schema's pattern also admits 'H:MM'); no end_time means one hour.
// - The feed is for weekly meetings only, so every meeting here is weekly.
// - `latitude`/`longitude` are optional in the spec (Meeting Guide itself geocodes the address). We do
//   not geocode, so in-person and hybrid entries without coordinates are rejected.
// - `approximate: "yes"` marks an address that is only an area (typical of online meetings, which the
//   spec asks to give an approximate "point of origin").
// - Online meetings are those with a `conference_url` and/or `conference_phone`.
import type {
  Access,
  Attendance,
  ContactInput,
  Day,
  GroupInput,
  LocationInput,
  MeetingInput,
  OnlineInput,
} from '../groups/groups.model.js';
import {
  canonicalMeetings,
  checkOptions,
  countryOfRegion,
  DEFAULT_DURATION,
  DURATION_MAX,
  DURATION_MIN,
  durationBetween,
  isHttpUrl,
  NAME_MAX_LENGTH,
  normalizeCountry,
  parseClock,
  readCoordinates,
  sortedUnique,
  text,
  validTimezone,
} from './fields.js';
import type { ImportError, ImportOptions, ImportRow, ListVocabulary } from './imports.model.js';

type TypeEffect = { access?: Access } & { [V in ListVocabulary]?: readonly string[] };

/**
 * Meeting Guide type codes -> our vocabularies. Labels are from the spec's data/types.json. Codes not
 * listed here are ignored: they describe the meeting's format or literature (B Big Book, D Discussion,
 * SP Speaker, ST Step Study, 11, 12x12, ABSI, BE Newcomer, MED, LIT, ...), logistics we have no
 * vocabulary for (BRK Breakfast, CAN Candlelight, OUT Outdoor, SM Smoking Permitted, DB Digital Basket,
 * POA Proof of Attendance, XT Cross Talk Permitted, H Birthday), or audiences we have no code for
 * (P Professionals, AL/AL-AN concurrent with Alateen/Al-Anon). A mapped code the taxonomy lacks is
 * dropped too (see ImportOptions.taxonomyCodes). Language codes are in LANGUAGE_TYPES below; TC and
 * ONL change attendance and are handled in mapEntry.
 */
const TYPE_MAP: Readonly<Record<string, TypeEffect>> = {
  // Access. AA's "Open" meetings welcome anyone; "Closed" ones are for people who want to stop
  // drinking. When a feed says both, closed wins: better a visitor checks first than is turned away.
  O: { access: 'open' }, // Open
  C: { access: 'closed' }, // Closed

  // Conditions (on top of options.defaultConditions).
  DD: { conditions: ['dual_diagnosis'] }, // Dual Diagnosis

  // Affinities: who the meeting is for.
  LGBTQ: { affinities: ['lgbtq'] }, // LGBTQ
  G: { affinities: ['lgbtq'] }, // Gay: we have no narrower code; "gay" is an lgbtq synonym.
  L: { affinities: ['lgbtq'] }, // Lesbian: likewise.
  BI: { affinities: ['lgbtq'] }, // Bisexual (not BIPOC): likewise.
  T: { affinities: ['transgender_nonbinary'] }, // Transgender
  NB: { affinities: ['transgender_nonbinary'] }, // Non-Binary
  W: { affinities: ['women'] }, // Women
  M: { affinities: ['men'] }, // Men
  // Young People: in AA usage adults under ~35, closest to our young_adults (18-30), not youth (13-17).
  Y: { affinities: ['young_adults'] },
  SEN: { affinities: ['seniors'] }, // Seniors
  POC: { affinities: ['bipoc'] }, // People of Color
  N: { affinities: ['indigenous'] }, // Native American
  NDG: { affinities: ['indigenous'] }, // Indigenous
  A: { affinities: ['secular'] }, // Secular (agnostic/atheist meetings)
  'D-HOH': { affinities: ['deaf_hard_of_hearing'] }, // Deaf / Hard of Hearing (a proposed type)

  // Accessibility.
  X: { accessibility: ['wheelchair_accessible'] }, // Wheelchair Access
  XB: { accessibility: ['accessible_restroom'] }, // Wheelchair-Accessible Bathroom
  FF: { accessibility: ['fragrance_free'] }, // Fragrance Free
  BA: { accessibility: ['childcare'] }, // Babysitting Available: exactly our childcare.
  // Child-Friendly: children may come along. Our childcare term lists "kids welcome" as a synonym,
  // so it is the closest code, though it promises more (someone looks after them) than CF does.
  CF: { accessibility: ['childcare'] },
  // American Sign Language: interpreted (or signed) meeting; also the language ase. ASL does not count
  // as the spoken language, so an ASL meeting without a language code is still ['ase', 'en'].
  ASL: { accessibility: ['asl_interpretation'], languages: ['ase'] },
};

/**
 * Meeting Guide language codes -> BCP 47. The spec mixes ISO 639-1 (EN, FR, DE), three-letter codes
 * (ITA, KOR, POL, POR, PUN, RUS, TUR) and S for Spanish. All are listed so that a language added to our
 * taxonomy later is picked up; today's taxonomy keeps en, es, fr, ko, tl, ar, ru, pt (and ase, above).
 */
const LANGUAGE_TYPES: Readonly<Record<string, string>> = {
  AF: 'af', // Afrikaans
  AM: 'am', // Amharic
  AR: 'ar', // Arabic
  BG: 'bg', // Bulgarian
  DA: 'da', // Danish
  DE: 'de', // German
  EL: 'el', // Greek
  EN: 'en', // English
  FA: 'fa', // Persian
  FI: 'fi', // Finnish
  FR: 'fr', // French
  HE: 'he', // Hebrew
  HI: 'hi', // Hindi
  HR: 'hr', // Croatian
  HU: 'hu', // Hungarian
  IS: 'is', // Icelandic
  ITA: 'it', // Italian
  JA: 'ja', // Japanese
  KA: 'ka', // Georgian
  KOR: 'ko', // Korean
  LT: 'lt', // Lithuanian
  ML: 'ml', // Malayalam
  MT: 'mt', // Maltese
  NE: 'ne', // Nepali
  NL: 'nl', // Dutch
  NO: 'no', // Norwegian
  POL: 'pl', // Polish
  POR: 'pt', // Portuguese
  PUN: 'pa', // Punjabi
  RUS: 'ru', // Russian
  S: 'es', // Spanish
  SK: 'sk', // Slovak
  SL: 'sl', // Slovenian
  SV: 'sv', // Swedish
  TH: 'th', // Thai
  TL: 'tl', // Tagalog
  TUR: 'tr', // Turkish
  UK: 'uk', // Ukrainian
};

/**
 * TC, "Location Temporarily Closed": the building is closed. With a conference URL or phone the
 * meeting goes on online (attendance 'online', the address kept only as an approximate area); without
 * one the group is paused (temporarily_closed, which in Circles means "not meeting for now").
 */
const TEMPORARILY_CLOSED = 'TC';
/**
 * ONL, "Online": not in the spec's list, but the 12 Step Meeting List plugin and many feeds send it.
 * It marks the meeting as online even when the join details are only in the notes.
 */
const ONLINE = 'ONL';

const DAY_BY_NUMBER: readonly Day[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/** Sorted lists of the type codes this mapper understands (documentation and tests). */
export const MAPPED_TYPE_CODES = {
  vocabularies: Object.keys(TYPE_MAP).sort(),
  languages: Object.keys(LANGUAGE_TYPES).sort(),
  attendance: [ONLINE, TEMPORARILY_CLOSED],
} as const;

/**
 * Maps a parsed Meeting Guide feed (the JSON array) to one ImportRow per entry, in feed order. Bad
 * entries become rows with every problem found; only input that is not an array (or options that are
 * wrong) throws. The same feed always maps to equal GroupInput objects.
 */
export function parseMeetingGuideFeed(input: unknown, options: ImportOptions): ImportRow[] {
  if (!Array.isArray(input)) {
    const got = input === null ? 'null' : typeof input;
    throw new Error(`A Meeting Guide feed must be a JSON array of meetings, got ${got}`);
  }
  checkOptions(options);
  const firstIndexOf = new Map<string, number>();
  return input.map((entry: unknown, index) => mapEntry(entry, index, options, firstIndexOf));
}

type Entry = Record<string, unknown>;

function mapEntry(
  entry: unknown,
  index: number,
  options: ImportOptions,
  firstIndexOf: Map<string, number>,
): ImportRow {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    return {
      index,
      externalId: null,
      ok: false,
      errors: [{ field: '(entry)', reason: 'must be an object' }],
    };
  }
  const e = entry as Entry;
  const errors: ImportError[] = [];

  const externalId = text(e.slug) ?? text(e.id);
  if (externalId === null) {
    errors.push({ field: 'slug', reason: 'is required (a string or integer; or an id)' });
  } else {
    const first = firstIndexOf.get(externalId);
    if (first === undefined) firstIndexOf.set(externalId, index);
    else errors.push({ field: 'slug', reason: `"${externalId}" is also the slug of entry ${first}` });
  }

  const name = typeof e.name === 'string' ? e.name.trim() : '';
  if (name === '') errors.push({ field: 'name', reason: 'is required' });
  else if ([...name].length > NAME_MAX_LENGTH) {
    errors.push({ field: 'name', reason: `must be at most ${NAME_MAX_LENGTH} characters` });
  }

  const types = readTypes(e.types, errors);
  const codes = mapTypes(types, options);

  // Online: a way to join, or at least the ONL type.
  const conferenceUrl = text(e.conference_url);
  if (conferenceUrl !== null && !isHttpUrl(conferenceUrl)) {
    errors.push({ field: 'conference_url', reason: 'must be an http(s) URL' });
  }
  const dialIn = text(e.conference_phone);
  const isOnline = conferenceUrl !== null || dialIn !== null || types.has(ONLINE);
  const locationClosed = types.has(TEMPORARILY_CLOSED);

  // Place: atomic address fields first, formatted_address fills what they leave out.
  const { point, invalid: pointInvalid } = readCoordinates(
    e.latitude,
    e.longitude,
    { lat: 'latitude', lng: 'longitude' },
    errors,
  );
  const address = readAddress(e, errors);
  const hasPlace = point !== null || address.street !== null || address.locality !== null;
  const approximateFlag = readYesNo(e.approximate);
  // An address without a street is only an area, whatever the flag says is missing. A closed building
  // an online meeting still names is shown as an area too: nobody should go there.
  const approximate = (approximateFlag ?? address.street === null) || (locationClosed && isOnline);

  const physical = hasPlace && !approximate && !locationClosed;
  const attendance: Attendance = isOnline ? (physical ? 'hybrid' : 'online') : 'in_person';

  let location: LocationInput | null = null;
  if (attendance !== 'online') {
    if (point === null) {
      if (!pointInvalid) {
        const kind = attendance === 'hybrid' ? 'hybrid' : 'in-person';
        errors.push({ field: 'location.lat', reason: `coordinates are required for ${kind} meetings` });
      }
    } else {
      if (address.locality === null) {
        errors.push({ field: 'location.locality', reason: 'a city (city or formatted_address) is required' });
      }
      if (address.country === null && !address.countryInvalid) {
        errors.push({
          field: 'location.country',
          reason: 'a country (country, state or formatted_address) is required',
        });
      }
    }
  }
  if (point !== null && address.locality !== null && address.country !== null) {
    location = {
      street: address.street,
      locality: address.locality,
      region: address.region,
      postal_code: address.postalCode,
      country: address.country,
      lat: point.lat,
      lng: point.lng,
      approximate,
    };
  }
  // An online meeting with an incomplete place keeps no location (a location needs a city, a country and
  // coordinates); its timezone must then come from the feed or the options.

  // Timezone: the entry's, else derived from the location's coordinates when the group is stored
  // (left null here), else the import's default. Online-only groups cannot do without one.
  let timezone = validTimezone(e.timezone);
  if (timezone === null && location === null) {
    timezone = options.defaultTimezone ?? null;
    if (timezone === null && attendance === 'online') {
      const given = text(e.timezone);
      errors.push({
        field: 'timezone',
        reason:
          given === null
            ? 'is required for online meetings without coordinates (in the feed or as the default timezone)'
            : `"${given}" is not an IANA timezone, and there are no coordinates to derive one from`,
      });
    }
  }

  const meetings = readMeetings(e, errors);

  const website = text(e.url);
  if (website !== null && !isHttpUrl(website))
    errors.push({ field: 'url', reason: 'must be an http(s) URL' });

  if (errors.length > 0) return { index, externalId, ok: false, errors };

  const online: OnlineInput | null = isOnline
    ? {
        url: conferenceUrl,
        dial_in: dialIn,
        notes: joinNotes(text(e.conference_url_notes), text(e.conference_phone_notes)),
      }
    : null;
  const paused = locationClosed && !isOnline;

  const group: GroupInput = {
    external_id: externalId,
    slug: null,
    name,
    description: typeof e.notes === 'string' ? e.notes.trim() : '',
    conditions: sortedUnique([...options.defaultConditions, ...codes.conditions]),
    affinities: codes.affinities,
    attendance,
    facilitation: 'peer_led',
    access: codes.access,
    cost: 'free', // Meeting Guide meetings are free; the 7th Tradition basket is voluntary.
    languages: codes.languages,
    accessibility: codes.accessibility,
    age_min: null,
    age_max: null,
    location,
    online,
    contact: readContact(e),
    website,
    timezone,
    temporarily_closed: paused,
    closed_note: paused ? 'The meeting location is temporarily closed.' : null,
    last_verified_at: readUpdated(e.updated),
    meetings,
  };
  return { index, externalId, ok: true, group };
}

function readTypes(value: unknown, errors: ImportError[]): Set<string> {
  if (value === undefined || value === null) return new Set();
  if (!Array.isArray(value)) {
    errors.push({ field: 'types', reason: 'must be an array of type codes' });
    return new Set();
  }
  // Numbers are accepted for the numeric code "11".
  return new Set(value.map(text).filter((code): code is string => code !== null));
}

interface MappedCodes {
  access: Access;
  conditions: string[];
  affinities: string[];
  languages: string[];
  accessibility: string[];
}

function mapTypes(types: Set<string>, options: ImportOptions): MappedCodes {
  const found: Record<ListVocabulary, string[]> = {
    conditions: [],
    affinities: [],
    languages: [],
    accessibility: [],
  };
  let closed = false;
  let spokenLanguage = false;
  for (const type of types) {
    const effect = TYPE_MAP[type];
    if (effect) {
      if (effect.access === 'closed') closed = true;
      for (const vocabulary of ['conditions', 'affinities', 'languages', 'accessibility'] as const) {
        found[vocabulary].push(...(effect[vocabulary] ?? []));
      }
    }
    const language = LANGUAGE_TYPES[type];
    if (language !== undefined) {
      found.languages.push(language);
      spokenLanguage = true;
    }
  }
  // No language code: the feed's default, English. A language code we have no term for (say German)
  // leaves the list without it rather than claiming English.
  if (!spokenLanguage) found.languages.push('en');
  const known = (vocabulary: ListVocabulary) => {
    const codes = options.taxonomyCodes[vocabulary]!;
    return sortedUnique(found[vocabulary].filter((code) => codes.has(code)));
  };
  return {
    // Neither O nor C: open. Feeds mark closed meetings; an unmarked one is usually open.
    access: closed ? 'closed' : 'open',
    conditions: known('conditions'),
    affinities: known('affinities'),
    languages: known('languages'),
    accessibility: known('accessibility'),
  };
}

interface Address {
  street: string | null;
  locality: string | null;
  region: string | null;
  postalCode: string | null;
  country: string | null;
  countryInvalid: boolean;
}

function readAddress(e: Entry, errors: ImportError[]): Address {
  const formatted = text(e.formatted_address);
  const parsed = formatted !== null ? splitFormattedAddress(formatted) : null;
  const street = text(e.address) ?? parsed?.street ?? null;
  const locality = text(e.city) ?? parsed?.locality ?? null;
  const region = text(e.state) ?? parsed?.region ?? null;
  const postalCode = text(e.postal_code) ?? parsed?.postalCode ?? null;
  let country: string | null = null;
  let countryInvalid = false;
  const countryText = text(e.country);
  if (countryText !== null) {
    country = normalizeCountry(countryText);
    if (country === null) {
      errors.push({ field: 'country', reason: `"${countryText}" is not a known country` });
      countryInvalid = true;
    }
  } else {
    country = parsed?.country ?? (region !== null ? countryOfRegion(region) : null);
  }
  return { street, locality, region, postalCode, country, countryInvalid };
}

const POSTAL_CODE_AT_END = /^(.*?)\s*\b(\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z] ?\d[A-Za-z]\d)$/;

/**
 * Best-effort split of a one-line address as geocoders write it: "4953 W Addison St, Chicago, IL 60641,
 * USA", "Wicker Park, Chicago, IL, USA", "Chicago, IL, USA", "Toronto, ON M5V 2T6, Canada".
 */
function splitFormattedAddress(value: string): Omit<Address, 'countryInvalid'> {
  const parts = value
    .split(',')
    .map((p) => p.trim())
    .filter((p) => p !== '');
  let country: string | null = null;
  let region: string | null = null;
  let postalCode: string | null = null;
  // A last part that reads as a state ("IL", "Georgia") is a state, not a country (Israel, Georgia).
  const last = parts.at(-1);
  if (parts.length > 1 && last !== undefined && countryOfRegion(last) === null) {
    country = normalizeCountry(last);
    if (country !== null) parts.pop();
  }
  const tail = parts.at(-1);
  if (parts.length > 1 && tail !== undefined) {
    const m = POSTAL_CODE_AT_END.exec(tail);
    if (m) {
      region = m[1] || null;
      postalCode = m[2] ?? null;
      parts.pop();
    } else if (countryOfRegion(tail) !== null) {
      region = tail;
      parts.pop();
    }
  }
  const locality = parts.pop() ?? null;
  const street = parts.length > 0 ? parts.join(', ') : null;
  country ??= region !== null ? countryOfRegion(region) : null;
  return { street, locality, region, postalCode, country };
}

function readMeetings(e: Entry, errors: ImportError[]): MeetingInput[] {
  const days: Day[] = [];
  if (e.day === undefined || e.day === null || e.day === '') {
    errors.push({ field: 'day', reason: 'is required (meetings by appointment are not imported)' });
  } else {
    const values = Array.isArray(e.day) ? e.day : [e.day];
    if (values.length === 0) errors.push({ field: 'day', reason: 'must not be an empty array' });
    for (const value of values) {
      const number = typeof value === 'string' && /^\s*\d\s*$/.test(value) ? Number(value) : value;
      const day = typeof number === 'number' && Number.isInteger(number) ? DAY_BY_NUMBER[number] : undefined;
      if (day === undefined) {
        errors.push({
          field: 'day',
          reason: `${JSON.stringify(value)} is not a day from 0 (Sunday) to 6 (Saturday)`,
        });
      } else days.push(day);
    }
  }

  const timeText = text(e.time);
  const start = timeText === null ? null : parseClock(timeText);
  if (timeText === null) errors.push({ field: 'time', reason: 'is required' });
  else if (start === null)
    errors.push({ field: 'time', reason: `"${timeText}" is not a 24-hour HH:MM time` });

  let duration = DEFAULT_DURATION;
  const endText = text(e.end_time);
  if (endText !== null) {
    const end = parseClock(endText);
    if (end === null) errors.push({ field: 'end_time', reason: `"${endText}" is not a 24-hour HH:MM time` });
    else if (start !== null) {
      duration = durationBetween(start, end);
      if (duration < DURATION_MIN || duration > DURATION_MAX) {
        errors.push({
          field: 'end_time',
          reason: `makes the meeting ${duration} minutes long; it must be ${DURATION_MIN} to ${DURATION_MAX}`,
        });
      }
    }
  }
  if (start === null) return [];
  return canonicalMeetings(
    days.map((day) => ({
      frequency: 'weekly',
      day,
      week_of_month: null,
      start_time: start,
      duration_minutes: duration,
    })),
  );
}

function readYesNo(value: unknown): boolean | undefined {
  if (value === true || value === false) return value;
  const t = typeof value === 'string' ? value.trim().toLowerCase() : '';
  if (t === 'yes' || t === 'true' || t === '1') return true;
  if (t === 'no' || t === 'false' || t === '0') return false;
  return undefined;
}

/** The first contact (the spec allows three; a group has one). First names only, per the spec. */
function readContact(e: Entry): ContactInput | null {
  const contact = {
    name: text(e.contact_1_name),
    email: text(e.contact_1_email),
    phone: text(e.contact_1_phone),
  };
  return contact.name === null && contact.email === null && contact.phone === null ? null : contact;
}

/**
 * `updated` is the listing's last change, UTC 'YYYY-MM-DD HH:MM:SS'. Someone edited the listing then,
 * which is the best "last verified" a feed offers. Unparseable values are ignored.
 */
function readUpdated(value: unknown): Date | null {
  const t = text(value);
  const m = t === null ? null : /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})Z?$/.exec(t);
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m.map(Number) as [number, number, number, number, number, number, number];
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Reject rollovers such as 2024-02-31.
  return date.getUTCMonth() === mo - 1 && date.getUTCDate() === d && h < 24 && mi < 60 && s < 60
    ? date
    : null;
}

function joinNotes(...notes: (string | null)[]): string | null {
  const present = notes.filter((n): n is string => n !== null);
  return present.length > 0 ? present.join('\n') : null;
}
