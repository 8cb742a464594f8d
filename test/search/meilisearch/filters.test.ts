// Filter expressions: the Postgres engine's where(), clause for clause, as Meilisearch filter text.
// Values are quoted so that no value, however odd, can change the expression's structure.
import t from 'tap';
import {
  filterExpression,
  formatNumber,
  MEILISEARCH_EARTH_RADIUS_METERS,
  POSTGRES_EARTH_RADIUS_METERS,
  quote,
} from '../../../src/search/meilisearch/filters.js';
import { searchQuery } from './support.js';

// NOW is 2026-11-24T12:00:00Z; a year of 365 days earlier is 1763985600.
const FRESH = 'verified_at >= 1763985600';

/**
 * How Meilisearch reads a double-quoted value (crates/filter-parser/src/value.rs): up to the first
 * quote not preceded by a backslash that escapes it, `\"` -> `"`, then Rust-style unescaping.
 * Returns the value and what follows the closing quote.
 */
function readQuoted(input: string): { value: string; rest: string } {
  if (input[0] !== '"') throw new Error('not quoted');
  let i = 1;
  let escapedQuote = false;
  for (;;) {
    const c = input[i];
    if (c === undefined) throw new Error('missing closing quote');
    if (c === '"') break;
    if (c === '\\') {
      const next = input[i + 1];
      if (next === undefined) throw new Error('dangling backslash');
      if (next === '"') escapedQuote = true;
      i += 2;
    } else {
      i += 1;
    }
  }
  let raw = input.slice(1, i);
  if (escapedQuote) raw = raw.replaceAll('\\"', '"');
  let value = '';
  for (let j = 0; j < raw.length; j++) {
    const c = raw[j]!;
    if (c !== '\\') {
      value += c;
      continue;
    }
    const next = raw[++j];
    const simple: Record<string, string> = {
      '\\': '\\',
      '"': '"',
      "'": "'",
      n: '\n',
      r: '\r',
      t: '\t',
      '0': '\0',
    };
    if (next === undefined || !(next in simple))
      throw new Error(`escape \\${next} would be read differently`);
    value += simple[next];
  }
  return { value, rest: input.slice(i + 1) };
}

t.test('quote: values with quotes, backslashes, spaces and non-ASCII', async (t) => {
  const cases: [string, string][] = [
    ['depression', '"depression"'],
    ['ánimo bajo', '"ánimo bajo"'],
    ['Depresión', '"Depresión"'],
    ['say "hi"', '"say \\"hi\\""'],
    ["it's", `"it's"`],
    ['back\\slash', '"back\\\\slash"'],
    ['ends with \\', '"ends with \\\\"'],
    ['\\"', '"\\\\\\""'],
    ['a) OR organization_id = "x', '"a) OR organization_id = \\"x"'],
    ['', '""'],
    ['心理健康 🌱', '"心理健康 🌱"'],
    ['tab\there', '"tab\there"'],
  ];
  for (const [value, expected] of cases) {
    t.equal(quote(value), expected, JSON.stringify(value));
    t.same(readQuoted(quote(value)), { value, rest: '' }, `reads back ${JSON.stringify(value)}`);
  }
  for (const value of ['\\n', '\\u{41}', '\\\\\\', '"""', 'AND', 'NOT', '_geoRadius(1, 2, 3)', "\\'"]) {
    t.same(readQuoted(quote(value)), { value, rest: '' }, `reads back ${JSON.stringify(value)}`);
  }
});

t.test('formatNumber never writes exponents', async (t) => {
  t.equal(formatNumber(40.7506), '40.7506');
  t.equal(formatNumber(-73.9885), '-73.9885');
  t.equal(formatNumber(1e-7), '0.0000001');
  t.equal(formatNumber(-2.5e-7), '-0.00000025');
  t.equal(formatNumber(1763985600.5), '1763985600.5');
  t.equal(formatNumber(0), '0');
  t.throws(() => formatNumber(Number.NaN));
  t.throws(() => formatNumber(Number.POSITIVE_INFINITY));
});

t.test('no filters: only the freshness rule (published-only is the index itself)', async (t) => {
  t.equal(filterExpression(searchQuery()), FRESH);
  t.equal(
    filterExpression(searchQuery({ now: new Date('2026-11-24T12:00:00.500Z') })),
    'verified_at >= 1763985600.5',
    'the cut-off keeps the milliseconds of now',
  );
});

t.test('OR within a filter, AND across filters, in the order of where()', async (t) => {
  t.equal(
    filterExpression(
      searchQuery({
        filters: {
          cost: ['free', 'donation'],
          condition: ['depression', 'anxiety'],
          language: ['es'],
          affinity: ['women'],
          attendance: ['in_person', 'hybrid'],
          accessibility: ['wheelchair_accessible', 'asl_interpretation'],
          facilitation: ['peer_led'],
          access: ['open'],
        },
      }),
    ),
    `${FRESH} AND conditions IN ["depression", "anxiety"] AND affinities IN ["women"] AND languages IN ["es"]` +
      ' AND accessibility IN ["wheelchair_accessible", "asl_interpretation"]' +
      ' AND attendance IN ["in_person", "hybrid"] AND facilitation IN ["peer_led"] AND access IN ["open"]' +
      ' AND cost IN ["free", "donation"]',
  );
  t.equal(filterExpression(searchQuery({ filters: { condition: [] } })), FRESH, 'an empty list is no filter');
});

t.test('except leaves out exactly one facet’s own filter', async (t) => {
  const query = searchQuery({
    filters: { condition: ['depression'], cost: ['free'], language: ['es', 'en'] },
  });
  t.equal(
    filterExpression(query, 'condition'),
    `${FRESH} AND languages IN ["es", "en"] AND cost IN ["free"]`,
  );
  t.equal(
    filterExpression(query, 'cost'),
    `${FRESH} AND conditions IN ["depression"] AND languages IN ["es", "en"]`,
  );
  t.equal(
    filterExpression(query, 'affinity'),
    filterExpression(query),
    'a facet without its own filter counts under the full filter',
  );
});

t.test('day and time of day: the same meeting, through schedule slots', async (t) => {
  t.equal(
    filterExpression(searchQuery({ filters: { day: ['tue', 'thu'] } })),
    `${FRESH} AND meeting_days IN ["tue", "thu"]`,
  );
  t.equal(
    filterExpression(searchQuery({ filters: { day: ['tue', 'thu'], time_of_day: ['evening', 'night'] } })),
    `${FRESH} AND schedule_slots IN ["tue:evening", "tue:night", "thu:evening", "thu:night"]`,
  );
  t.equal(
    filterExpression(searchQuery({ filters: { time_of_day: ['morning'] } })),
    `${FRESH} AND schedule_slots IN ["mon:morning", "tue:morning", "wed:morning", "thu:morning", "fri:morning", "sat:morning", "sun:morning"]`,
    'a time of day alone: any day',
  );
  const both = searchQuery({ filters: { day: ['sat'], time_of_day: ['afternoon'] } });
  t.equal(
    filterExpression(both, 'day'),
    `${FRESH} AND schedule_slots IN ["mon:afternoon", "tue:afternoon", "wed:afternoon", "thu:afternoon", "fri:afternoon", "sat:afternoon", "sun:afternoon"]`,
    'the day facet counts every day that has an afternoon meeting',
  );
  t.equal(filterExpression(both, 'time_of_day'), `${FRESH} AND meeting_days IN ["sat"]`);
});

t.test('age, organization, and values that are not codes at all', async (t) => {
  t.equal(
    filterExpression(searchQuery({ filters: { age: 17 } })),
    `${FRESH} AND age_min <= 17 AND age_max >= 17`,
    'open ends are stored as 0 and 200',
  );
  t.equal(
    filterExpression(searchQuery({ filters: { age: 0 } })),
    `${FRESH} AND age_min <= 0 AND age_max >= 0`,
  );
  t.equal(
    filterExpression(searchQuery({ filters: { organization: '4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10' } })),
    `${FRESH} AND organization_id = "4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10"`,
  );
  t.equal(
    filterExpression(
      searchQuery({
        filters: {
          condition: ['trastorno "bipolar"', 'ánimo bajo', 'back\\slash'],
          organization: '") OR (is_online = true',
        },
      }),
    ),
    `${FRESH} AND conditions IN ["trastorno \\"bipolar\\"", "ánimo bajo", "back\\\\slash"]` +
      ' AND organization_id = "\\") OR (is_online = true"',
  );
});

t.test('near: online groups anywhere, others within the radius on the Postgres sphere', async (t) => {
  const near = { lat: 40.7506, lng: -73.9885, meters: 40_233.6 };
  // 25 miles on earthdistance's 6378168 m sphere is this angle; on Meilisearch's 6371000 m
  // sphere the same angle is 40188.384 m.
  t.equal(
    filterExpression(searchQuery({ near, sort: 'distance' })),
    `${FRESH} AND (is_online = true OR _geoRadius(40.7506, -73.9885, 40188.384))`,
  );
  t.equal(
    Math.round(((40_233.6 * MEILISEARCH_EARTH_RADIUS_METERS) / POSTGRES_EARTH_RADIUS_METERS) * 1000) / 1000,
    40188.384,
  );
  t.equal(
    filterExpression(searchQuery({ near, sort: 'distance' }), undefined, {
      referenceEarthRadiusMeters: MEILISEARCH_EARTH_RADIUS_METERS,
    }),
    `${FRESH} AND (is_online = true OR _geoRadius(40.7506, -73.9885, 40233.6))`,
    'a reference on the same sphere needs no scaling',
  );
  t.equal(
    filterExpression(
      searchQuery({ near, sort: 'distance', filters: { attendance: ['in_person', 'hybrid'], age: 30 } }),
      'attendance',
    ),
    `${FRESH} AND age_min <= 30 AND age_max >= 30 AND (is_online = true OR _geoRadius(40.7506, -73.9885, 40188.384))`,
  );
  t.equal(
    filterExpression(
      searchQuery({ near: { lat: 0.0000001, lng: -0.00000025, meters: 1000 }, sort: 'distance' }),
    ),
    `${FRESH} AND (is_online = true OR _geoRadius(0.0000001, -0.00000025, 998.876))`,
  );
});

t.test('everything at once', async (t) => {
  t.equal(
    filterExpression(
      searchQuery({
        q: 'trauma',
        filters: {
          condition: ['ptsd'],
          language: ['es'],
          attendance: ['in_person', 'online'],
          day: ['wed'],
          time_of_day: ['evening'],
          age: 45,
          organization: '4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10',
        },
        near: { lat: 30.2672, lng: -97.7431, meters: 16_093.44 },
      }),
    ),
    `${FRESH} AND conditions IN ["ptsd"] AND languages IN ["es"] AND attendance IN ["in_person", "online"]` +
      ' AND schedule_slots IN ["wed:evening"] AND age_min <= 45 AND age_max >= 45' +
      ' AND organization_id = "4b1f3a52-9c1e-4d7a-8f0e-2a6c5d8e9f10"' +
      ' AND (is_online = true OR _geoRadius(30.2672, -97.7431, 16075.354))',
    'text is not a filter: it goes to q',
  );
});
