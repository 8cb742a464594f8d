// Drains the search outbox into the index. Safe to run in several processes at once: each batch
// claims its rows with FOR UPDATE SKIP LOCKED, so no two indexers send the same entry. An entry is
// done only when the index says its task succeeded; failures retry with exponential backoff.
// Versions guard the index: an entry older than what the index already holds is dropped.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import type { Db } from '../db/connect.js';

/** Where documents go (Meilisearch in production). Each call resolves once the write is applied. */
export interface IndexSink {
  upsert(documents: IndexDocument[]): Promise<void>;
  remove(ids: string[]): Promise<void>;
}

export interface IndexDocument {
  id: string;
  version: number;
  [field: string]: unknown;
}

/** The documents for groups that should be searchable; missing ids are to be removed. */
export type DocumentLoader = (groupIds: string[]) => Promise<Map<string, IndexDocument>>;

export interface IndexerOptions {
  batchSize?: number;
  /** First retry delay; doubles per attempt, capped at maxBackoffMs. */
  backoffMs?: number;
  maxBackoffMs?: number;
  pollMs?: number;
  log?: FastifyBaseLogger;
}

export class Indexer {
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<number> | null = null;
  private readonly batchSize: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly pollMs: number;

  constructor(
    private readonly db: Db,
    private readonly sink: IndexSink,
    private readonly load: DocumentLoader,
    private readonly options: IndexerOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 200;
    this.backoffMs = options.backoffMs ?? 1_000;
    this.maxBackoffMs = options.maxBackoffMs ?? 5 * 60_000;
    this.pollMs = options.pollMs ?? 500;
  }

  /** Process one batch of due entries; returns how many entries it took (0: nothing due). */
  async drainOnce(): Promise<number> {
    return this.db.transaction().execute(async (trx) => {
      const entries = await trx
        .selectFrom('search_outbox')
        .select(['id', 'group_id', 'version', 'attempts'])
        .where('next_attempt_at', '<=', sql<Date>`now()`)
        .orderBy('id')
        .limit(this.batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (entries.length === 0) return 0;

      // The newest version of each group in the batch is all that matters.
      const newest = new Map<string, number>();
      for (const e of entries) newest.set(e.group_id, Math.max(newest.get(e.group_id) ?? 0, e.version));
      const ids = [...newest.keys()];
      const state = await trx
        .selectFrom('search_index_state')
        .select(['group_id', 'indexed_version'])
        .where('group_id', 'in', ids)
        .forUpdate()
        .execute();
      const indexed = new Map(state.map((s) => [s.group_id, s.indexed_version]));
      const due = ids.filter((id) => (indexed.get(id) ?? 0) < newest.get(id)!);

      try {
        if (due.length > 0) {
          const documents = await this.load(due);
          const upserts = due.flatMap((id) => documents.get(id) ?? []);
          const removals = due.filter((id) => !documents.has(id));
          if (upserts.length > 0) await this.sink.upsert(upserts);
          if (removals.length > 0) await this.sink.remove(removals);
          await trx
            .insertInto('search_index_state')
            // The document sent carries the row's current version, which may be newer than the
            // entries in this batch: record that, so their later entries are not sent again.
            .values(
              due.map((id) => ({
                group_id: id,
                indexed_version: Math.max(newest.get(id)!, documents.get(id)?.version ?? 0),
              })),
            )
            .onConflict((oc) =>
              oc.column('group_id').doUpdateSet((eb) => ({
                indexed_version: sql<number>`greatest(${eb.ref('search_index_state.indexed_version')}, ${eb.ref('excluded.indexed_version')})`,
                indexed_at: sql<Date>`now()`,
              })),
            )
            .execute();
        }
        await trx
          .deleteFrom('search_outbox')
          .where(
            'id',
            'in',
            entries.map((e) => e.id),
          )
          .execute();
      } catch (error) {
        const message = error instanceof Error ? error.message.slice(0, 500) : String(error);
        this.options.log?.warn({ err: { message }, entries: entries.length }, 'indexing failed; will retry');
        const attempts = Math.max(...entries.map((e) => e.attempts)) + 1;
        const delay = Math.min(this.backoffMs * 2 ** (attempts - 1), this.maxBackoffMs);
        await trx
          .updateTable('search_outbox')
          .set({
            attempts: sql<number>`attempts + 1`,
            next_attempt_at: sql<Date>`now() + make_interval(secs => ${delay / 1000})`,
            last_error: message,
          })
          .where(
            'id',
            'in',
            entries.map((e) => e.id),
          )
          .execute();
      }
      return entries.length;
    });
  }

  /** Drain until nothing is due (a reindex, tests). */
  async drainAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.drainOnce();
      if (n === 0) return total;
      total += n;
    }
  }

  /** Poll in the background (the in-process indexer). */
  start(): void {
    if (this.timer) return;
    const tick = async () => {
      try {
        this.draining = this.drainAll();
        await this.draining;
      } catch (error) {
        this.options.log?.warn({ err: { message: (error as Error).message } }, 'indexer pass failed');
      } finally {
        this.draining = null;
        if (this.timer) this.timer = setTimeout(tick, this.pollMs);
      }
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.draining?.catch(() => {});
  }
}

/** How many entries wait (for /readyz). */
export async function outboxBacklog(db: Db): Promise<number> {
  const row = await db
    .selectFrom('search_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
