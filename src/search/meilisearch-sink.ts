// The indexer's sink in production: documents to a Meilisearch index. Every write is a task that is
// only enqueued; it counts as done only when the task succeeded (FIELD-NOTES). A batch is atomic
// in Meilisearch, so a failed batch is split to isolate the document that fails.
import type { Meilisearch, Task } from 'meilisearch';
import type { IndexDocument, IndexSink } from './indexer.js';

export class MeilisearchSink implements IndexSink {
  constructor(
    private readonly client: Meilisearch,
    private readonly indexUid: () => string,
    private readonly taskTimeoutMs = 30_000,
  ) {}

  async upsert(documents: IndexDocument[]): Promise<void> {
    const task = await this.client
      .index(this.indexUid())
      .addDocuments(documents, { primaryKey: 'id' })
      .waitTask({ timeout: this.taskTimeoutMs, interval: 50 });
    if (task.status === 'succeeded') return;
    if (documents.length === 1) throw failed(task, `document ${documents[0]!.id}`);
    const half = Math.ceil(documents.length / 2);
    await this.upsert(documents.slice(0, half));
    await this.upsert(documents.slice(half));
  }

  async remove(ids: string[]): Promise<void> {
    const task = await this.client
      .index(this.indexUid())
      .deleteDocuments(ids)
      .waitTask({ timeout: this.taskTimeoutMs, interval: 50 });
    if (task.status !== 'succeeded') throw failed(task, `${ids.length} deletions`);
  }
}

function failed(task: Task, what: string): Error {
  return new Error(
    `Meilisearch task ${task.uid} ${task.status} for ${what}: ${task.error?.message ?? 'no reason given'}`,
  );
}
