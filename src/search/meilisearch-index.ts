// The Meilisearch index's lifecycle: settings are applied before any document (so filters and
// sorts exist when documents arrive), and a change of settings means a rebuild. A rebuild builds
// a new index aside from Postgres and swaps it in atomically, so search never sees a half-built
// index (FIELD-NOTES).
import type { Meilisearch } from 'meilisearch';
import type { Db } from '../db/connect.js';
import type { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import { documentLoader, publishedGroupIds } from './index-documents.js';
import { indexSettings, settingsFingerprint } from './meilisearch/settings.js';
import { MeilisearchSink } from './meilisearch-sink.js';

const TASK_TIMEOUT_MS = 120_000;

/** The fingerprint of the live index's settings, or null when there is no such index. */
async function liveFingerprint(client: Meilisearch, indexUid: string): Promise<string | null> {
  try {
    const settings = await client.index(indexUid).getSettings();
    return settingsFingerprint(settings);
  } catch {
    return null;
  }
}

/** Create the index with our settings if it does not exist; report whether it needs a rebuild. */
export async function ensureIndex(
  client: Meilisearch,
  indexUid: string,
  taxonomy: TaxonomyService,
): Promise<'ready' | 'rebuild'> {
  const wanted = indexSettings(await taxonomy.get());
  const live = await liveFingerprint(client, indexUid);
  if (live === null) {
    await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
    await client.index(indexUid).updateSettings(wanted).waitTask({ timeout: TASK_TIMEOUT_MS });
    return 'rebuild';
  }
  return live === settingsFingerprint(wanted) ? 'ready' : 'rebuild';
}

export type ReindexProgress = (done: number, total: number) => void;

/** Build a fresh index from Postgres and swap it in for `indexUid`. Returns the documents indexed. */
export async function reindex(
  client: Meilisearch,
  db: Db,
  taxonomy: TaxonomyService,
  indexUid: string,
  onProgress?: ReindexProgress,
): Promise<number> {
  const aside = `${indexUid}_${Date.now()}`;
  await client.createIndex(aside, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
  await client
    .index(aside)
    .updateSettings(indexSettings(await taxonomy.get()))
    .waitTask({ timeout: TASK_TIMEOUT_MS });
  const sink = new MeilisearchSink(client, () => aside, TASK_TIMEOUT_MS);
  const load = documentLoader(db, taxonomy);
  const total = Number(
    (
      await db
        .selectFrom('groups')
        .select((eb) => eb.fn.countAll().as('n'))
        .where('status', '=', 'published')
        .executeTakeFirstOrThrow()
    ).n,
  );
  let done = 0;
  for await (const ids of publishedGroupIds(db, 1000)) {
    const documents = [...(await load(ids)).values()];
    if (documents.length > 0) await sink.upsert(documents);
    done += ids.length;
    onProgress?.(done, total);
  }
  const exists = (await liveFingerprint(client, indexUid)) !== null;
  if (!exists)
    await client.createIndex(indexUid, { primaryKey: 'id' }).waitTask({ timeout: TASK_TIMEOUT_MS });
  await client
    .swapIndexes([{ indexes: [indexUid, aside], rename: false }])
    .waitTask({ timeout: TASK_TIMEOUT_MS });
  // After the swap, `aside` names the old index.
  await client.deleteIndex(aside).waitTask({ timeout: TASK_TIMEOUT_MS });
  return done;
}
