import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

// Return int8 (e.g. count(*)) as a JS number: our counts are far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

export interface DbOptions {
  connectionString: string;
  max?: number;
  /** Shown in pg_stat_activity: operators (and the fault tests) find the app's sessions by it. */
  applicationName?: string;
  /** Server-side: Postgres cancels a statement running longer (57014). */
  statementTimeoutMs?: number;
  /** Server-side: a statement waiting longer for a lock fails (55P03). Unset for the CLIs: a
   * migration may wait its turn; the API (CIRCLES_DB_LOCK_TIMEOUT_MS) must not. */
  lockTimeoutMs?: number;
  /** Client-side: waiting longer for a pool connection (or to connect) fails. */
  connectTimeoutMs?: number;
  /**
   * Called after every statement (tests count them to prove there is no N+1), with the error when
   * Postgres refused it (robustness tests prove that hostile input never reaches Postgres as SQL).
   */
  onQuery?: (sql: string, error?: unknown) => void;
}

export function createDb({ onQuery, ...options }: DbOptions): Db {
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool: createPool(options) }),
    ...(onQuery
      ? { log: (event) => onQuery(event.query.sql, event.level === 'error' ? event.error : undefined) }
      : {}),
  });
}

/** A pg pool with the timeouts and error listeners every pool of the app needs. */
export function createPool({
  connectionString,
  max = 10,
  applicationName = 'circles',
  statementTimeoutMs = 15_000,
  lockTimeoutMs,
  connectTimeoutMs = 5_000,
}: Omit<DbOptions, 'onQuery'>): pg.Pool {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    // A query that runs away must not hold a connection forever; searches take milliseconds.
    statement_timeout: statementTimeoutMs,
    // A table locked by a migration or an operator must not queue every request behind it.
    ...(lockTimeoutMs ? { lock_timeout: lockTimeoutMs } : {}),
    // A server that stops answering (hung, partitioned) never cancels anything itself: give up a
    // little after the server-side timeout would have fired.
    query_timeout: statementTimeoutMs + 1_000,
    connectionTimeoutMillis: connectTimeoutMs,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (restart, failover) emits 'error'; without a listener that
  // would crash the process. The pool replaces the client on the next checkout.
  pool.on('error', () => {});
  // A client that is checked out (mid-transaction) when its session is terminated or the server
  // goes away also emits 'error', and pg-pool only listens on idle clients: with no listener that
  // is an uncaught exception that kills the process (found by test/robustness/faults.test.ts).
  // The failing query rejects with the same error (a 503 for the client), and the pool discards
  // the client on release because it is no longer queryable; the event itself needs no handling.
  pool.on('connect', (client) => {
    client.on('error', () => {});
  });
  return pool;
}
