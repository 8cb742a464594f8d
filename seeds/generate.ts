// The deterministic demo and benchmark directory: the same options give byte-identical output
// (with the same @faker-js/faker version), so demo data, benchmarks and tests agree on what exists.
// Everything random comes from one seeded Faker instance per call; the reference date is fixed
// rather than Date.now() for the same reason.
import { en, en_US, es, Faker } from '@faker-js/faker';
import { slugify } from '../src/lib/text.js';
import {
  type Access,
  type Attendance,
  type ContactInput,
  type Cost,
  DAYS,
  type Day,
  type Facilitation,
  type GroupInput,
  type GroupStatus,
  type LocationInput,
  type MeetingInput,
  type OnlineInput,
  type OrganizationInput,
  type TimeOfDay,
} from '../src/modules/groups/groups.model.js';
import { loadCities, type SeedCity } from './data.js';
import {
  AFFINITY_WORDS,
  CONDITION_WEIGHTS,
  CONDITION_WORDS,
  DAY_NAMES,
  LANGUAGE_NAMES,
  LIVING_WITH,
  NATIONAL_ORG_WORDS,
  ORDINALS,
  PAIRABLE_CONDITIONS,
  RELATED_CONDITIONS,
  TIME_OF_DAY_NAMES,
  UK_STREET_TYPES,
  UK_STREETS,
  US_STREET_TYPES,
  US_STREETS,
} from './vocabulary.js';

export {
  loadCities,
  loadTaxonomy,
  repoRoot,
  type SeedCity,
  type TaxonomyTerm,
  type TaxonomyVocabulary,
  VOCABULARIES,
  vocabularyCodes,
} from './data.js';

export interface GeneratedOrganization extends OrganizationInput {
  /** Stable key ('org-0001') that groups refer to before the organization has a database id. */
  key: string;
}

export interface GeneratedGroup extends GroupInput {
  organization_key: string;
  status: GroupStatus;
}

export interface GeneratedDirectory {
  organizations: GeneratedOrganization[];
  groups: GeneratedGroup[];
}

export type GeneratedBatch =
  | { kind: 'organizations'; organizations: GeneratedOrganization[] }
  | { kind: 'groups'; groups: GeneratedGroup[] };

export interface GenerateOptions {
  groups: number;
  seed?: number;
}

export interface GenerateBatchOptions extends GenerateOptions {
  batchSize: number;
}

export const DEFAULT_SEED = 1;
/** 'Now' for generated data: verification dates fall in the 400 days before it (seeding moves them to today). */
export const REFERENCE_DATE = new Date('2026-01-01T00:00:00.000Z');
/** The demo data set is generateDirectory({ groups: DEMO_GROUPS }). */
export const DEMO_GROUPS = 600;
const GROUPS_PER_ORGANIZATION = 8;
// Mostly recent; some stale (over 180 days) and a few past a year, which search hides (README: freshness).
const VERIFIED_WITHIN_DAYS = 400;

/** How many organizations a directory of `groups` groups has. */
export function organizationCount(groups: number): number {
  return Math.max(1, Math.round(groups / GROUPS_PER_ORGANIZATION));
}

/** The whole directory in memory. Fine for the demo; for 100,000 groups prefer generateGroupBatches. */
export function generateDirectory(options: GenerateOptions): GeneratedDirectory {
  const organizations: GeneratedOrganization[] = [];
  const groups: GeneratedGroup[] = [];
  for (const batch of generateGroupBatches({ ...options, batchSize: 10_000 })) {
    if (batch.kind === 'organizations') organizations.push(...batch.organizations);
    else groups.push(...batch.groups);
  }
  return { organizations, groups };
}

/**
 * The same directory as generateDirectory, in batches of at most `batchSize`: every organization
 * batch comes before the first group batch, so a loader can insert them in order. The batch size
 * changes only how the output is cut, never what it contains.
 */
export function* generateGroupBatches(
  options: GenerateBatchOptions,
): Generator<GeneratedBatch, void, undefined> {
  const { groups, batchSize } = options;
  if (!Number.isSafeInteger(groups) || groups < 0)
    throw new RangeError('groups must be a non-negative integer');
  if (!Number.isSafeInteger(batchSize) || batchSize < 1) {
    throw new RangeError('batchSize must be a positive integer');
  }
  const generator = new DirectoryGenerator(options.seed ?? DEFAULT_SEED);
  if (groups === 0) return;

  const organizations = generator.organizations(organizationCount(groups));
  for (let i = 0; i < organizations.length; i += batchSize) {
    yield { kind: 'organizations', organizations: organizations.slice(i, i + batchSize).map((o) => o.org) };
  }
  let batch: GeneratedGroup[] = [];
  for (let i = 0; i < groups; i++) {
    batch.push(generator.group(i));
    if (batch.length === batchSize) {
      yield { kind: 'groups', groups: batch };
      batch = [];
    }
  }
  if (batch.length > 0) yield { kind: 'groups', groups: batch };
}

// ---------------------------------------------------------------------------------------------
// Randomness

interface Table<T> {
  items: T[];
  cumulative: number[];
  total: number;
}

function table<T>(entries: readonly (readonly [T, number])[]): Table<T> {
  const items: T[] = [];
  const cumulative: number[] = [];
  let total = 0;
  for (const [item, weight] of entries) {
    total += weight;
    items.push(item);
    cumulative.push(total);
  }
  return { items, cumulative, total };
}

class Random {
  constructor(readonly faker: Faker) {}

  /** Uniform in [0, 1). */
  next(): number {
    return this.faker.number.float();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  weighted<T>(t: Table<T>): T {
    const r = this.next() * t.total;
    const { cumulative } = t;
    let i = 0;
    while (i < cumulative.length - 1 && r >= cumulative[i]!) i++;
    return t.items[i]!;
  }

  /** Up to `count` distinct items in random order. */
  sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items];
    const out: T[] = [];
    while (out.length < count && pool.length > 0) out.push(pool.splice(this.int(pool.length), 1)[0]!);
    return out;
  }

  digits(pattern: string): string {
    return pattern.replace(/#/g, () => String(this.int(10)));
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed tables

const ATTENDANCE_MIX = table<Attendance>([
  ['in_person', 55],
  ['online', 30],
  ['hybrid', 15],
]);
const FACILITATION_MIX = table<Facilitation>([
  ['peer_led', 65],
  ['co_facilitated', 20],
  ['professional', 15],
]);
const ACCESS_MIX = table<Access>([
  ['open', 68],
  ['registration', 22],
  ['closed', 10],
]);
const PEER_COST_MIX = table<Cost>([
  ['free', 72],
  ['donation', 18],
  ['sliding_scale', 6],
  ['fee', 4],
]);
const PROFESSIONAL_COST_MIX = table<Cost>([
  ['fee', 35],
  ['sliding_scale', 30],
  ['free', 20],
  ['donation', 15],
]);
const DAY_MIX = table<Day>([
  ['mon', 14],
  ['tue', 16],
  ['wed', 16],
  ['thu', 16],
  ['fri', 9],
  ['sat', 14],
  ['sun', 13],
]);
const START_TIMES = table<string>([
  ['07:00', 3],
  ['07:30', 2],
  ['08:00', 2],
  ['09:00', 3],
  ['10:00', 5],
  ['10:30', 4],
  ['11:00', 3],
  ['12:00', 5],
  ['12:30', 3],
  ['13:00', 2],
  ['13:30', 3],
  ['14:00', 3],
  ['15:00', 2],
  ['16:00', 2],
  ['17:30', 4],
  ['18:00', 9],
  ['18:30', 9],
  ['19:00', 12],
  ['19:30', 9],
  ['20:00', 6],
  ['21:00', 3],
  ['21:30', 3],
  ['22:00', 2],
]);
const DURATIONS = table<number>([
  [60, 45],
  [75, 15],
  [90, 40],
]);
const WEEKS_OF_MONTH = table<number>([
  [1, 3],
  [2, 2],
  [3, 3],
  [4, 1],
  [-1, 2],
]);
const CONDITIONS = table(CONDITION_WEIGHTS);
const AFFINITIES = table(
  Object.entries(AFFINITY_WORDS)
    .filter(([code]) => code !== 'deaf_hard_of_hearing')
    .map(([code, words]) => [code, words.weight] as const),
);
const SECOND_AFFINITIES = table<string>([
  ['women', 9],
  ['young_adults', 8],
  ['men', 5],
  ['seniors', 5],
  ['youth', 3],
  ['students', 3],
  ['parents', 3],
]);
const ORG_CONDITION_FOCUS = Object.keys(CONDITION_WORDS).filter((code) => CONDITION_WORDS[code]!.org);
const ORG_AFFINITY_FOCUS = Object.keys(AFFINITY_WORDS).filter((code) => AFFINITY_WORDS[code]!.org);
const ONLINE_OTHER_LANGUAGES = ['zh', 'vi', 'ko', 'tl', 'ar', 'ru', 'pt', 'ht', 'fr'];
const CLOSED_NOTES = [
  'On a summer break; meetings resume in September.',
  'Paused over the holidays; back in mid-January.',
  'Taking a short break while we train new facilitators.',
  'Paused while our facilitator is on leave; please check back next month.',
];
const CLOSED_NOTES_IN_PERSON = ['Paused while we move to a new meeting space.'];
const ONLINE_NOTES = [
  'Cameras are optional.',
  'The waiting room opens ten minutes before the meeting.',
  'Please join from a private space if you can.',
  'You can join by phone if video is not an option.',
  'Use your first name or a nickname; no real names needed.',
];
const ONLINE_NOTES_ES = [
  'La cámara es opcional.',
  'La sala de espera se abre diez minutos antes de la reunión.',
  'Si puedes, conéctate desde un lugar privado.',
];

// ---------------------------------------------------------------------------------------------
// Text helpers

const pad = (n: number, width: number) => String(n).padStart(width, '0');

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
/** 'the Heights' -> 'The Heights' at the start of a name; other places unchanged. */
const placeInName = (place: string) => capitalize(place);
/** Spanish text drops the English article: 'en Mission District', not 'en the Mission District'. */
const placeInSpanish = (place: string) => place.replace(/^the /, '');

function timeOfDay(start: string): TimeOfDay {
  const hour = Number(start.slice(0, 2));
  if (hour >= 5 && hour < 12) return 'morning';
  if (hour >= 12 && hour < 17) return 'afternoon';
  if (hour >= 17 && hour < 21) return 'evening';
  return 'night';
}

// Slug suffixes: a bijection of the group index onto 5 base-36 digits (the multiplier is coprime
// with 36^5), so slugs are unique for any name up to 60 million groups without a lookup table.
const SUFFIX_SPACE = 36 ** 5;
const SUFFIX_MULTIPLIER = 15_485_863;

function slugSuffix(index: number, seed: number): string {
  const offset = Math.abs(Math.trunc(seed) * 7_919) % SUFFIX_SPACE;
  return ((index * SUFFIX_MULTIPLIER + offset) % SUFFIX_SPACE).toString(36).padStart(5, '0');
}

// ---------------------------------------------------------------------------------------------
// The generator

interface OrgState {
  org: GeneratedOrganization;
  city: SeedCity | null;
  focus: { kind: 'condition' | 'affinity'; code: string } | null;
}

type Language = 'en' | 'es' | 'other';

class DirectoryGenerator {
  private readonly random: Random;
  private readonly faker: Faker;
  private readonly cities: SeedCity[];
  private readonly cityTable: Table<SeedCity>;
  private readonly usCities: SeedCity[];
  private readonly spanishFirstNames: string[];
  private orgs: OrgState[] = [];
  private orgsByCity = new Map<SeedCity, OrgState[]>();
  private nationalOrgs: OrgState[] = [];
  private locatedGroups = 0;

  constructor(private readonly seed: number) {
    this.faker = new Faker({ locale: [en_US, en] });
    this.faker.seed(seed);
    this.random = new Random(this.faker);
    this.cities = loadCities();
    this.cityTable = table(this.cities.map((c) => [c, c.weight] as const));
    this.usCities = this.cities.filter((c) => c.country === 'US');
    const first = es.person?.first_name as Record<string, string[]> | undefined;
    // Contacts are a first name only, so compound names ('María José') are left out.
    this.spanishFirstNames = [
      ...(first?.generic ?? []),
      ...(first?.female ?? []),
      ...(first?.male ?? []),
    ].filter((n) => !/\s/.test(n));
    if (this.spanishFirstNames.length === 0) this.spanishFirstNames.push('María', 'José', 'Lucía', 'Carlos');
  }

  // ----- organizations

  organizations(count: number): OrgState[] {
    const r = this.random;
    const slugs = new Map<string, number>();
    for (let i = 0; i < count; i++) {
      // The first organizations take one city each, so every city has at least one.
      const city =
        i < this.cities.length ? this.cities[i]! : r.chance(0.12) ? null : r.weighted(this.cityTable);
      const focusRoll = r.next();
      const focus: OrgState['focus'] =
        focusRoll < 0.5
          ? null
          : focusRoll < 0.8
            ? { kind: 'condition', code: r.pick(ORG_CONDITION_FOCUS) }
            : { kind: 'affinity', code: r.pick(ORG_AFFINITY_FOCUS) };

      let name = this.organizationName(city, focus);
      // A few tries for a fresh name; past that, a numbered slug keeps it unique.
      for (let tries = 0; tries < 4 && slugs.has(slugify(name)); tries++) {
        name = this.organizationName(city, focus);
      }
      const base = slugify(name);
      const seen = slugs.get(base) ?? 0;
      slugs.set(base, seen + 1);
      const slug = seen === 0 ? base : `${base}-${seen + 1}`;

      const phoneCity = city ?? r.pick(this.usCities);
      const org: GeneratedOrganization = {
        key: `org-${pad(i + 1, 4)}`,
        slug,
        name,
        description: this.organizationDescription(name, city, focus),
        website: `https://${slug}.example.org`,
        email: r.chance(0.8) ? `hello@${slug}.example.org` : null,
        phone: r.chance(0.6) ? r.digits(phoneCity.phone_pattern) : null,
        trust_level: r.chance(0.7) ? 'trusted' : 'new',
      };
      const state: OrgState = { org, city, focus };
      this.orgs.push(state);
      if (city) {
        const list = this.orgsByCity.get(city) ?? [];
        list.push(state);
        this.orgsByCity.set(city, list);
      } else {
        this.nationalOrgs.push(state);
      }
    }
    return this.orgs;
  }

  private organizationName(city: SeedCity | null, focus: OrgState['focus']): string {
    const r = this.random;
    const word =
      focus?.kind === 'condition'
        ? CONDITION_WORDS[focus.code]!.org!
        : focus?.kind === 'affinity'
          ? AFFINITY_WORDS[focus.code]!.org!
          : null;
    if (!city) {
      const lead = r.pick(NATIONAL_ORG_WORDS);
      if (!word)
        return `${lead} ${r.pick(['Peer Network', 'Collective', 'Alliance', 'Peer Support', 'Circles'])}`;
      return `${lead} ${word} ${r.pick(['Network', 'Collective', 'Peer Alliance'])}`;
    }
    const place = placeInName(r.pick(city.neighborhoods));
    const area = r.pick(city.area_names);
    if (!word) {
      return r.pick([
        `${city.name} Peer Support Network`,
        `${area} Mental Health Alliance`,
        `${place} Wellness Collective`,
        `${city.name} Peer Connection`,
        `${place} Community Wellness Project`,
        `${area} Peer Support Collective`,
        `Friends of ${place} Peer Support`,
        `${city.name} Mutual Aid Circles`,
        `${area} Peer Wellness Center`,
      ]);
    }
    if (focus?.kind === 'condition') {
      return r.pick([
        `${city.name} ${word} Support Alliance`,
        `${area} ${word} Network`,
        `${place} ${word} Collective`,
        `${city.name} ${word} Peer Network`,
      ]);
    }
    const names = [
      `${place} ${word} Alliance`,
      `${city.name} ${word} Wellness Collective`,
      `${area} ${word} Mental Health Coalition`,
      `${city.name} ${word} Peer Network`,
    ];
    if (focus?.code === 'latinx' && city.country === 'US')
      names.push(`Red Latina de Apoyo Mutuo de ${city.name}`);
    return r.pick(names);
  }

  private organizationDescription(name: string, city: SeedCity | null, focus: OrgState['focus']): string {
    const r = this.random;
    const kind = city?.country === 'GB' ? 'charity' : 'nonprofit';
    const where = city ? `in and around ${city.name}` : 'online, across the US and the UK';
    let first: string;
    if (focus?.kind === 'condition') {
      first = `${name} is a ${kind} that brings together ${CONDITION_WORDS[focus.code]!.who} ${where} for mutual support, education and hope.`;
    } else if (focus?.kind === 'affinity') {
      first = `${name} is a community-led ${kind} offering mental health peer support ${where}, by and for ${AFFINITY_WORDS[focus.code]!.audience}.`;
    } else {
      first = `${name} is a volunteer-run ${kind} that hosts free and low-cost peer support groups ${where}.`;
    }
    const second = r.pick([
      `Founded in ${1985 + r.int(38)}, we believe no one should face mental health challenges alone.`,
      'All of our facilitators complete peer support training and meet monthly for supervision.',
      'Our groups are run by people with lived experience, for people with lived experience.',
      null,
    ]);
    return second ? `${first} ${second}` : first;
  }

  // ----- groups

  group(index: number): GeneratedGroup {
    const r = this.random;
    const attendance = r.weighted(ATTENDANCE_MIX);
    const located = attendance !== 'online';
    // Located groups visit every city once before going by weight, so small sets still cover the map.
    const city =
      located && this.locatedGroups < this.cities.length
        ? this.cities[this.locatedGroups]!
        : this.weightedCity();
    if (located) this.locatedGroups++;
    const owner = this.owner(city);
    const us = city.country === 'US';

    // Language first: it decides the words of everything else.
    let languages: string[] = ['en'];
    let language: Language = 'en';
    let otherLanguage: string | null = null;
    const languageRoll = r.next();
    if (us && languageRoll < 0.17) {
      language = r.chance(0.6) ? 'es' : 'en';
      languages = language === 'es' ? ['es'] : ['en', 'es'];
    } else if (languageRoll < (us ? 0.205 : 0.03)) {
      const pool = located ? city.community_languages : ONLINE_OTHER_LANGUAGES;
      if (pool.length > 0) {
        otherLanguage = r.pick(pool);
        language = 'other';
        languages = r.chance(0.5) ? [otherLanguage] : ['en', otherLanguage];
      }
    } else if (us && languageRoll < 0.22) {
      otherLanguage = 'ase';
      language = 'other';
      languages = r.chance(0.6) ? ['ase'] : ['en', 'ase'];
    }

    const conditions = this.conditions(owner.focus);
    const affinities = this.affinities(owner.focus, conditions, languages);
    const facilitation = r.weighted(FACILITATION_MIX);
    const access: Access =
      affinities.includes('youth') && r.chance(0.7) ? 'registration' : r.weighted(ACCESS_MIX);
    const cost = r.weighted(facilitation === 'professional' ? PROFESSIONAL_COST_MIX : PEER_COST_MIX);
    const meetings = this.meetings(attendance);
    const postalCode = located ? r.pick(city.postal_codes) : null;
    const place = postalCode ? (city.postal_code_areas[postalCode] ?? city.name) : null;

    const name = this.groupName({
      language,
      otherLanguage,
      languages,
      conditions,
      affinities,
      meetings,
      place,
      access,
    });
    const slug = `${slugify(name).slice(0, 60).replace(/-+$/, '')}-${slugSuffix(index, this.seed)}`;
    const approximate = located && r.chance(0.1);
    const description = this.groupDescription({
      language,
      languages,
      otherLanguage,
      conditions,
      affinities,
      attendance,
      facilitation,
      access,
      cost,
      place,
      approximate,
      weekly: meetings[0]!.frequency === 'weekly',
      country: city.country,
    });

    const location: LocationInput | null = postalCode ? this.location(city, postalCode, approximate) : null;
    const online: OnlineInput | null =
      attendance === 'online' || attendance === 'hybrid' ? this.online(city, language) : null;
    const [ageMin, ageMax] = this.ages(affinities);

    let status: GroupStatus = 'published';
    const statusRoll = r.next();
    if (statusRoll < 0.01) status = 'archived';
    else if (statusRoll < 0.03) status = 'draft';
    else if (statusRoll < 0.06) status = 'pending_review';

    const temporarilyClosed = r.chance(0.02);
    const verifiedAgo = r.next() ** 1.4 * VERIFIED_WITHIN_DAYS * 86_400;

    return {
      organization_key: owner.org.key,
      status,
      external_id: `demo-${pad(index + 1, 6)}`,
      slug,
      name,
      description,
      conditions,
      affinities,
      attendance,
      facilitation,
      access,
      cost,
      languages,
      accessibility: this.accessibility(attendance, affinities, conditions, languages),
      age_min: ageMin,
      age_max: ageMax,
      location,
      online,
      contact: this.contact(city, language),
      website: r.chance(0.35) ? `${owner.org.website}/groups/${slug}` : null,
      timezone: city.timezone,
      temporarily_closed: temporarilyClosed,
      closed_note: temporarilyClosed
        ? r.pick(located ? [...CLOSED_NOTES, ...CLOSED_NOTES_IN_PERSON] : CLOSED_NOTES)
        : null,
      last_verified_at: new Date(REFERENCE_DATE.getTime() - Math.floor(verifiedAgo) * 1000),
      meetings,
    };
  }

  private weightedCity(): SeedCity {
    return this.random.weighted(this.cityTable);
  }

  /** A local organization of the city, sometimes a national one; any organization when neither exists. */
  private owner(city: SeedCity): OrgState {
    const r = this.random;
    const local = this.orgsByCity.get(city);
    const national = r.chance(0.15);
    if (local && (!national || this.nationalOrgs.length === 0)) return r.pick(local);
    if (this.nationalOrgs.length > 0) return r.pick(this.nationalOrgs);
    return r.pick(this.orgs);
  }

  private conditions(focus: OrgState['focus']): string[] {
    const r = this.random;
    const first = focus?.kind === 'condition' && r.chance(0.7) ? focus.code : r.weighted(CONDITIONS);
    if (!r.chance(0.4)) return [first];
    const second = r.pick(RELATED_CONDITIONS[first] ?? ['general_mental_health']);
    return second === first ? [first] : [first, second];
  }

  private pickAffinities(focus: OrgState['focus'], conditions: string[], languages: string[]): string[] {
    const r = this.random;
    let first: string | null = null;
    if (languages.includes('ase')) first = 'deaf_hard_of_hearing';
    else if (focus?.kind === 'affinity' && r.chance(0.75)) first = focus.code;
    else if (languages.includes('es') && r.chance(0.25)) first = 'latinx';
    else if (conditions[0] === 'postpartum' && r.chance(0.4)) first = 'parents';
    else if (r.chance(0.4)) first = r.weighted(AFFINITIES);
    if (!first) return [];
    if (!r.chance(0.2)) return [first];
    // A second affinity narrows the first by gender, age or parenthood ('LGBTQ+ young adults').
    const second = r.weighted(SECOND_AFFINITIES);
    const mismatch =
      AFFINITY_WORDS[first]!.kind === AFFINITY_WORDS[second]!.kind ||
      (second === 'youth' &&
        ['parents', 'veterans_military', 'healthcare_workers', 'women', 'men'].includes(first)) ||
      (first === 'youth' && (second === 'women' || second === 'men'));
    return mismatch ? [first] : [first, second];
  }

  private affinities(focus: OrgState['focus'], conditions: string[], languages: string[]): string[] {
    // Perinatal groups are for people of childbearing age, whatever else the roll says.
    const perinatal = conditions.some((c) => c === 'postpartum' || c === 'pregnancy_loss');
    const picked = this.pickAffinities(focus, conditions, languages);
    return perinatal ? picked.filter((a) => a !== 'seniors' && a !== 'youth') : picked;
  }

  private meetings(attendance: Attendance): MeetingInput[] {
    const r = this.random;
    const monthly = r.chance(0.15);
    const first: MeetingInput = {
      frequency: monthly ? 'monthly' : 'weekly',
      day: r.weighted(DAY_MIX),
      week_of_month: monthly ? r.weighted(WEEKS_OF_MONTH) : null,
      start_time: r.weighted(START_TIMES),
      duration_minutes: r.weighted(DURATIONS),
      timezone: null,
      attendance: null,
    };
    if (!r.chance(0.25)) return [first];
    if (monthly) {
      // Twice a month on the same weekday: first and third, or second and fourth.
      const week = first.week_of_month === 2 || first.week_of_month === 4 ? 2 : 1;
      first.week_of_month = week;
      return [first, { ...first, week_of_month: week + 2 }];
    }
    let day = r.weighted(DAY_MIX);
    if (day === first.day) day = DAYS[(DAYS.indexOf(first.day) + 1 + r.int(6)) % 7]!;
    return [
      first,
      {
        frequency: 'weekly',
        day,
        week_of_month: null,
        start_time: r.chance(0.5) ? first.start_time : r.weighted(START_TIMES),
        duration_minutes: first.duration_minutes,
        timezone: null,
        // Some in-person groups hold their second weekly meeting online.
        attendance: attendance === 'in_person' && r.chance(0.2) ? 'online' : null,
      },
    ];
  }

  private groupName(g: {
    language: Language;
    otherLanguage: string | null;
    languages: string[];
    conditions: string[];
    affinities: string[];
    meetings: MeetingInput[];
    place: string | null;
    access: Access;
  }): string {
    const r = this.random;
    const main = CONDITION_WORDS[g.conditions[0]!]!;
    const second = g.conditions[1];
    const meeting = g.meetings[0]!;
    const tod = timeOfDay(meeting.start_time);

    if (g.language === 'es') {
      const when =
        meeting.frequency === 'monthly'
          ? `${ORDINALS[String(meeting.week_of_month)]!.es} ${DAY_NAMES[meeting.day].es} del Mes`
          : `${DAY_NAMES[meeting.day].es} ${TIME_OF_DAY_NAMES[tod].es}`;
      const where = g.place ? placeInSpanish(g.place) : 'En Línea';
      const options = [
        `Grupo de Apoyo para ${main.es.title}`,
        `Grupo de Apoyo para ${main.es.title} — ${where}`,
        `Círculo de Apoyo entre Pares: ${main.es.bare}`,
        `${main.es.bare} — ${when}`,
        `Grupo de Apoyo Mutuo: ${main.es.bare}`,
      ];
      const affinity = g.affinities[0];
      if (affinity) {
        const words = AFFINITY_WORDS[affinity]!.es.name;
        options.push(
          `${words}: Apoyo para ${main.es.title}`,
          `${words}: Grupo de Apoyo para ${main.es.title}`,
        );
      }
      return r.pick(options);
    }

    let condition = r.pick(main.names);
    if (
      second &&
      PAIRABLE_CONDITIONS.has(g.conditions[0]!) &&
      PAIRABLE_CONDITIONS.has(second) &&
      r.chance(0.4)
    ) {
      condition = `${main.names[0]} & ${CONDITION_WORDS[second]!.names[0]}`;
    }
    const where = g.place ? placeInName(g.place.replace(/^the /, '')) : 'Online';
    const when =
      meeting.frequency === 'monthly'
        ? `${ORDINALS[String(meeting.week_of_month)]!.en} ${DAY_NAMES[meeting.day].en}`
        : `${DAY_NAMES[meeting.day].en} ${TIME_OF_DAY_NAMES[tod].en}`;

    let name: string;
    if (g.otherLanguage && g.otherLanguage !== 'ase' && r.chance(0.7)) {
      name = `${LANGUAGE_NAMES[g.otherLanguage]}-Speaking ${condition} Support Group`;
    } else if (g.otherLanguage === 'ase' && r.chance(0.5)) {
      name = `${condition} Support Group in ASL`;
    } else {
      const options = [
        `${when} ${condition} Peer Circle`,
        `${when} ${condition} ${r.pick(['Support Group', 'Circle'])}`,
        `${placeInName(where)} ${condition} Support Group`,
        `${condition} Peer Support Group`,
        `${condition} Support Circle — ${where}`,
      ];
      if (!g.place) options.push(`Online ${condition} Peer Support`, `Online ${condition} Peer Support`);
      if (LIVING_WITH.has(g.conditions[0]!)) options.push(`Living with ${main.names[0]}`);
      if (g.access === 'open') options.push(`${condition} Drop-In — ${where}`);
      const affinity = this.affinityPrefix(g.affinities);
      if (affinity) {
        options.push(
          `${affinity} ${condition} Support — ${where}`,
          `${affinity} ${condition} Support`,
          `${affinity} ${condition} Support Group`,
          `${affinity} ${condition} Circle`,
        );
      }
      name = r.pick(options);
    }
    if (g.languages.length === 2 && g.languages[1] === 'es' && r.chance(0.5)) name += ' (English/Español)';
    return name;
  }

  /** 'Veterans', 'LGBTQ+ Young Adults', 'Black Women's': an identity narrowed by gender or age when there is one. */
  private affinityPrefix(affinities: string[]): string | null {
    const [a, b] = affinities;
    if (!a) return null;
    const first = AFFINITY_WORDS[a]!;
    const second = b ? AFFINITY_WORDS[b]! : null;
    if (second && first.kind === 'identity' && (second.kind === 'age' || second.kind === 'gender')) {
      return `${first.name} ${second.name}`;
    }
    return first.name;
  }

  private groupDescription(g: {
    language: Language;
    languages: string[];
    otherLanguage: string | null;
    conditions: string[];
    affinities: string[];
    attendance: Attendance;
    facilitation: Facilitation;
    access: Access;
    cost: Cost;
    place: string | null;
    approximate: boolean;
    weekly: boolean;
    country: string;
  }): string {
    const r = this.random;
    const spanish = g.language === 'es';
    const main = CONDITION_WORDS[g.conditions[0]!]!;
    const second = g.conditions[1] ? CONDITION_WORDS[g.conditions[1]]! : null;
    const audiences = g.affinities.map((a) =>
      spanish ? AFFINITY_WORDS[a]!.es.audience : AFFINITY_WORDS[a]!.audience,
    );

    const required: string[] = [];
    let openerNamesFacilitation = false;
    if (spanish) {
      const who = main.es.who;
      const openers = [
        `Un grupo de apoyo ${{ peer_led: 'entre pares', professional: 'facilitado por profesionales', co_facilitated: 'cofacilitado por un par y un profesional' }[g.facilitation]} para ${who}.`,
        `Un espacio confidencial y acogedor para ${who}.`,
      ];
      if (!who.startsWith('cualquier')) {
        openers.push(
          `En este grupo, ${who} comparten experiencias, se escuchan sin juzgar y aprenden unas de otras.`,
        );
      }
      const i = r.int(openers.length);
      openerNamesFacilitation = i === 0;
      required.push(openers[i]!);
      if (second) required.push(`También hablamos abiertamente sobre ${second.es.topic}.`);
      if (audiences.length > 0)
        required.push(`Este es un espacio de y para ${audiences.join(', especialmente ')}.`);
    } else {
      const who = main.who;
      const adjective = {
        peer_led: 'peer-led',
        professional: 'professionally facilitated',
        co_facilitated: 'co-facilitated',
      }[g.facilitation];
      const openers = [
        `A ${adjective} support group for ${who}.`,
        `This group offers a confidential, welcoming space for ${who}.`,
      ];
      if (!who.startsWith('anyone')) {
        openers.push(
          `${capitalize(who)} meet here to share experiences, listen without judgment and learn from one another.`,
          `We are a ${r.pick(['small', 'friendly', 'close-knit'])} community of ${who} who support each other ${g.weekly ? 'week by week' : 'month by month'}.`,
        );
      }
      const i = r.int(openers.length);
      openerNamesFacilitation = i === 0;
      required.push(openers[i]!);
      if (second) {
        required.push(
          r.chance(0.5)
            ? `We also talk openly about ${second.topic}.`
            : `Conversations often touch on ${second.topic} as well.`,
        );
      }
      if (audiences.length > 0)
        required.push(`This is a space by and for ${audiences.join(', especially ')}.`);
      if (g.otherLanguage) {
        const names = g.languages.map((l) => LANGUAGE_NAMES[l]!).join(' and ');
        required.push(`Meetings are conducted in ${names}.`);
      } else if (g.languages.includes('es')) {
        required.push('Se habla español.');
      }
    }

    const format = this.formatSentence(g, spanish);
    if (required.length < 4) required.push(format);

    const extras = spanish
      ? [
          openerNamesFacilitation
            ? null
            : {
                peer_led: 'Las reuniones las dirigen facilitadores pares capacitados con experiencia vivida.',
                professional: 'Las sesiones las facilita un profesional de salud mental con licencia.',
                co_facilitated:
                  'Cada sesión la dirigen juntos un facilitador par y un consejero con licencia.',
              }[g.facilitation],
          {
            open: 'Puedes llegar sin inscripción previa.',
            closed: 'Es un grupo cerrado; comunícate con la persona facilitadora antes de asistir.',
            registration: 'Inscríbete antes de tu primera reunión.',
          }[g.access],
          {
            free: 'La participación es gratuita.',
            donation: 'La participación es gratuita; se agradecen donativos para cubrir el local.',
            sliding_scale: 'La tarifa se ajusta según ingresos y nadie queda fuera por falta de dinero.',
            fee: 'Cada sesión tiene un costo moderado.',
          }[g.cost],
          r.pick([
            'Las personas nuevas siempre son bienvenidas, y puedes solo escuchar.',
            'Ven tal como eres; no hay presión para hablar.',
          ]),
          'Este grupo no sustituye la atención profesional; si estás en crisis, llama o envía un mensaje de texto al 988.',
        ]
      : [
          openerNamesFacilitation
            ? null
            : {
                peer_led: 'Meetings are led by trained peer facilitators with lived experience.',
                professional: 'Sessions are facilitated by a licensed mental health professional.',
                co_facilitated: 'Each session is co-led by a peer facilitator and a licensed counselor.',
              }[g.facilitation],
          {
            open: 'Drop-ins are welcome, no referral needed.',
            closed: 'This is a closed group; please contact the facilitator before attending.',
            registration: 'Please register before your first meeting.',
          }[g.access],
          {
            free: 'There is no cost to attend.',
            donation: 'Attendance is free; donations toward room costs are welcome.',
            sliding_scale: 'Fees are on a sliding scale and no one is turned away for lack of funds.',
            fee: 'A modest fee applies per session.',
          }[g.cost],
          r.pick([
            'Newcomers are always welcome, and you are welcome to just listen.',
            'Come as you are; there is no pressure to share.',
            'New members are welcome at any meeting.',
          ]),
          g.country === 'GB'
            ? 'This group is not a substitute for professional care; if you are in crisis, call Samaritans on 116 123.'
            : 'This group is not a substitute for professional care; if you are in crisis, call or text 988.',
        ];
    const target = 2 + r.int(3);
    const available = extras.filter((s): s is string => s !== null);
    const chosen = r.sample(available, Math.max(0, target - required.length));
    // Keep the extras in their natural order (format, then facilitation, access, cost, welcome, crisis).
    chosen.sort((a, b) => available.indexOf(a) - available.indexOf(b));
    return [...required, ...chosen].join(' ');
  }

  private formatSentence(
    g: { attendance: Attendance; place: string | null; approximate: boolean },
    spanish: boolean,
  ): string {
    const r = this.random;
    const place = g.place ?? '';
    if (spanish) {
      const where = placeInSpanish(place);
      if (g.attendance === 'online') return 'Las reuniones son en línea por video; la cámara es opcional.';
      if (g.attendance === 'hybrid')
        return `Puedes acompañarnos en persona en ${where} o en línea por video.`;
      return g.approximate
        ? `Nos reunimos en persona en ${where}; compartimos la dirección exacta cuando te pongas en contacto.`
        : `Nos reunimos en persona en ${where}.`;
    }
    if (g.attendance === 'online') {
      return r.pick([
        'Meetings are held online by video; cameras are optional.',
        'We meet online, so you can join from anywhere.',
        'We meet by video call, and you are welcome to keep your camera off.',
      ]);
    }
    if (g.attendance === 'hybrid') return `Join us in person in ${place} or online by video.`;
    if (g.approximate)
      return `We meet in person in ${place}; the exact address is shared when you get in touch.`;
    return r.pick([`We meet in person in ${place}.`, `Meetings are held at a community space in ${place}.`]);
  }

  private location(city: SeedCity, postal: string, approximate: boolean): LocationInput {
    const r = this.random;
    const [lat0, lng0] = city.postal_code_points[postal] ?? [city.lat, city.lng];
    // Up to ~1.2 km from the postal code's centroid, uniform over the disc: on land, near the code.
    const distance = 1.2 * Math.sqrt(r.next());
    const bearing = r.next() * 2 * Math.PI;
    const lat = lat0 + (distance * Math.cos(bearing)) / 111.32;
    const lng = lng0 + (distance * Math.sin(bearing)) / (111.32 * Math.cos((lat0 * Math.PI) / 180));
    let street: string;
    if (city.country === 'US') {
      street = `${100 + r.int(9900)} ${r.pick(US_STREETS)} ${r.pick(US_STREET_TYPES)}`;
      const roll = r.next();
      if (roll < 0.15) street += `, Suite ${100 + r.int(400)}`;
      else if (roll < 0.3) street += `, Room ${1 + r.int(30)}`;
    } else {
      street = `${1 + r.int(250)} ${r.pick(UK_STREETS)} ${r.pick(UK_STREET_TYPES)}`;
      if (r.chance(0.15)) street = `Unit ${1 + r.int(12)}, ${street}`;
    }
    return {
      street,
      locality: city.name,
      region: city.region,
      postal_code: postal,
      country: city.country,
      lat: Math.round(lat * 1e5) / 1e5,
      lng: Math.round(lng * 1e5) / 1e5,
      approximate,
    };
  }

  private online(city: SeedCity, language: Language): OnlineInput {
    const r = this.random;
    const url = `https://meet.example.org/j/${1 + r.int(9)}${r.digits('#########')}`;
    const dialIn = r.chance(0.15)
      ? `${r.digits(city.phone_pattern)}, meeting ID ${r.digits('### ### ####')}`
      : null;
    const notes = r.chance(0.5) ? r.pick(language === 'es' ? ONLINE_NOTES_ES : ONLINE_NOTES) : null;
    return { url, dial_in: dialIn, notes };
  }

  private contact(city: SeedCity, language: Language): ContactInput | null {
    const r = this.random;
    if (!r.chance(0.5)) return null;
    const name = language === 'es' ? r.pick(this.spanishFirstNames) : this.faker.person.firstName();
    return {
      name,
      email: r.chance(0.85) ? `${ascii(name) || 'facilitator'}@example.org` : null,
      phone: r.chance(0.15) ? r.digits(city.phone_pattern) : null,
    };
  }

  private ages(affinities: string[]): [number | null, number | null] {
    const r = this.random;
    if (affinities.includes('youth')) return [13, 17];
    if (affinities.includes('young_adults')) return [18, r.chance(0.7) ? 30 : 35];
    if (affinities.includes('seniors')) return [r.chance(0.7) ? 60 : 55, null];
    if (affinities.includes('students') && r.chance(0.5)) return [18, null];
    const roll = r.next();
    if (roll < 0.25) return [18, null];
    if (roll < 0.28) return [21, null];
    return [null, null];
  }

  private accessibility(
    attendance: Attendance,
    affinities: string[],
    conditions: string[],
    languages: string[],
  ): string[] {
    const r = this.random;
    const out: string[] = [];
    const deaf = affinities.includes('deaf_hard_of_hearing') && !languages.includes('ase');
    if (attendance !== 'online') {
      const wheelchair = r.chance(0.6);
      if (wheelchair) out.push('wheelchair_accessible');
      if (wheelchair && r.chance(0.5)) out.push('accessible_restroom');
      if (r.chance(deaf ? 0.9 : 0.03)) out.push('asl_interpretation');
      if (r.chance(affinities.includes('seniors') ? 0.3 : 0.05)) out.push('large_print');
      if (r.chance(affinities.includes('parents') || conditions.includes('postpartum') ? 0.35 : 0.06)) {
        out.push('childcare');
      }
      if (r.chance(0.45)) out.push('parking');
      if (r.chance(0.5)) out.push('public_transit');
      if (r.chance(0.08)) out.push('fragrance_free');
      const queer = affinities.includes('lgbtq') || affinities.includes('transgender_nonbinary');
      if (r.chance(queer ? 0.7 : 0.12)) out.push('gender_neutral_restrooms');
      if (r.chance(0.06)) out.push('quiet_space');
      if (r.chance(0.1)) out.push('service_animals_welcome');
    }
    if (attendance !== 'in_person') {
      if (r.chance(deaf ? 0.9 : 0.4)) out.push('captions');
      if (r.chance(0.2)) out.push('screen_reader_friendly');
      if (!out.includes('asl_interpretation') && r.chance(deaf ? 0.8 : 0.03)) out.push('asl_interpretation');
    }
    return out;
  }
}

export { slugify };
