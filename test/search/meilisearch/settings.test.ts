// Index settings from the real taxonomy (seeds/taxonomy): synonyms that say what the Postgres
// engine's query expansion says, typo rules that match src/search/typos.ts, and a fingerprint that
// changes exactly when the settings do.
import t from 'tap';
import { filterExpression } from '../../../src/search/meilisearch/filters.js';
import {
  FACET_ATTRIBUTES,
  indexSettings,
  SETTINGS_VERSION,
  settingsFingerprint,
  taxonomySynonyms,
} from '../../../src/search/meilisearch/settings.js';
import { FACETS } from '../../../src/search/query.js';
import { allowedTypos } from '../../../src/search/typos.js';
import { searchQuery, seedTaxonomy } from './support.js';

const taxonomy = seedTaxonomy();
const settings = indexSettings(taxonomy);
const synonyms = settings.synonyms ?? {};

t.test('trauma and its other names find the groups labelled PTSD & Trauma, in both languages', async (t) => {
  for (const phrase of [
    'trauma',
    'post traumatic stress',
    'cptsd',
    'tept',
    'estres postraumatico',
    'flashbacks',
  ]) {
    t.same(synonyms[phrase], ['ptsd trauma', 'tept y trauma'], phrase);
  }
  t.same(synonyms['trastorno bipolar'], ['bipolar disorder'], 'the Spanish label reaches the English one');
  t.same(synonyms.sad, ['depresion', 'depression']);
  t.same(
    synonyms['no binario'],
    ['personas trans y no binarias', 'transgender nonbinary'],
    'multi-word keys',
  );
  t.same(
    synonyms.recovery,
    ['alcohol use', 'consumo de alcohol', 'consumo de sustancias y adicciones', 'substance use addiction'],
    'a phrase shared by two terms names both',
  );
});

t.test('synonyms are the Postgres phrase table, folded, one-way, within Meilisearch limits', async (t) => {
  const keys = Object.keys(synonyms);
  t.same(
    [...keys].sort(),
    [...taxonomy.phrases.keys()].filter((k) => k in synonyms).sort(),
    'keys come from Taxonomy.phrases',
  );
  t.ok(keys.length > 500, `${keys.length} phrases`);
  t.same(
    keys.filter((k) => /[^a-z0-9 ]/.test(k)),
    [],
    'keys are lowercase, unaccented words',
  );
  t.notOk('depresión' in synonyms);
  t.ok('depresion' in synonyms, 'accented synonyms fold as search input does');
  for (const [key, values] of Object.entries(synonyms)) {
    if (values.includes(key)) t.fail(`${key} maps to itself`);
    if (values.length > 50) t.fail(`${key}: more than 50 synonyms`);
    if (values.join(' ').split(' ').length > 100) t.fail(`${key}: more than 100 words`);
  }
  t.notOk('english' in synonyms, 'languages are filters, not searchable terms (as in Postgres)');
  t.notOk('wheelchair' in synonyms);
  t.notOk(
    (synonyms.depression ?? []).some((v) => v === 'sad'),
    'one-way: a label does not expand to every synonym of its term',
  );
  t.same(taxonomySynonyms(taxonomy), synonyms, 'deterministic');
});

t.test('typos, attributes, ranking', async (t) => {
  const typo = settings.typoTolerance;
  t.equal(typo?.minWordSizeForTypos?.oneTypo, 4);
  t.equal(typo?.minWordSizeForTypos?.twoTypos, 8);
  t.equal(allowedTypos('bip'), 0);
  t.equal(allowedTypos('bipo'), 1, 'the same thresholds as the Postgres engine');
  t.equal(allowedTypos('anxietys'), 2);
  t.same(typo?.disableOnAttributes, ['postal_code']);

  t.same(settings.searchableAttributes, [
    'name',
    'condition_labels',
    'affinity_labels',
    'description',
    'locality',
    'region',
    'postal_code',
  ]);
  t.equal(settings.rankingRules?.[0], 'sort', 'an explicit sort orders strictly, like ORDER BY');
  t.equal(settings.rankingRules?.at(-1), 'verified_at:desc');
  t.same(settings.sortableAttributes, ['_geo', 'verified_at', 'updated_at', 'id']);
  t.ok(settings.stopWords?.includes('for') && settings.stopWords.includes('the'), 'english stop words');
  t.notOk(settings.stopWords?.includes('de'), 'the Postgres english configuration keeps Spanish words');
  t.ok((settings.faceting?.maxValuesPerFacet ?? 0) >= 26, 'every condition can be counted');
  t.ok((settings.pagination?.maxTotalHits ?? 0) >= 100_000, 'totals and deep pages beyond 1000 matches');
  t.equal(indexSettings(taxonomy, { maxTotalHits: 5000 }).pagination?.maxTotalHits, 5000);
});

t.test('every attribute a filter or facet uses is filterable', async (t) => {
  const filterable = new Set(settings.filterableAttributes as string[]);
  for (const facet of FACETS) t.ok(filterable.has(FACET_ATTRIBUTES[facet]), `facet ${facet}`);
  const everything = filterExpression(
    searchQuery({
      filters: {
        condition: ['depression'],
        affinity: ['women'],
        attendance: ['hybrid'],
        facilitation: ['peer_led'],
        access: ['open'],
        cost: ['free'],
        language: ['es'],
        accessibility: ['captions'],
        day: ['tue'],
        time_of_day: ['evening'],
        age: 30,
        organization: '4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10',
        updated_since: '2026-11-01T00:00:00.000Z',
      },
      near: { lat: 40.75, lng: -73.99, meters: 40_233.6 },
    }),
  );
  const used = [...everything.matchAll(/(?:^|AND |OR |\()([a-z_]+) (?:IN|=|>=|<=)/g)].map((m) => m[1]!);
  used.push(everything.includes('_geoRadius(') ? '_geo' : 'missing _geoRadius');
  t.same(
    used.filter((a) => !filterable.has(a)),
    [],
    `all filterable: ${[...new Set(used)].join(', ')}`,
  );
  t.equal(new Set(used).size, 16, everything);
});

t.test('the fingerprint is stable, and changes when any setting does', async (t) => {
  const print = settingsFingerprint(settings);
  t.match(print, new RegExp(`^v${SETTINGS_VERSION}-[0-9a-f]{16}$`));
  t.equal(settingsFingerprint(indexSettings(seedTaxonomy())), print, 'same taxonomy, same fingerprint');
  const reordered = Object.fromEntries(Object.entries(settings).reverse());
  t.equal(settingsFingerprint(reordered), print, 'key order does not matter');

  const moreSynonyms = { ...settings, synonyms: { ...synonyms, heartbreak: ['grief loss'] } };
  t.not(settingsFingerprint(moreSynonyms), print, 'a new synonym');
  const reranked = { ...settings, rankingRules: [...(settings.rankingRules ?? [])].reverse() };
  t.not(settingsFingerprint(reranked), print, 'array order matters');
  t.not(settingsFingerprint(indexSettings(taxonomy, { maxTotalHits: 1000 })), print);
});
