// Requests generated from openapi/openapi.json: for every operation, valid ones built from its
// parameter and body schemas (with realistic values where random ones would never get past the
// vocabulary checks), and mutated ones.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { PLACES } from '../../support/fixtures.js';
import { ROLES, type Role } from './world.js';

type Schema = Record<string, unknown> & {
  type?: string | string[];
  enum?: unknown[];
  anyOf?: Schema[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  format?: string;
  examples?: unknown[];
  default?: unknown;
};

interface Param {
  name: string;
  in: 'query' | 'path' | 'header';
  required: boolean;
  schema: Schema;
}

export interface Operation {
  method: string;
  path: string;
  params: Param[];
  body: Schema | null;
}

export function loadOperations(): Operation[] {
  const doc = JSON.parse(readFileSync(new URL('../../../openapi/openapi.json', import.meta.url), 'utf8'));
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
    for (const [method, raw] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      const op = raw as {
        parameters?: { name: string; in: string; required?: boolean; schema: Schema }[];
        requestBody?: { content: Record<string, { schema: Schema }> };
      };
      ops.push({
        method: method.toUpperCase(),
        path,
        params: (op.parameters ?? [])
          .filter((p) => p.in !== 'cookie')
          .map((p) => ({
            name: p.name,
            in: p.in as Param['in'],
            required: Boolean(p.required),
            schema: p.schema,
          })),
        body: op.requestBody?.content['application/json']?.schema ?? null,
      });
    }
  }
  return ops;
}

function codes(vocabulary: string): string[] {
  const file = new URL(`../../../seeds/taxonomy/${vocabulary}.json`, import.meta.url);
  return (JSON.parse(readFileSync(file, 'utf8')) as { terms: { code: string }[] }).terms.map((t) => t.code);
}

export const VOCABULARY = {
  condition: codes('conditions'),
  affinity: codes('affinities'),
  attendance: codes('attendance'),
  facilitation: codes('facilitation'),
  access: codes('access'),
  cost: codes('cost'),
  language: codes('languages'),
  accessibility: codes('accessibility'),
  day: codes('days'),
  time_of_day: codes('times_of_day'),
  facets: [
    'condition',
    'affinity',
    'attendance',
    'facilitation',
    'access',
    'cost',
    'language',
    'accessibility',
    'day',
    'time_of_day',
  ],
};
export const VOCABULARY_NAMES = [
  'conditions',
  'affinities',
  'attendance',
  'facilitation',
  'access',
  'cost',
  'languages',
  'accessibility',
  'days',
  'times_of_day',
];
export const PLACE_NAMES = [
  '10001',
  '90210',
  'Austin, TX',
  'London',
  'Manchester, UK',
  'Glasgow',
  '40.75,-73.99',
  '51.5,-0.12',
  'London, CA',
];
export const RADII = ['25mi', '40km', '1mi', '500mi', '800km', '0.5km'];

/** What the generators know of the database: ids to aim at, cursors that exist. */
export interface Pools {
  publishedIds: string[];
  publishedSlugs: string[];
  hiddenIds: string[];
  hiddenSlugs: string[];
  organizations: string[];
  cursors: string[];
}

/** fast-check's imperative generator: g(arbitraryFactory, ...args). */
type Gen = fc.GeneratorValue;

const pick = <T>(g: Gen, values: readonly T[]): T =>
  values[g(fc.integer, { min: 0, max: values.length - 1 })] as T;
const chance = (g: Gen, percent: number): boolean => g(fc.integer, { min: 1, max: 100 }) <= percent;

function subset(g: Gen, values: readonly string[], max = 3): string[] {
  const n = g(fc.integer, { min: 1, max });
  return [...new Set(Array.from({ length: n }, () => pick(g, values)))];
}

/** Strings that look like nothing we expect, including the ones that break naive code. */
export function oddString(g: Gen, maxLength = 40): string {
  switch (g(fc.integer, { min: 0, max: 5 })) {
    case 0:
      return g(fc.string, { maxLength });
    case 1:
      return g(fc.string, { maxLength, unit: 'grapheme' });
    case 2:
      return g(fc.string, { maxLength, unit: 'binary' });
    case 3:
      return pick(g, [
        '',
        ' ',
        '\u0000',
        '%00',
        '..',
        '../../etc/passwd',
        '\uFEFF',
        '\uD800',
        '🙂',
        'ｄｅｐｒｅｓｓｉｏｎ',
        '$' + '{7*7}',
        '{{7*7}}',
        '<script>alert(1)</script>',
        'null',
        'undefined',
        '[object Object]',
        '__proto__',
        'constructor',
        '-1',
        '1e309',
        'NaN',
        'true',
        ',,,',
        'depression,,anxiety',
      ]);
    case 4:
      return g(fc.string, {
        maxLength,
        unit: fc.constantFrom('a', ',', ' ', '%', '"', "'", '\\', '\n', 'é'),
      });
    default:
      return g(fc.stringMatching, /^[a-z_]{1,12}(,[a-z_]{1,12}){0,3}$/);
  }
}

function uuid(g: Gen, pools: Pools, hidden: boolean): string {
  const known = [...pools.publishedIds, ...pools.organizations, ...(hidden ? pools.hiddenIds : [])];
  return chance(g, 60) ? pick(g, known) : g(fc.uuid, {});
}

/** Realistic values for the parameters and fields whose valid values a schema cannot say. */
function hint(g: Gen, name: string, pools: Pools, hidden: boolean): unknown {
  const list = (values: readonly string[]) => subset(g, values).join(',');
  switch (name) {
    case 'q':
      return pick(g, [
        'depression',
        'bipolr',
        'trauma',
        'grief',
        'anxiety support',
        'trastorno bipolar',
        'é',
      ]);
    case 'condition':
    case 'affinity':
    case 'attendance':
    case 'facilitation':
    case 'access':
    case 'cost':
    case 'language':
    case 'accessibility':
    case 'day':
    case 'time_of_day':
    case 'facets':
      return list(VOCABULARY[name]);
    case 'near':
      return pick(g, PLACE_NAMES);
    case 'radius':
      return pick(g, RADII);
    case 'organization':
      return pick(g, pools.organizations);
    case 'cursor':
      return pools.cursors.length && chance(g, 70) ? pick(g, pools.cursors) : g(fc.base64String, {});
    case 'idOrSlug': {
      const ids = [...pools.publishedIds, ...pools.publishedSlugs];
      if (hidden) ids.push(...pools.hiddenIds, ...pools.hiddenSlugs);
      return pick(g, ids);
    }
    case 'id':
      return uuid(g, pools, hidden);
    case 'vocabulary':
      return pick(g, VOCABULARY_NAMES);
    case 'country':
      return pick(g, ['US', 'GB', 'IE', 'CA', 'FR', 'ZZ', 'us']);
    case 'conditions':
      return list(VOCABULARY.condition);
    case 'if-match':
      return pick(g, ['"1"', '"2"', 'W/"1"', '*', '"999"']);
    case 'prefer':
      return 'wait=1';
    case 'idempotency-key':
      return g(fc.uuid, {});
    default:
      return undefined;
  }
}

/** Body fields whose valid values come from the vocabularies or the world. */
function bodyHint(g: Gen, name: string): unknown {
  switch (name) {
    case 'conditions':
      return subset(g, VOCABULARY.condition);
    case 'affinities':
      return chance(g, 50) ? [] : subset(g, VOCABULARY.affinity);
    case 'languages':
      return subset(g, VOCABULARY.language, 2);
    case 'accessibility':
      return chance(g, 50) ? [] : subset(g, VOCABULARY.accessibility);
    case 'timezone':
      return pick(g, [null, 'America/New_York', 'Europe/London', 'America/Chicago']);
    case 'location': {
      const place = pick(g, Object.values(PLACES));
      return { ...place, street: chance(g, 50) ? '1 Main St' : null, approximate: chance(g, 30) };
    }
    case 'website':
    case 'url':
      return pick(g, ['https://example.org/group', 'http://example.com', null]);
    case 'email':
      return 'someone@example.org';
    case 'slug':
      return g(fc.stringMatching, /^[a-z0-9]{1,10}(-[a-z0-9]{1,10}){0,2}$/);
    default:
      return undefined;
  }
}

/** A value valid under `schema` (hints first, where we have them). */
export function validValue(g: Gen, schema: Schema, name: string, inBody: boolean): unknown {
  if (inBody) {
    const hinted = bodyHint(g, name);
    if (hinted !== undefined && chance(g, 85)) return hinted;
  }
  if (schema.enum) return pick(g, schema.enum);
  if (schema.anyOf) return validValue(g, pick(g, schema.anyOf), name, inBody);
  const type = Array.isArray(schema.type) ? pick(g, schema.type) : schema.type;
  switch (type) {
    case 'null':
      return null;
    case 'boolean':
      return g(fc.boolean);
    case 'integer':
      return g(fc.integer, { min: schema.minimum ?? -1000, max: schema.maximum ?? 1000 });
    case 'number':
      return g(fc.double, {
        min: schema.minimum ?? -1000,
        max: schema.maximum ?? 1000,
        noNaN: true,
        noDefaultInfinity: true,
      });
    case 'array': {
      const n = g(fc.integer, { min: schema.minItems ?? 0, max: Math.min(schema.maxItems ?? 3, 3) });
      const items = Array.from({ length: n }, () => validValue(g, schema.items ?? {}, name, inBody));
      return [...new Map(items.map((i) => [JSON.stringify(i), i])).values()];
    }
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [key, sub] of Object.entries(schema.properties ?? {})) {
        if (schema.required?.includes(key) || chance(g, 40)) out[key] = validValue(g, sub, key, inBody);
      }
      return out;
    }
    default: {
      if (schema.format === 'uuid') return g(fc.uuid, {});
      if (schema.format === 'email') return g(fc.emailAddress, {});
      if (schema.format === 'date-time') return g(fc.date, { noInvalidDate: true }).toISOString();
      if (schema.pattern) {
        if (schema.examples?.length && chance(g, 50)) return pick(g, schema.examples);
        return g(fc.stringMatching, new RegExp(schema.pattern), { size: 'small' });
      }
      return g(fc.string, {
        minLength: schema.minLength ?? 0,
        maxLength: Math.min(schema.maxLength ?? 40, 40),
      });
    }
  }
}

/** A value of another JSON type than `schema` asks for. */
function wrongType(g: Gen, schema: Schema): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : (schema.type ?? (schema.enum ? 'string' : ''));
  const others: unknown[] = [
    42,
    -1.5,
    true,
    null,
    'text',
    [],
    [1, 'two'],
    {},
    { $ne: null },
    { $gt: '' },
    ['a', ['b']],
    1e308,
    Number.MAX_SAFE_INTEGER + 2,
  ].filter((v) => {
    const kind = v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
    return !(
      kind === type ||
      (kind === 'number' && type === 'integer' && Number.isInteger(v)) ||
      (type === 'number' && kind === 'number')
    );
  });
  return pick(g, others);
}

/** A JSON text nested `depth` levels deep. */
function deepJson(depth: number, kind: 'array' | 'object'): string {
  return kind === 'array'
    ? `${'['.repeat(depth)}${']'.repeat(depth)}`
    : `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

export const MUTATIONS = [
  'valid',
  'valid',
  'valid',
  'missing_required',
  'out_of_range',
  'huge_string',
  'wrong_type',
  'deep_json',
  'binary_junk',
  'wrong_content_type',
  'bad_path',
  'unknown_field',
  'duplicate_param',
  'bad_header',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

export interface RequestSpec {
  operation: string;
  mutation: Mutation;
  role: Role;
  method: string;
  url: string;
  /** The route pattern, for the leak rule. */
  route: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
  remoteAddress: string;
}

/** encodeURIComponent, after replacing lone surrogates (which no URL can carry) with U+FFFD. */
export const encode = (value: string) => encodeURIComponent(Buffer.from(value, 'utf8').toString('utf8'));

function encodeQuery(query: [string, string][]): string {
  return query.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&');
}

const IMPORT_FEED = JSON.stringify([
  {
    name: 'Imported Circle',
    slug: 'imported-circle',
    day: 2,
    time: '19:00',
    end_time: '20:30',
    types: ['O'],
    address: '1 Main St',
    city: 'New York',
    state: 'NY',
    postal_code: '10001',
    country: 'US',
    latitude: 40.75,
    longitude: -73.99,
    timezone: 'America/New_York',
  },
]);
const IMPORT_CSV =
  'external_id,name,conditions,attendance,day,start_time,duration_minutes,locality,country,lat,lng\n' +
  'csv-1,CSV Circle,depression,in_person,tue,19:00,90,New York,US,40.75,-73.99\n';

export function requestArbitrary(
  operations: Operation[],
  pools: Pools,
  headersFor: (role: Role) => Record<string, string>,
): fc.Arbitrary<RequestSpec> {
  return fc.gen().map((g) => {
    const op = pick(g, operations);
    const mutation = pick(g, MUTATIONS);
    const role = chance(g, 50) ? 'anonymous' : pick(g, ROLES);
    // Only those who must never see them are aimed at the unpublished groups.
    const hidden = role !== 'moderator' && role !== 'admin';

    const pathValues: Record<string, string> = {};
    const query: [string, string][] = [];
    const headers: Record<string, string> = { ...headersFor(role) };
    for (const p of op.params) {
      if (p.in !== 'path' && !p.required && !chance(g, 35)) continue;
      const hinted = hint(g, p.name, pools, hidden);
      const value = String(
        hinted !== undefined && chance(g, 85) ? hinted : validValue(g, p.schema, p.name, false),
      );
      if (p.in === 'path') pathValues[p.name] = value;
      else if (p.in === 'query') query.push([p.name, value]);
      else headers[p.name] = value;
    }

    let body: unknown;
    let rawBody: string | Buffer | undefined;
    let contentType: string | undefined;
    if (op.body) body = validValue(g, op.body, '', true);
    if (op.path === '/v1/imports') {
      const csv = chance(g, 40);
      rawBody = csv ? IMPORT_CSV : IMPORT_FEED;
      contentType = csv ? 'text/csv' : 'application/json';
    }

    const strings = op.params.filter((p) => p.in !== 'header');
    const target = strings.length ? pick(g, strings) : null;
    const setParam = (p: Param, value: string) => {
      if (p.in === 'path') pathValues[p.name] = value;
      else {
        const i = query.findIndex(([k]) => k === p.name);
        if (i >= 0) query[i] = [p.name, value];
        else query.push([p.name, value]);
      }
    };
    const bodyObject = body && typeof body === 'object' && !Array.isArray(body);
    const bodyFields = bodyObject ? Object.keys(op.body?.properties ?? {}) : [];
    const mutateField = (value: (schema: Schema) => unknown) => {
      const field = pick(g, bodyFields);
      (body as Record<string, unknown>)[field] = value(op.body?.properties?.[field] ?? {});
    };
    const inBody = bodyFields.length > 0 && (!target || chance(g, 50));

    switch (mutation) {
      case 'valid':
        break;
      case 'missing_required': {
        const required = op.body?.required ?? [];
        if (bodyObject && required.length) delete (body as Record<string, unknown>)[pick(g, required)];
        else if (op.body) body = pick(g, [{}, null, []]);
        else if (target?.in === 'path') pathValues[target.name] = '';
        break;
      }
      case 'out_of_range': {
        const number = () =>
          pick(g, [-1, 0, 121, 101, 1e20, -1e20, 2 ** 31, 2 ** 53 + 1, 0.5, -0.0, 721, 4, 91, -181]);
        if (inBody)
          mutateField((s) => (s.type === 'array' ? Array.from({ length: 30 }, (_, i) => `v${i}`) : number()));
        else if (target)
          setParam(target, pick(g, ['-1', '0', '101', '121', '1e20', '1.5', 'NaN', '-0', '9'.repeat(40)]));
        break;
      }
      case 'huge_string': {
        const length = pick(g, [201, 501, 601, 5_001, 20_000, 300_000]);
        const text = pick(g, ['a', 'é', '🙂', "'", '%']).repeat(length);
        if (inBody) mutateField(() => text);
        else if (target) setParam(target, text.slice(0, 20_000));
        break;
      }
      case 'wrong_type':
        if (inBody) mutateField((s) => wrongType(g, s));
        else if (op.body) body = wrongType(g, op.body);
        else if (target) setParam(target, pick(g, ['[object Object]', 'true', '[]', '{}', 'null', '1,2']));
        break;
      case 'deep_json': {
        const depth = pick(g, [64, 1_000, 10_000, 100_000]);
        const text = deepJson(depth, pick(g, ['array', 'object'] as const));
        if (bodyObject && chance(g, 50)) {
          const field = pick(g, bodyFields);
          rawBody = JSON.stringify({ ...(body as object), [field]: '__DEEP__' }).replace('"__DEEP__"', text);
        } else rawBody = text;
        contentType = 'application/json';
        break;
      }
      case 'binary_junk':
        rawBody = Buffer.from(g(fc.uint8Array, { minLength: 1, maxLength: 2_000 }));
        contentType = pick(g, ['application/json', 'application/octet-stream', 'text/csv', '']);
        break;
      case 'wrong_content_type':
        rawBody = rawBody ?? JSON.stringify(body ?? { a: 1 });
        contentType = pick(g, [
          'text/plain',
          'application/xml',
          'multipart/form-data; boundary=x',
          'application/x-www-form-urlencoded',
          'application/json; charset=utf-16',
          'application/json; charset=latin1',
          'application/graphql',
          'text/csv',
          '*/*',
          'application/json, text/plain',
          '',
        ]);
        break;
      case 'bad_path': {
        const paths = strings.filter((p) => p.in === 'path');
        const junk = pick(g, [
          oddString(g),
          '%E0%80%AF',
          '%C0%AE%C0%AE',
          '%ZZ',
          '%',
          '%00',
          'a'.repeat(201),
          '..%2F..%2F',
          '%2e%2e',
          '00000000-0000-0000-0000-000000000000',
          'ffffffff-ffff-ffff-ffff-ffffffffffff',
        ]);
        if (paths.length) pathValues[pick(g, paths).name] = `\u0001${junk}`;
        else query.push(['x', junk]);
        break;
      }
      case 'unknown_field':
        if (bodyObject)
          (body as Record<string, unknown>)[pick(g, ['status', 'id', '__proto__', 'extra', 'version'])] = 'x';
        else
          query.push([pick(g, ['colour', 'conditon', '__proto__', 'constructor', 'limit[]', 'q[$ne]']), 'x']);
        break;
      case 'duplicate_param':
        if (target && target.in === 'query') {
          const value = String(validValue(g, target.schema, target.name, false));
          query.push([target.name, value], [target.name, value]);
        } else query.push(['limit', '1'], ['limit', '2']);
        break;
      case 'bad_header':
        Object.assign(
          headers,
          pick(g, [
            {
              authorization: pick(g, [
                'Bearer',
                'Basic YTpi',
                'Bearer cir_sk_',
                `Bearer ${'x'.repeat(5_000)}`,
                'Bearer \u00e9',
              ]),
            },
            { 'if-match': pick(g, ['', 'W/', '"-1"', `"${'9'.repeat(30)}"`, '"1", "2"']) },
            { 'idempotency-key': pick(g, ['', ' ', 'x'.repeat(201)]) },
            { prefer: pick(g, ['wait=abc', 'wait=-1', 'respond-async', 'wait=1'.repeat(20)]) },
            { accept: 'application/xml' },
          ]),
        );
        break;
    }

    let url = op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const value = pathValues[name] ?? '';
      // The \u0001 prefix marks raw path junk: percent sequences are sent as they are.
      return value.startsWith('\u0001') ? value.slice(1).replace(/[^\x21-\x7e]/g, encode) : encode(value);
    });
    if (query.length) url += `?${encodeQuery(query)}`;
    let payload: string | Buffer | undefined = rawBody;
    if (payload === undefined && body !== undefined) {
      payload = JSON.stringify(body);
      contentType = contentType ?? 'application/json';
    }
    if (payload !== undefined && contentType) headers['content-type'] = contentType;
    if (payload !== undefined && !contentType) delete headers['content-type'];
    const ip = `10.${g(fc.nat, 255)}.${g(fc.nat, 255)}.${g(fc.nat, 255)}`;
    return {
      operation: `${op.method} ${op.path}`,
      mutation,
      role,
      method: op.method,
      url,
      route: op.path,
      headers,
      ...(payload !== undefined ? { payload } : {}),
      remoteAddress: ip,
    };
  });
}
