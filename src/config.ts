// The one place that reads the environment. Everything else receives a validated, frozen Config.
// Unknown CIRCLES_* variables and malformed values fail at boot with a message naming the variable,
// so a typo in a deployment is caught before the first request rather than silently ignored.

import path from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export interface Config {
  readonly env: 'development' | 'production' | 'test';
  readonly host: string;
  readonly port: number;
  /** Unset: an embedded PostgreSQL is started with its data under `dataDir`. */
  readonly databaseUrl: string | null;
  readonly dataDir: string;
  /** What to seed when the database has no groups yet: the demo directory, or nothing. */
  readonly demoData: boolean;
  readonly meilisearchUrl: string | null;
  readonly meilisearchKey: string | null;
  readonly redisUrl: string | null;
  readonly logLevel: LogLevel;
  /** Requests per minute per client on the public read API. */
  readonly rateLimitPerMinute: number;
  /** Behind a reverse proxy, trust X-Forwarded-For (needed for per-client rate limits). */
  readonly trustProxy: boolean;
  /**
   * The origin clients reach the API at (`https://circles.example.org`), for absolute links in
   * answers (HSDS, the home page). Unset: each request's own Host (src/lib/public-origin.ts).
   */
  readonly publicUrl: string | null;
  readonly dbPoolSize: number;
  /** A statement running longer is cancelled by Postgres (57014); the client gets a 503. */
  readonly dbStatementTimeoutMs: number;
  /** Waiting longer for a row or table lock fails the statement (55P03); the client gets a 503. */
  readonly dbLockTimeoutMs: number;
  /** Waiting longer for a pool connection (pool full, or the server unreachable) gives a 503. */
  readonly dbConnectTimeoutMs: number;
  /** GraphiQL at /graphiql (its assets load from a CDN, so it needs the browser to be online). */
  readonly graphiql: boolean;
  readonly graphqlIntrospection: boolean;
  /** Meilisearch index name (a reindex builds `<name>_<time>` aside and swaps it in). */
  readonly searchIndex: string;
  /** After this, a Meilisearch search is abandoned and Postgres answers. */
  readonly searchTimeoutMs: number;
  /** Drain the search outbox in this process ('in-process'), or leave it to `npm run indexer` ('off'). */
  readonly indexer: 'in-process' | 'off';
  /** Keep public search and group responses in memory until the next write (src/search/result-cache.ts). */
  readonly resultCache: boolean;
  /** Memory the result cache may hold, in MB. */
  readonly resultCacheMb: number;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

type Env = Record<string, string | undefined>;

const KNOWN_CIRCLES_VARS = new Set([
  'CIRCLES_DATA_DIR',
  'CIRCLES_DEMO_DATA',
  'CIRCLES_RATE_LIMIT',
  'CIRCLES_TRUST_PROXY',
  'CIRCLES_PUBLIC_URL',
  'CIRCLES_DB_POOL_SIZE',
  'CIRCLES_DB_STATEMENT_TIMEOUT_MS',
  'CIRCLES_DB_LOCK_TIMEOUT_MS',
  'CIRCLES_DB_CONNECT_TIMEOUT_MS',
  'CIRCLES_GRAPHIQL',
  'CIRCLES_GRAPHQL_INTROSPECTION',
  'CIRCLES_SEARCH_INDEX',
  'CIRCLES_SEARCH_TIMEOUT_MS',
  'CIRCLES_INDEXER',
  'CIRCLES_RESULT_CACHE',
  'CIRCLES_RESULT_CACHE_MB',
]);

function fail(name: string, message: string): never {
  throw new ConfigError(`${name}: ${message}`);
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!/^\d+$/.test(raw)) fail(name, `must be a whole number, got "${raw}"`);
  const value = Number(raw);
  if (value < min || value > max) fail(name, `must be between ${min} and ${max}, got ${value}`);
  return value;
}

function boolean(env: Env, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  fail(name, `must be true or false, got "${raw}"`);
}

function url(env: Env, name: string, protocols: string[]): string | null {
  const raw = env[name];
  if (raw === undefined || raw === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    // Never echo the value: connection strings carry passwords.
    fail(name, `is not a valid URL (expected ${protocols.map((p) => `${p}//...`).join(' or ')})`);
  }
  if (!protocols.includes(parsed.protocol)) {
    fail(name, `must use ${protocols.join(' or ')}, got ${parsed.protocol}`);
  }
  return raw;
}

/** An http(s) origin: scheme, host and port, nothing after them. */
function origin(env: Env, name: string): string | null {
  const raw = url(env, name, ['http:', 'https:']);
  if (raw === null) return null;
  const parsed = new URL(raw);
  if (parsed.pathname !== '/' || parsed.search || parsed.hash || parsed.username || parsed.password) {
    // Not echoed, as for the other URLs (credentials would be).
    fail(name, 'must be an origin such as https://circles.example.org (no path, query or credentials)');
  }
  return parsed.origin;
}

function oneOf<T extends string>(env: Env, name: string, allowed: readonly T[], fallback: T): T {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (!(allowed as readonly string[]).includes(raw))
    fail(name, `must be one of ${allowed.join(', ')}, got "${raw}"`);
  return raw as T;
}

function indexName(env: Env): string {
  const name = env.CIRCLES_SEARCH_INDEX || 'groups';
  if (!/^[a-zA-Z0-9_-]{1,60}$/.test(name))
    fail('CIRCLES_SEARCH_INDEX', 'may hold only letters, digits, - and _ (at most 60)');
  return name;
}

export function loadConfig(env: Env = process.env, cwd: string = process.cwd()): Config {
  for (const name of Object.keys(env)) {
    if (name.startsWith('CIRCLES_') && !KNOWN_CIRCLES_VARS.has(name)) {
      fail(name, `unknown setting (known: ${[...KNOWN_CIRCLES_VARS].join(', ')})`);
    }
  }
  const nodeEnv = oneOf(env, 'NODE_ENV', ['development', 'production', 'test'] as const, 'development');
  const meilisearchUrl = url(env, 'MEILISEARCH_URL', ['http:', 'https:']);
  const meilisearchKey = env.MEILISEARCH_KEY || null;
  if (meilisearchKey && !meilisearchUrl) fail('MEILISEARCH_KEY', 'is set but MEILISEARCH_URL is not');
  const host = env.HOST || '127.0.0.1';
  if (!/^[\w.:-]+$/.test(host)) fail('HOST', `is not a host name or address, got "${host}"`);

  return Object.freeze({
    env: nodeEnv,
    host,
    port: integer(env, 'PORT', 3000, 0, 65535),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    dataDir: path.resolve(cwd, env.CIRCLES_DATA_DIR || '.data'),
    demoData: boolean(env, 'CIRCLES_DEMO_DATA', true),
    meilisearchUrl,
    meilisearchKey,
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    logLevel: oneOf(
      env,
      'LOG_LEVEL',
      ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const,
      nodeEnv === 'test' ? 'silent' : 'info',
    ),
    rateLimitPerMinute: integer(env, 'CIRCLES_RATE_LIMIT', 600, 1, 1_000_000),
    trustProxy: boolean(env, 'CIRCLES_TRUST_PROXY', false),
    publicUrl: origin(env, 'CIRCLES_PUBLIC_URL'),
    dbPoolSize: integer(env, 'CIRCLES_DB_POOL_SIZE', 10, 1, 200),
    dbStatementTimeoutMs: integer(env, 'CIRCLES_DB_STATEMENT_TIMEOUT_MS', 15_000, 100, 600_000),
    dbLockTimeoutMs: integer(env, 'CIRCLES_DB_LOCK_TIMEOUT_MS', 5_000, 50, 600_000),
    dbConnectTimeoutMs: integer(env, 'CIRCLES_DB_CONNECT_TIMEOUT_MS', 5_000, 100, 60_000),
    graphiql: boolean(env, 'CIRCLES_GRAPHIQL', true),
    graphqlIntrospection: boolean(env, 'CIRCLES_GRAPHQL_INTROSPECTION', true),
    searchIndex: indexName(env),
    searchTimeoutMs: integer(env, 'CIRCLES_SEARCH_TIMEOUT_MS', 500, 10, 60_000),
    indexer: oneOf(env, 'CIRCLES_INDEXER', ['in-process', 'off'] as const, 'in-process'),
    resultCache: boolean(env, 'CIRCLES_RESULT_CACHE', true),
    resultCacheMb: integer(env, 'CIRCLES_RESULT_CACHE_MB', 64, 1, 65_536),
  });
}
