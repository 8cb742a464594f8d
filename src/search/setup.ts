// Which engine serves search: Postgres alone, or Meilisearch (when MEILISEARCH_URL is set) with
// Postgres answering whenever Meilisearch fails or is slow, and the indexer that keeps it in sync.
import type { FastifyBaseLogger } from 'fastify';
import { Meilisearch } from 'meilisearch';
import type { Config } from '../config.js';
import type { Db } from '../db/connect.js';
import type { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import { FallbackSearchEngine } from './fallback-engine.js';
import { documentLoader } from './index-documents.js';
import { Indexer, outboxBacklog } from './indexer.js';
import { MeilisearchSearchEngine } from './meilisearch/engine.js';
import { ensureIndex, reindex } from './meilisearch-index.js';
import { MeilisearchSink } from './meilisearch-sink.js';
import { PostgresSearchEngine } from './postgres-engine.js';
import type { SearchEngine } from './query.js';

export interface SearchSetup {
  engine: SearchEngine;
  /** For /readyz: which engine serves, and whether it is degraded. */
  health(): Promise<Record<string, string>>;
  close(): Promise<void>;
}

/** A primary failure this recent still marks search as degraded. */
const DEGRADED_FOR_MS = 60_000;

export function meilisearchClient(config: Config): Meilisearch {
  return new Meilisearch({
    host: config.meilisearchUrl!,
    ...(config.meilisearchKey ? { apiKey: config.meilisearchKey } : {}),
    timeout: Math.max(config.searchTimeoutMs, 2_000),
  });
}

export async function createSearch(
  db: Db,
  taxonomy: TaxonomyService,
  config: Config,
  log: FastifyBaseLogger,
): Promise<SearchSetup> {
  const postgres = new PostgresSearchEngine(db, () => taxonomy.get());
  if (!config.meilisearchUrl) {
    return { engine: postgres, health: async () => ({ search: 'postgres' }), close: async () => {} };
  }

  const client = meilisearchClient(config);
  const indexUid = config.searchIndex;
  const engine = new FallbackSearchEngine(
    new MeilisearchSearchEngine({ client, indexUid, timeoutMs: config.searchTimeoutMs, fallback: postgres }),
    postgres,
    config.searchTimeoutMs,
    log,
  );
  const indexer =
    config.indexer === 'in-process'
      ? new Indexer(db, new MeilisearchSink(client, () => indexUid), documentLoader(db, taxonomy), { log })
      : null;

  // Settings before documents. If the index is new or its settings changed, rebuild it from
  // Postgres in the background; until then the old index (or Postgres) answers. A Meilisearch that
  // is down at boot is not fatal: search falls back and the indexer retries.
  const prepared = ensureIndex(client, indexUid, taxonomy)
    .then(async (state) => {
      if (state === 'rebuild' && indexer) {
        log.info('search index: building from Postgres');
        const n = await reindex(client, db, taxonomy, indexUid);
        log.info({ documents: n }, 'search index: built and swapped in');
      }
    })
    .catch((error: unknown) => {
      engine.lastFailureAt = Date.now();
      log.warn(
        { err: { message: (error as Error).message } },
        'search index: not ready; searches fall back to Postgres',
      );
    })
    .finally(() => indexer?.start());

  return {
    engine,
    async health() {
      const backlog = String(await outboxBacklog(db));
      let reachable = true;
      try {
        await client.health();
      } catch {
        reachable = false;
      }
      const recentFailure =
        engine.lastFailureAt !== null && Date.now() - engine.lastFailureAt < DEGRADED_FOR_MS;
      return { search: reachable && !recentFailure ? 'meilisearch' : 'degraded', outbox_backlog: backlog };
    },
    async close() {
      await prepared;
      await indexer?.stop();
    },
  };
}
