// npm run indexer: drain the search outbox into Meilisearch as its own process (run the API with
// CIRCLES_INDEXER=off then). Several may run at once; each entry is sent by one of them.
import { createDb } from '../db/connect.js';
import { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import { documentLoader } from '../search/index-documents.js';
import { Indexer } from '../search/indexer.js';
import { MeilisearchSink } from '../search/meilisearch-sink.js';
import { meilisearchClient } from '../search/setup.js';
import { fail, withDatabase } from './database.js';

await withDatabase(async (url, config) => {
  if (!config.meilisearchUrl) fail('MEILISEARCH_URL is not set: there is no index to keep in sync');
  const db = createDb({ connectionString: url, max: 2, applicationName: 'circles-indexer' });
  const taxonomy = new TaxonomyService(db);
  const client = meilisearchClient(config);
  const indexer = new Indexer(
    db,
    new MeilisearchSink(client, () => config.searchIndex),
    documentLoader(db, taxonomy),
  );
  indexer.start();
  console.log(
    `indexer: draining the outbox into ${config.meilisearchUrl} index ${config.searchIndex} (Ctrl-C to stop)`,
  );
  await new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => resolve());
  });
  await indexer.stop();
  await db.destroy();
}).catch(fail);
