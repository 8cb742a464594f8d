// Imports run in the background: the request stores the parsed rows' count and answers 202 with a
// job to poll; the rows are then applied in small transactions, yielding to other requests between
// batches, with progress saved as it goes. Each row goes through the same rules as the write API.
import type { FastifyBaseLogger } from 'fastify';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/types.js';
import { invalidParameter, notFound, ProblemError } from '../../lib/problem.js';
import type { Principal } from '../keys/keys.service.js';
import type { SubmissionsService } from '../submissions/submissions.service.js';
import type { TaxonomyService } from '../taxonomy/taxonomy.service.js';
import { parseCsv } from './csv.js';
import { type ImportOptions, type ImportRow, LIST_VOCABULARIES } from './imports.model.js';
import { parseMeetingGuideFeed } from './meeting-guide.js';

type Executor = Kysely<Database>;
export type ImportFormat = 'meeting_guide' | 'csv';

const BATCH = 50;
const ROW_ATTEMPTS = 3;
export const MAX_IMPORT_ROWS = 20_000;

export interface RowResult {
  index: number;
  external_id: string | null;
  result: 'created' | 'updated' | 'unchanged' | 'invalid';
  group_id: string | null;
  errors: { field: string; reason: string }[];
}

export class ImportsService {
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly db: Db,
    private readonly taxonomy: TaxonomyService,
    private readonly submissions: SubmissionsService,
    private readonly log: FastifyBaseLogger,
  ) {}

  async parse(format: ImportFormat, body: unknown, defaultConditions: string[]): Promise<ImportRow[]> {
    const taxonomy = await this.taxonomy.get();
    for (const [i, code] of defaultConditions.entries()) {
      if (!taxonomy.has('conditions', code))
        throw invalidParameter(`conditions[${i}]`, 'is not a known condition code');
    }
    const taxonomyCodes = Object.fromEntries(LIST_VOCABULARIES.map((v) => [v, new Set(taxonomy.codes(v))]));
    const options: ImportOptions = { defaultConditions, taxonomyCodes };
    let rows: ImportRow[];
    try {
      rows = format === 'csv' ? parseCsv(String(body), options) : parseMeetingGuideFeed(body, options);
    } catch (error) {
      throw new ProblemError(400, 'invalid_body', 'Invalid feed', (error as Error).message.slice(0, 300));
    }
    if (rows.length > MAX_IMPORT_ROWS)
      throw invalidParameter('body', `at most ${MAX_IMPORT_ROWS} rows per import`, 'body');
    return rows;
  }

  /** Store the job (inside the request's transaction). */
  async enqueue(trx: Executor, principal: Principal, format: ImportFormat, total: number): Promise<string> {
    const row = await trx
      .insertInto('imports')
      .values({ organization_id: principal.organizationId!, api_key_id: principal.keyId, format, total })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /** Apply the rows in the background; the job row reports progress. */
  start(id: string, principal: Principal, rows: ImportRow[]): Promise<void> {
    const job = this.run(id, principal, rows).catch(async (error: unknown) => {
      this.log.error({ err: error, importId: id }, 'import failed');
      await this.db
        .updateTable('imports')
        .set({ status: 'failed', error: 'The import stopped on an internal error', finished_at: new Date() })
        .where('id', '=', id)
        .execute()
        .catch(() => {});
    });
    this.running.add(job);
    void job.finally(() => this.running.delete(job));
    return job;
  }

  /** Wait for running imports (shutdown, tests). */
  async drain(): Promise<void> {
    await Promise.all([...this.running]);
  }

  private async run(id: string, principal: Principal, rows: ImportRow[]): Promise<void> {
    await this.db.updateTable('imports').set({ status: 'running' }).where('id', '=', id).execute();
    const results: RowResult[] = [];
    const counts = { created: 0, updated: 0, unchanged: 0, invalid: 0 };
    for (let start = 0; start < rows.length; start += BATCH) {
      const batch = rows.slice(start, start + BATCH);
      for (const row of batch) {
        const result = await this.applyRow(principal, row);
        counts[result.result] += 1;
        results.push(result);
      }
      await this.db
        .updateTable('imports')
        .set({ processed: results.length, counts: JSON.stringify(counts) })
        .where('id', '=', id)
        .execute();
      // Let other requests run between batches: an import never holds the event loop for long.
      await new Promise((resolve) => setImmediate(resolve));
    }
    await this.db
      .updateTable('imports')
      .set({
        status: 'done',
        processed: results.length,
        counts: JSON.stringify(counts),
        results: JSON.stringify(results),
        finished_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  }

  /** One row in its own transaction: a bad row never undoes the good ones, nor half-writes itself. */
  private async applyRow(principal: Principal, row: ImportRow): Promise<RowResult> {
    const base = { index: row.index, external_id: row.externalId };
    if (!row.ok) return { ...base, result: 'invalid', group_id: null, errors: row.errors };
    for (let attempt = 1; ; attempt++) {
      try {
        const { result, id } = await this.db
          .transaction()
          .execute((trx) => this.submissions.importGroup(trx, principal, row.group));
        return { ...base, result, group_id: id, errors: [] };
      } catch (error) {
        if (error instanceof ProblemError && error.status < 500) {
          const errors = (error.invalidParams ?? [{ name: 'row', reason: error.message }]).map((p) => ({
            field: p.name,
            reason: p.reason,
          }));
          return { ...base, result: 'invalid', group_id: null, errors };
        }
        // A busy database (no free connection, a serialization failure) is worth another try;
        // the row's transaction rolled back, so retrying cannot write it twice.
        if (attempt >= ROW_ATTEMPTS) throw error;
        this.log.warn({ err: { message: (error as Error).message }, attempt }, 'import row failed; retrying');
        await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
      }
    }
  }

  async get(principal: Principal, id: string) {
    const row = await this.db.selectFrom('imports').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row || row.organization_id !== principal.organizationId) throw notFound('Import');
    return {
      id: row.id,
      format: row.format,
      status: row.status,
      total: row.total,
      processed: row.processed,
      counts: { created: 0, updated: 0, unchanged: 0, invalid: 0, ...row.counts },
      results: row.status === 'done' ? (row.results as RowResult[]) : null,
      error: row.error,
      created_at: row.created_at.toISOString(),
      finished_at: row.finished_at?.toISOString() ?? null,
    };
  }
}
