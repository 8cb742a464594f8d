// npm run search:reindex: build a fresh Meilisearch index from Postgres, with progress, and swap it
// in atomically; search keeps using the old index until the swap.
import { createDb } from '../db/connect.js';
import { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import { reindex } from '../search/meilisearch-index.js';
import { meilisearchClient } from '../search/setup.js';
import { fail, withDatabase } from './database.js';

await withDatabase(async (url, config) => {
  if (!config.meilisearchUrl) fail('MEILISEARCH_URL is not set: Postgres serves search and needs no index');
  const db = createDb({ connectionString: url, max: 2, applicationName: 'circles-reindex' });
  const started = Date.now();
  let last = 0;
  try {
    const n = await reindex(
      meilisearchClient(config),
      db,
      new TaxonomyService(db),
      config.searchIndex,
      (done, total) => {
        if (done === total || Date.now() - last > 1000) {
          last = Date.now();
          console.log(`indexed ${done}/${total} groups (${Math.round((done / Math.max(total, 1)) * 100)}%)`);
        }
      },
    );
    console.log(
      `done: ${n} groups in ${((Date.now() - started) / 1000).toFixed(1)} s; index ${config.searchIndex} swapped in`,
    );
  } finally {
    await db.destroy();
  }
}).catch(fail);
