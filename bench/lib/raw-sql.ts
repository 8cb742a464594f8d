// The database ceiling: the exact statements Circles sends for each search, captured by running
// the same service code in this process on a Kysely that records SQL and parameters, then replayed
// through `pg` at the same concurrency and pool size, with no HTTP, validation or JSON around them.
import { AsyncLocalStorage } from 'node:async_hooks';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { createPool } from '../../src/db/connect.js';
import type { Database } from '../../src/db/types.js';
import type { SearchGroupsParams } from '../../src/modules/groups/groups.schemas.js';
import { GroupsService } from '../../src/modules/groups/groups.service.js';
import { TaxonomyService } from '../../src/modules/taxonomy/taxonomy.service.js';
import { PostgresSearchEngine } from '../../src/search/postgres-engine.js';
import type { Canceller } from './database.js';
import { percentile } from './load.js';
import type { Params } from './params.js';
import { Rng } from './random.js';

export interface Statement {
  sql: string;
  parameters: readonly unknown[];
}

/** The statements of one request in stages: statements of one stage ran concurrently. */
export type CapturedRequest = Statement[][];

interface Logged extends Statement {
  start: number;
  end: number;
}

export class SqlCapture {
  private readonly pool: pg.Pool;
  private readonly service: GroupsService;
  /** The statements of the capture each query runs for: captures may run concurrently. */
  private readonly current = new AsyncLocalStorage<Logged[]>();
  private warmed: Promise<unknown> | null = null;

  constructor(url: string) {
    this.pool = createPool({ connectionString: url, max: 10, applicationName: 'circles-bench' });
    const db = new Kysely<Database>({
      dialect: new PostgresDialect({ pool: this.pool }),
      log: (event) => {
        if (event.level !== 'query') return;
        const end = performance.now();
        this.current.getStore()?.push({
          sql: event.query.sql,
          parameters: event.query.parameters,
          start: end - event.queryDurationMillis,
          end,
        });
      },
    });
    const taxonomy = new TaxonomyService(db);
    this.service = new GroupsService({
      db,
      taxonomy,
      engine: new PostgresSearchEngine(db, () => taxonomy.get()),
    });
  }

  /** Runs one REST search as the server does and returns the statements it sent. */
  async capture(params: Params): Promise<CapturedRequest> {
    this.warmed ??= this.service.search({} as SearchGroupsParams); // loads the taxonomy once
    await this.warmed;
    const log: Logged[] = [];
    await this.current.run(log, () => this.service.search(params as SearchGroupsParams));
    const statements = log.sort((a, b) => a.start - b.start);
    const stages: CapturedRequest = [];
    let stageEnd = -1;
    for (const s of statements) {
      if (s.start >= stageEnd || stages.length === 0) stages.push([]);
      stages.at(-1)!.push({ sql: s.sql, parameters: s.parameters });
      stageEnd = Math.max(stageEnd, s.end);
    }
    return stages;
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

const REPLAY_APPLICATION = 'circles-raw-sql';

export interface RawResult {
  requests: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
}

/**
 * Replays captured requests, picked at random, `connections` at a time for `duration` seconds.
 * Counted as autocannon counts: requests completed within the duration, over the duration; those
 * still running at the end are cancelled (see openCanceller), not waited for.
 */
export async function replay(
  url: string,
  requests: CapturedRequest[],
  options: { connections: number; duration: number; seed: number; poolSize: number; canceller: Canceller },
): Promise<RawResult> {
  // The app's pool settings (its statement timeout; a client still closing when the bench stops
  // PostgreSQL right after pool.end() must not crash the run with an unheard 'error').
  const pool = createPool({
    connectionString: url,
    max: options.poolSize,
    applicationName: REPLAY_APPLICATION,
  });
  const rng = new Rng(options.seed);
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + options.duration * 1000;
  // pool.query() as it is, except that a statement still queued for a connection at the deadline
  // is not sent: only the running ones are left to cancel.
  const query = async (statement: Statement) => {
    const client = await pool.connect();
    try {
      if (performance.now() > until) throw new Error('the run is over');
      return await client.query(statement.sql, statement.parameters as unknown[]);
    } finally {
      client.release();
    }
  };
  const worker = async () => {
    while (performance.now() < until) {
      const request = rng.pick(requests);
      const t0 = performance.now();
      try {
        for (const stage of request) {
          await Promise.all(stage.map(query));
        }
        if (performance.now() <= until) latencies.push(performance.now() - t0);
      } catch {
        if (performance.now() <= until) errors++;
      }
    }
  };
  const workers = Promise.all(Array.from({ length: options.connections }, worker));
  await new Promise((resolve) => setTimeout(resolve, options.duration * 1000));
  await options.canceller.cancelAll(REPLAY_APPLICATION);
  await workers;
  await pool.end();
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    rps: latencies.length / options.duration,
    p50: percentile(latencies, 50),
    p975: percentile(latencies, 97.5),
    p99: percentile(latencies, 99),
    errors,
  };
}
