// The seed data and the demo generator: the taxonomy files are well formed and agree with the model's
// constants, and the generated directory is deterministic, uses only known codes, and looks like the
// directory the demo and the benchmarks promise (cities, attendance mix, unpublished rows, unique slugs).
import tzlookup from '@photostructure/tz-lookup';
import t from 'tap';
import {
  DEMO_GROUPS,
  type GeneratedDirectory,
  type GeneratedGroup,
  generateDirectory,
  generateGroupBatches,
  loadCities,
  loadTaxonomy,
  organizationCount,
  REFERENCE_DATE,
  VOCABULARIES,
} from '../../seeds/generate.js';
import {
  AFFINITY_WORDS,
  CONDITION_WORDS,
  LANGUAGE_NAMES,
  RELATED_CONDITIONS,
} from '../../seeds/vocabulary.js';
import {
  ACCESS,
  ATTENDANCE,
  COST,
  DAYS,
  FACILITATION,
  GROUP_STATUS,
  TIMES_OF_DAY,
} from '../../src/modules/groups/groups.model.js';

const taxonomy = loadTaxonomy();
const cities = loadCities();
const codes = (vocabulary: string) => {
  const v = taxonomy.find((x) => x.vocabulary === vocabulary);
  if (!v) throw new Error(`no vocabulary ${vocabulary}`);
  return v.terms.map((term) => term.code);
};
const term = (vocabulary: string, code: string) =>
  taxonomy.find((v) => v.vocabulary === vocabulary)?.terms.find((x) => x.code === code);

function km(lat1: number, lng1: number, lat2: number, lng2: number): number {
  const r = Math.PI / 180;
  const a =
    Math.sin(((lat2 - lat1) * r) / 2) ** 2 +
    Math.cos(lat1 * r) * Math.cos(lat2 * r) * Math.sin(((lng2 - lng1) * r) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.sqrt(a));
}

const demo: GeneratedDirectory = generateDirectory({ groups: DEMO_GROUPS });
const share = (groups: GeneratedGroup[], test: (g: GeneratedGroup) => boolean) =>
  groups.filter(test).length / groups.length;

t.test('taxonomy files', async (t) => {
  t.same(
    taxonomy.map((v) => v.vocabulary),
    [...VOCABULARIES],
    'one file per vocabulary, listed in order',
  );
  for (const v of taxonomy) {
    t.ok(
      v.description.length > 10 && v.description.endsWith('.'),
      `${v.vocabulary} has a one-sentence description`,
    );
    const seen = new Set<string>();
    for (const x of v.terms) {
      const pattern = v.vocabulary === 'languages' ? /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/ : /^[a-z0-9_]+$/;
      t.match(x.code, pattern, `${v.vocabulary}.${x.code} code`);
      t.notOk(seen.has(x.code), `${v.vocabulary}.${x.code} is unique`);
      seen.add(x.code);
      t.ok(x.labels.en && x.labels.es, `${v.vocabulary}.${x.code} has English and Spanish labels`);
      t.ok(Array.isArray(x.synonyms) && x.synonyms.length > 0, `${v.vocabulary}.${x.code} has synonyms`);
      for (const s of x.synonyms) t.equal(s, s.toLowerCase().trim(), `synonym '${s}' is lowercase`);
      t.equal(new Set(x.synonyms).size, x.synonyms.length, `${v.vocabulary}.${x.code} synonyms are distinct`);
    }
    for (const x of v.terms) {
      if (x.parent !== null) t.ok(seen.has(x.parent), `${v.vocabulary}.${x.code} parent ${x.parent} exists`);
    }
  }
});

t.test('taxonomy has the terms the product promises', async (t) => {
  const required: Record<string, string[]> = {
    conditions: [
      'depression',
      'anxiety',
      'bipolar',
      'ptsd',
      'ocd',
      'eating_disorders',
      'grief_loss',
      'substance_use',
      'alcohol',
      'gambling',
      'psychosis',
      'borderline_personality',
      'adhd',
      'postpartum',
      'chronic_illness',
      'suicide_loss',
      'self_harm',
      'dual_diagnosis',
      'family_caregivers',
      'general_mental_health',
    ],
    affinities: [
      'lgbtq',
      'transgender_nonbinary',
      'bipoc',
      'black',
      'latinx',
      'asian_pacific_islander',
      'indigenous',
      'women',
      'men',
      'veterans_military',
      'youth',
      'young_adults',
      'seniors',
      'parents',
      'faith_based',
      'secular',
      'students',
      'healthcare_workers',
      'deaf_hard_of_hearing',
    ],
    accessibility: [
      'wheelchair_accessible',
      'asl_interpretation',
      'captions',
      'childcare',
      'parking',
      'public_transit',
      'fragrance_free',
      'gender_neutral_restrooms',
    ],
    languages: ['en', 'es', 'fr', 'zh', 'vi', 'ko', 'tl', 'ar', 'ru', 'pt', 'ht', 'ase'],
  };
  for (const [vocabulary, list] of Object.entries(required)) {
    const have = codes(vocabulary);
    for (const code of list) t.ok(have.includes(code), `${vocabulary}.${code}`);
  }
  t.equal(term('conditions', 'schizophrenia')?.parent, 'psychosis');
  t.equal(term('languages', 'es')?.labels.es, 'Español');
  t.equal(term('days', 'mon')?.labels.es, 'Lunes');
});

t.test('fixed vocabularies equal the constants in groups.model.ts', async (t) => {
  t.same(codes('attendance'), [...ATTENDANCE]);
  t.same(codes('facilitation'), [...FACILITATION]);
  t.same(codes('access'), [...ACCESS]);
  t.same(codes('cost'), [...COST]);
  t.same(codes('days'), [...DAYS]);
  t.same(codes('times_of_day'), [...TIMES_OF_DAY]);
  const ranges = Object.fromEntries(
    taxonomy.find((v) => v.vocabulary === 'times_of_day')!.terms.map((x) => [x.code, [x.start, x.end]]),
  );
  t.same(ranges, {
    morning: ['05:00', '12:00'],
    afternoon: ['12:00', '17:00'],
    evening: ['17:00', '21:00'],
    night: ['21:00', '05:00'],
  });
});

t.test('synonyms cover what people type', async (t) => {
  const expect: [string, string, string[]][] = [
    ['conditions', 'ptsd', ['trauma', 'post traumatic stress', 'trauma survivors', 'estrés postraumático']],
    ['conditions', 'bipolar', ['manic depression', 'bipolar disorder', 'trastorno bipolar']],
    ['conditions', 'substance_use', ['addiction', 'recovery', 'drugs']],
    ['conditions', 'alcohol', ['drinking', 'sobriety', 'alcoholism']],
    ['conditions', 'depression', ['low mood', 'depressed', 'depresión']],
    ['affinities', 'veterans_military', ['military', 'veteranos']],
    ['affinities', 'lgbtq', ['queer', 'gay']],
  ];
  for (const [vocabulary, code, words] of expect) {
    const synonyms = term(vocabulary, code)?.synonyms ?? [];
    for (const word of words) t.ok(synonyms.includes(word), `${code} has '${word}'`);
  }
  // A synonym must not be another term's own name, or searching that name would pull in the wrong term.
  const clashes: string[] = [];
  for (const vocabulary of ['conditions', 'affinities']) {
    const terms = taxonomy.find((v) => v.vocabulary === vocabulary)!.terms;
    for (const x of terms) {
      for (const other of terms) {
        if (other === x) continue;
        const names = [
          other.code.replaceAll('_', ' '),
          other.labels.en!.toLowerCase(),
          other.labels.es!.toLowerCase(),
        ];
        for (const s of x.synonyms)
          if (names.includes(s)) clashes.push(`${x.code} synonym '${s}' names ${other.code}`);
      }
    }
  }
  t.same(clashes, []);
});

t.test('generator word lists cover exactly the taxonomy', async (t) => {
  t.same(Object.keys(CONDITION_WORDS).sort(), codes('conditions').sort(), 'words for every condition');
  t.same(Object.keys(AFFINITY_WORDS).sort(), codes('affinities').sort(), 'words for every affinity');
  t.same(Object.keys(LANGUAGE_NAMES).sort(), codes('languages').sort(), 'a name for every language');
  for (const [code, related] of Object.entries(RELATED_CONDITIONS)) {
    t.ok(codes('conditions').includes(code), code);
    for (const r of related) t.ok(codes('conditions').includes(r), `${code} -> ${r}`);
  }
});

t.test('cities', async (t) => {
  const us = cities.filter((c) => c.country === 'US');
  const uk = cities.filter((c) => c.country === 'GB');
  t.ok(us.length >= 17, `${us.length} US cities`);
  t.ok(uk.length >= 2, `${uk.length} UK cities`);
  t.ok(cities.find((c) => c.name === 'New York')?.postal_codes.includes('10001'), 'New York has ZIP 10001');
  t.equal(new Set(cities.map((c) => `${c.name}, ${c.region}`)).size, cities.length, 'names are unique');
  for (const c of cities) {
    t.equal(tzlookup(c.lat, c.lng), c.timezone, `${c.name} timezone matches its coordinates`);
    t.ok(
      c.weight > 0 && c.neighborhoods.length >= 3 && c.area_names.length >= 1,
      `${c.name} has weight and places`,
    );
    t.ok(c.postal_codes.length >= 4, `${c.name} has a handful of postal codes`);
    t.match(c.phone_pattern, /#/, `${c.name} phone pattern`);
    for (const code of c.postal_codes) {
      if (c.country === 'US') t.match(code, /^\d{5}$/, `${c.name} ${code}`);
      else t.match(code, /^[A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}$/, `${c.name} ${code}`);
      t.ok(c.postal_code_areas[code], `${c.name} ${code} has a neighbourhood`);
      const point = c.postal_code_points[code];
      t.ok(
        point && km(c.lat, c.lng, point[0], point[1]) < 15,
        `${c.name} ${code} lies within 15 km of the centre`,
      );
    }
  }
});

t.test('the generator is deterministic', async (t) => {
  const a = JSON.stringify(generateDirectory({ groups: 400, seed: 7 }));
  const b = JSON.stringify(generateDirectory({ groups: 400, seed: 7 }));
  t.equal(a, b, 'same options, same bytes');
  t.not(JSON.stringify(generateDirectory({ groups: 400, seed: 8 })), a, 'another seed, another directory');
  t.equal(
    JSON.stringify(generateDirectory({ groups: DEMO_GROUPS })),
    JSON.stringify(demo),
    'default seed is stable',
  );

  for (const batchSize of [7, 1000]) {
    const organizations: unknown[] = [];
    const groups: unknown[] = [];
    let sawGroups = false;
    let largest = 0;
    for (const batch of generateGroupBatches({ groups: 400, seed: 7, batchSize })) {
      if (batch.kind === 'organizations') {
        t.notOk(sawGroups, 'organizations come before groups');
        organizations.push(...batch.organizations);
        largest = Math.max(largest, batch.organizations.length);
      } else {
        sawGroups = true;
        groups.push(...batch.groups);
        largest = Math.max(largest, batch.groups.length);
      }
    }
    t.ok(largest <= batchSize, `batches hold at most ${batchSize}`);
    t.equal(JSON.stringify({ organizations, groups }), a, `batches of ${batchSize} give the same directory`);
  }
  t.same(generateDirectory({ groups: 0 }), { organizations: [], groups: [] });
  t.throws(() => generateDirectory({ groups: -1 }), RangeError);
  t.throws(() => [...generateGroupBatches({ groups: 10, batchSize: 0 })], RangeError);
});

t.test('the demo directory uses only known codes', async (t) => {
  const known = (vocabulary: string) => new Set(codes(vocabulary));
  const sets = {
    conditions: known('conditions'),
    affinities: known('affinities'),
    accessibility: known('accessibility'),
    languages: known('languages'),
    attendance: known('attendance'),
    facilitation: known('facilitation'),
    access: known('access'),
    cost: known('cost'),
    days: known('days'),
  };
  const orgKeys = new Set(demo.organizations.map((o) => o.key));
  const bad: string[] = [];
  for (const g of demo.groups) {
    const check = (set: Set<string>, values: string[], what: string) => {
      for (const v of values) if (!set.has(v)) bad.push(`${g.external_id} ${what} ${v}`);
    };
    check(sets.conditions, g.conditions, 'condition');
    check(sets.affinities, g.affinities, 'affinity');
    check(sets.accessibility, g.accessibility, 'accessibility');
    check(sets.languages, g.languages, 'language');
    check(
      sets.attendance,
      [g.attendance, ...g.meetings.flatMap((m) => (m.attendance ? [m.attendance] : []))],
      'attendance',
    );
    check(sets.facilitation, [g.facilitation], 'facilitation');
    check(sets.access, [g.access], 'access');
    check(sets.cost, [g.cost], 'cost');
    check(
      sets.days,
      g.meetings.map((m) => m.day),
      'day',
    );
    if (!(GROUP_STATUS as readonly string[]).includes(g.status))
      bad.push(`${g.external_id} status ${g.status}`);
    if (!orgKeys.has(g.organization_key)) bad.push(`${g.external_id} organization ${g.organization_key}`);
    if (g.conditions.length < 1 || g.conditions.length > 2)
      bad.push(`${g.external_id} has ${g.conditions.length} conditions`);
    if (g.affinities.length > 2) bad.push(`${g.external_id} has ${g.affinities.length} affinities`);
    if (new Set(g.conditions).size !== g.conditions.length) bad.push(`${g.external_id} repeats a condition`);
  }
  t.same(bad, [], 'no unknown codes');
});

t.test('the demo directory looks like the directory we promise', async (t) => {
  const groups = demo.groups;
  t.ok(groups.length >= 500);
  t.equal(demo.organizations.length, organizationCount(groups.length));

  const byName = new Map(cities.map((c) => [`${c.name}|${c.region}|${c.country}`, c]));
  const timezones = new Set(cities.map((c) => c.timezone));
  const usCities = new Set<string>();
  const ukCities = new Set<string>();
  const bad: string[] = [];
  for (const g of groups) {
    const id = `${g.external_id} (${g.attendance})`;
    if (g.attendance === 'online') {
      if (g.location != null) bad.push(`${id} has a location`);
      if (!g.timezone || !timezones.has(g.timezone)) bad.push(`${id} has no city timezone`);
      if (!/^https:\/\/meet\.example\.org\//.test(g.online?.url ?? '')) bad.push(`${id} has no meeting link`);
      continue;
    }
    const loc = g.location;
    const city = loc && byName.get(`${loc.locality}|${loc.region}|${loc.country}`);
    if (!loc || !city) {
      bad.push(`${id} is not in a known city`);
      continue;
    }
    (loc.country === 'US' ? usCities : ukCities).add(loc.locality);
    if (!Number.isFinite(loc.lat) || !Number.isFinite(loc.lng)) bad.push(`${id} has no coordinates`);
    else if (km(city.lat, city.lng, loc.lat, loc.lng) > 17) bad.push(`${id} is far from ${city.name}`);
    if (!city.postal_codes.includes(loc.postal_code ?? '')) bad.push(`${id} postal code ${loc.postal_code}`);
    if (!loc.street) bad.push(`${id} has no street`);
    if (g.timezone !== city.timezone) bad.push(`${id} timezone ${g.timezone} in ${city.name}`);
    if (g.attendance === 'hybrid' && !g.online?.url) bad.push(`${id} has no meeting link`);
  }
  t.same(bad, [], 'locations, links and timezones');
  t.ok(usCities.size >= 15, `${usCities.size} US cities have groups`);
  t.ok(ukCities.size >= 2, `${ukCities.size} UK cities have groups`);

  const inPerson = share(groups, (g) => g.attendance === 'in_person');
  const online = share(groups, (g) => g.attendance === 'online');
  const hybrid = share(groups, (g) => g.attendance === 'hybrid');
  t.ok(inPerson > 0.47 && inPerson < 0.63, `in person ${inPerson}`);
  t.ok(online > 0.23 && online < 0.37, `online ${online}`);
  t.ok(hybrid > 0.09 && hybrid < 0.21, `hybrid ${hybrid}`);

  const spanish = share(groups, (g) => g.languages.includes('es'));
  t.ok(spanish > 0.1 && spanish < 0.2, `Spanish ${spanish}`);
  t.ok(
    groups.some((g) => g.languages.length === 1 && g.languages[0] === 'es' && g.attendance === 'online'),
    'Spanish-only online groups',
  );
  t.ok(
    groups.some((g) => g.languages.length === 1 && g.languages[0] === 'es' && g.location?.country === 'US'),
    'Spanish-only groups in US cities',
  );
  t.ok(share(groups, (g) => g.languages.join() === 'en') > 0.7, 'mostly English');
  t.ok(
    groups.some((g) => g.languages.some((l) => l !== 'en' && l !== 'es')),
    'a few other languages',
  );

  for (const status of ['published', 'pending_review', 'draft', 'archived'] as const) {
    t.ok(
      groups.some((g) => g.status === status),
      `some groups are ${status}`,
    );
  }
  t.ok(share(groups, (g) => g.status === 'published') > 0.9, 'most groups are published');
  t.ok(
    groups.some((g) => g.location?.approximate),
    'some locations are approximate',
  );
  const trusted =
    demo.organizations.filter((o) => o.trust_level === 'trusted').length / demo.organizations.length;
  t.ok(trusted > 0.55 && trusted < 0.85, `trusted organizations ${trusted}`);

  const verifiedFrom = REFERENCE_DATE.getTime() - 400 * 86_400_000;
  let monthly = 0;
  const wrong: string[] = [];
  for (const g of groups) {
    const id = g.external_id;
    if (g.name.length < 5 || g.description.length < 40) wrong.push(`${id} name or description too short`);
    const verified = g.last_verified_at?.getTime() ?? 0;
    if (verified > REFERENCE_DATE.getTime() || verified < verifiedFrom)
      wrong.push(`${id} verified ${verified}`);
    if (g.meetings.length < 1 || g.meetings.length > 2) wrong.push(`${id} has ${g.meetings.length} meetings`);
    for (const m of g.meetings) {
      if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(m.start_time)) wrong.push(`${id} starts at ${m.start_time}`);
      if (![60, 75, 90].includes(m.duration_minutes)) wrong.push(`${id} lasts ${m.duration_minutes}`);
      if (m.frequency === 'monthly') {
        monthly++;
        if (![1, 2, 3, 4, 5, -1].includes(m.week_of_month ?? 0))
          wrong.push(`${id} monthly week ${m.week_of_month}`);
      } else if (m.week_of_month != null) {
        wrong.push(`${id} weekly with week ${m.week_of_month}`);
      }
    }
    if (g.contact?.name && /\s/.test(g.contact.name))
      wrong.push(`${id} contact ${g.contact.name} is not a first name`);
    if (g.contact?.email && !/^[a-z]+@example\.org$/.test(g.contact.email))
      wrong.push(`${id} email ${g.contact.email}`);
    if (g.age_min != null && g.age_max != null && g.age_min > g.age_max) wrong.push(`${id} ages`);
  }
  t.same(wrong, [], 'names, verification dates, meetings, contacts, ages');
  t.ok(monthly > 0, 'some meetings are monthly');
  t.ok(share(groups, (g) => g.contact != null) > 0.35, 'about half the groups have a contact');
});

t.test('slugs and external ids are unique at 5,000 groups', async (t) => {
  const { organizations, groups } = generateDirectory({ groups: 5000 });
  const slugs = new Set(groups.map((g) => g.slug));
  t.equal(slugs.size, groups.length, 'group slugs');
  t.equal(new Set(groups.map((g) => g.external_id)).size, groups.length, 'external ids');
  t.equal(new Set(organizations.map((o) => o.slug)).size, organizations.length, 'organization slugs');
  t.equal(new Set(organizations.map((o) => o.key)).size, organizations.length, 'organization keys');
  t.ok(
    [...slugs].every((s) => s && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(s)),
    'slugs are lowercase words joined by hyphens',
  );
  t.ok(
    organizations.every((o) => /^[a-z0-9]+(-[a-z0-9]+)*$/.test(o.slug)),
    'organization slugs are lowercase words joined by hyphens',
  );
  t.equal(groups[122]?.external_id, 'demo-000123');
});
