// GraphQL documents generated from the served schema (the SDL in schema/): random selections of
// fields with arguments (`first` from -5 to 500), aliases, inline and named fragments, variables
// (sometimes of the wrong type), and families that are over a limit by construction (depth,
// aliases, cost, page size) so the test knows what must be refused.
import fc from 'fast-check';
import {
  type GraphQLArgument,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
  type GraphQLSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import {
  oddString,
  PLACE_NAMES,
  type Pools,
  RADII,
  VOCABULARY,
  VOCABULARY_NAMES,
} from './openapi-requests.js';
import { ROLES, type Role } from './world.js';

type Gen = fc.GeneratorValue;
const int = (g: Gen, min: number, max: number): number => g(fc.integer, { min, max });
const pick = <T>(g: Gen, values: readonly T[]): T => values[int(g, 0, values.length - 1)] as T;
const chance = (g: Gen, percent: number): boolean => int(g, 1, 100) <= percent;

export const LIMITS = { depth: 10, aliases: 30, firstMin: 1, firstMax: 100 };

export type Family = 'random' | 'mutation' | 'deep' | 'aliases' | 'cost' | 'variable_first';

export interface DocumentSpec {
  family: Family;
  role: Role;
  method: 'GET' | 'POST';
  query: string;
  variables?: Record<string, unknown>;
  /** Why the document is over a limit by construction (it must be refused without data). */
  overLimit: string | null;
  /** variable_first: the page size sent in a variable, and whether it is within 1..100. */
  pageSize?: { value: number; valid: boolean; field: string };
  remoteAddress: string;
}

class EnumValue {
  constructor(readonly name: string) {}
}

function literal(value: unknown): string {
  if (value instanceof EnumValue) return value.name;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map(literal).join(', ')}]`;
  if (typeof value === 'object')
    return `{${Object.entries(value)
      .map(([k, v]) => `${k}: ${literal(v)}`)
      .join(', ')}}`;
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '0';
  return JSON.stringify(value);
}

function json(value: unknown): unknown {
  if (value instanceof EnumValue) return value.name;
  if (Array.isArray(value)) return value.map(json);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, json(v)]));
  return value;
}

function typeString(type: GraphQLInputType): string {
  return String(type);
}

interface Context {
  g: Gen;
  pools: Pools;
  hidden: boolean;
  aliases: number;
  fragments: string[];
  variables: Record<string, unknown>;
  variableDefinitions: string[];
  literalFirstOut: boolean;
  maxDepth: number;
}

function stringFor(c: Context, name: string): string {
  const { g, pools } = c;
  if (chance(g, 20)) return oddString(g);
  switch (name) {
    case 'vocabulary':
      return pick(g, VOCABULARY_NAMES);
    case 'slug':
      return pick(g, [...pools.publishedSlugs, ...(c.hidden ? pools.hiddenSlugs : [])]);
    case 'q':
      return pick(g, ['depression', 'bipolr', 'trauma', 'grief', 'anxiety support']);
    case 'place':
      return pick(g, PLACE_NAMES);
    case 'radius':
      return pick(g, RADII);
    case 'after':
      return pools.cursors.length ? pick(g, pools.cursors) : oddString(g);
    case 'lang':
      return pick(g, ['en', 'es', 'fr', 'xx']);
    case 'condition':
      return pick(g, VOCABULARY.condition);
    case 'affinity':
      return pick(g, VOCABULARY.affinity);
    case 'accessibility':
      return pick(g, VOCABULARY.accessibility);
    case 'language':
    case 'languages':
      return pick(g, VOCABULARY.language);
    case 'startTime':
      return pick(g, ['19:00', '07:30', '25:00']);
    case 'country':
      return pick(g, ['US', 'GB']);
    default:
      return g(fc.string, { maxLength: 30 });
  }
}

function idFor(c: Context): string {
  const { g, pools } = c;
  const ids = [...pools.publishedIds, ...pools.organizations, ...(c.hidden ? pools.hiddenIds : [])];
  return chance(g, 70) ? pick(g, ids) : chance(g, 50) ? g(fc.uuid, {}) : oddString(c.g);
}

/** A value for an input type (sometimes of the wrong type on purpose). */
function inputValue(c: Context, type: GraphQLInputType, name: string, depth = 0): unknown {
  const { g } = c;
  if (isNonNullType(type)) return inputValue(c, type.ofType, name, depth);
  if (chance(g, 3)) return pick(g, ['text', 42, true, 1.5, [], null]);
  if (isListType(type)) {
    const n = int(g, 0, 3);
    return Array.from({ length: n }, () => inputValue(c, type.ofType, name, depth + 1));
  }
  if (isEnumType(type)) {
    const values = type.getValues().map((v) => v.name);
    return new EnumValue(chance(g, 4) ? 'NOT_A_VALUE' : pick(g, values));
  }
  if (isInputObjectType(type)) {
    const out: Record<string, unknown> = {};
    for (const field of Object.values(type.getFields())) {
      const required = isNonNullType(field.type) && field.defaultValue === undefined;
      if ((required && chance(g, 95)) || (depth < 3 && chance(g, 35)))
        out[field.name] = inputValue(c, field.type, field.name, depth + 1);
    }
    return out;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'Int':
        if (name === 'first') return int(g, -5, 500);
        return pick(g, [int(g, 0, 130), -1, 2 ** 31, int(g, 5, 720)]);
      case 'Float':
        return g(fc.double, { min: -200, max: 200, noNaN: true, noDefaultInfinity: true });
      case 'Boolean':
        return g(fc.boolean);
      case 'ID':
        return idFor(c);
      case 'LanguageTag':
        return pick(g, ['en', 'es', 'ase', 'xx', '']);
      default:
        return stringFor(c, name);
    }
  }
  return null;
}

function argumentText(c: Context, arg: GraphQLArgument): string | null {
  const { g } = c;
  const required = isNonNullType(arg.type) && arg.defaultValue === undefined;
  if (!required && !chance(g, 45)) return null;
  const value = inputValue(c, arg.type, arg.name);
  if (chance(g, 15)) {
    const name = `v${c.variableDefinitions.length}`;
    c.variableDefinitions.push(`$${name}: ${typeString(arg.type)}`);
    // Sometimes the variable carries a value of another type than it declares.
    c.variables[name] = chance(g, 15) ? pick(g, ['text', 7, false, { a: 1 }, [1]]) : json(value);
    return `${arg.name}: $${name}`;
  }
  if (
    arg.name === 'first' &&
    typeof value === 'number' &&
    (value < LIMITS.firstMin || value > LIMITS.firstMax)
  )
    c.literalFirstOut = true;
  return `${arg.name}: ${literal(value)}`;
}

function selection(c: Context, type: GraphQLObjectType, depth: number): string {
  const { g } = c;
  c.maxDepth = Math.max(c.maxDepth, depth);
  const fields = Object.values(type.getFields());
  const leaves = fields.filter((f) => isLeafType(getNamedType(f.type)));
  const chosen =
    depth >= 5
      ? leaves.length
        ? [pick(g, leaves)]
        : []
      : Array.from({ length: int(g, 1, 4) }, () => pick(g, fields));
  const parts: string[] = chosen.length ? [] : ['__typename'];
  for (const field of chosen) {
    let text = field.name;
    if (chance(g, 15)) {
      c.aliases++;
      text = `a${c.aliases}: ${text}`;
    }
    const args = field.args.map((a) => argumentText(c, a)).filter((a): a is string => a !== null);
    if (args.length) text += `(${args.join(', ')})`;
    const named = getNamedType(field.type) as GraphQLNamedType;
    if (isObjectType(named)) {
      let inner = selection(c, named, depth + 1);
      if (chance(g, 10)) inner = `... on ${named.name} { ${inner} }`;
      else if (chance(g, 8)) {
        const fragment = `F${c.fragments.length}`;
        c.fragments.push(`fragment ${fragment} on ${named.name} { ${inner} }`);
        inner = `...${fragment}`;
      }
      text += ` { ${inner} }`;
    }
    parts.push(text);
  }
  return parts.join(' ');
}

function deepDocument(c: Context): { query: string; depth: number } {
  const { g } = c;
  const levels = int(g, 4, 15);
  // Each level adds two: Organization.groups -> Group.organization.
  const fragments = chance(g, 40);
  if (fragments) {
    const defs = Array.from({ length: levels }, (_, i) =>
      i === levels - 1
        ? `fragment D${i} on Organization { name }`
        : `fragment D${i} on Organization { groups(first: 1) { organization { ...D${i + 1} } } }`,
    );
    return {
      query: `{ organizations(first: 1) { nodes { ...D0 } } }\n${defs.join('\n')}`,
      depth: 2 + 2 * (levels - 1) + 1,
    };
  }
  let inner = 'name';
  for (let i = 0; i < levels; i++) inner = `groups(first: 1) { organization { ${inner} } }`;
  return { query: `{ organizations(first: 1) { nodes { ${inner} } } }`, depth: 2 + 2 * levels + 1 };
}

export function documentArbitrary(schema: GraphQLSchema, pools: Pools): fc.Arbitrary<DocumentSpec> {
  const queryType = schema.getQueryType()!;
  const mutationType = schema.getMutationType()!;
  return fc.gen().map((g): DocumentSpec => {
    const family = pick<Family>(g, [
      'random',
      'random',
      'random',
      'random',
      'random',
      'random',
      'random',
      'random',
      'mutation',
      'deep',
      'aliases',
      'cost',
      'variable_first',
    ]);
    const role: Role = chance(g, 50) ? 'anonymous' : pick(g, ROLES);
    const c: Context = {
      g,
      pools,
      hidden: role !== 'moderator' && role !== 'admin',
      aliases: 0,
      fragments: [],
      variables: {},
      variableDefinitions: [],
      literalFirstOut: false,
      maxDepth: 0,
    };
    const remoteAddress = `10.${int(g, 0, 255)}.${int(g, 0, 255)}.${int(g, 0, 255)}`;
    let query: string;
    let overLimit: string | null = null;
    let pageSize: DocumentSpec['pageSize'];
    switch (family) {
      case 'deep': {
        const deep = deepDocument(c);
        query = deep.query;
        // Counted generously: only clearly deeper documents are claimed to be over the limit.
        if (deep.depth >= LIMITS.depth + 3) overLimit = `depth ${deep.depth}`;
        break;
      }
      case 'aliases': {
        const n = int(g, LIMITS.aliases + 1, 150);
        const field = pick(g, [
          'taxonomy(vocabulary: "cost") { code }',
          'organizations(first: 1) { nodes { id } }',
        ]);
        query = `{ ${Array.from({ length: n }, (_, i) => `x${i}: ${field}`).join(' ')} }`;
        overLimit = `${n} aliases`;
        break;
      }
      case 'cost': {
        const n = int(g, 80, 100);
        const m = int(g, 80, 100);
        query = `{ organizations(first: ${n}) { nodes { name groups(first: ${m}) { name description meetings { day startTime nextStart } organization { name } } } } }`;
        overLimit = `cost of ${n} x ${m} groups`;
        break;
      }
      case 'variable_first': {
        const value = int(g, -5, 500);
        const shape = pick(g, [
          ['groups', 'query($f: Int) { groups(first: $f) { totalCount nodes { id name } } }'],
          ['organizations', 'query($f: Int) { organizations(first: $f) { nodes { id } } }'],
          [
            'organizations.groups',
            'query($f: Int = 3) { organizations(first: 2) { nodes { id groups(first: $f) { id } } } }',
          ],
        ] as const);
        query = shape[1];
        c.variables.f = value;
        pageSize = { value, valid: value >= 1 && value <= 100, field: shape[0] };
        break;
      }
      default: {
        const root = family === 'mutation' ? mutationType : queryType;
        const fields = Object.values(root.getFields());
        const n = family === 'mutation' ? 1 : int(g, 1, 3);
        const parts: string[] = [];
        for (let i = 0; i < n; i++) {
          const field = pick(g, fields);
          const alias = i > 0 || chance(g, 10) ? `r${i}: ` : '';
          const args = field.args.map((a) => argumentText(c, a)).filter((a): a is string => a !== null);
          const named = getNamedType(field.type);
          const inner = isObjectType(named) ? ` { ${selection(c, named, 2)} }` : '';
          parts.push(`${alias}${field.name}${args.length ? `(${args.join(', ')})` : ''}${inner}`);
        }
        const head = family === 'mutation' ? 'mutation' : 'query';
        const vars = c.variableDefinitions.length ? `(${c.variableDefinitions.join(', ')})` : '';
        query = `${head} Fuzz${vars} { ${parts.join(' ')} }\n${c.fragments.join('\n')}`;
        if (c.literalFirstOut) overLimit = 'a literal first outside 1..100';
        if (c.aliases > LIMITS.aliases) overLimit = `${c.aliases} aliases`;
      }
    }
    const method = family !== 'mutation' && chance(g, 10) ? 'GET' : 'POST';
    return {
      family,
      role,
      method,
      query,
      ...(Object.keys(c.variables).length ? { variables: c.variables } : {}),
      overLimit,
      ...(pageSize ? { pageSize } : {}),
      remoteAddress,
    };
  });
}
