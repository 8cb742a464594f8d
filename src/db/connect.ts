import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { Database } from './types.js';

// Return int8 (e.g. count(*)) as a JS number: our counts are far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number.parseInt(value, 10));

export type Db = Kysely<Database>;

export interface DbOptions {
  connectionString: string;
  max?: number;
  applicationName?: string;
  /**
   * Called after every statement (tests count them to prove there is no N+1), with the error when
   * Postgres refused it (robustness tests prove that hostile input never reaches Postgres as SQL).
   */
  onQuery?: (sql: string, error?: unknown) => void;
}

export function createDb({
  connectionString,
  max = 10,
  applicationName = 'circles',
  onQuery,
}: DbOptions): Db {
  const pool = new pg.Pool({
    connectionString,
    max,
    application_name: applicationName,
    // A query that runs away must not hold a connection forever; searches take milliseconds.
    statement_timeout: 15_000,
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // An idle client that loses its server (restart, failover) emits 'error'; without a listener that
  // would crash the process. The pool replaces the client on the next checkout.
  pool.on('error', () => {});
  return new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    ...(onQuery
      ? { log: (event) => onQuery(event.query.sql, event.level === 'error' ? event.error : undefined) }
      : {}),
  });
}
