// Search keeps working when the index does not: if the primary engine (Meilisearch) errors or
// takes longer than its timeout, the same query is answered by the Postgres engine, and the result
// says which engine answered (meta.engine, and the x-search-engine header).
import type { FastifyBaseLogger } from 'fastify';
import { ProblemError } from '../lib/problem.js';
import type { SearchEngine, SearchQuery, SearchResult } from './query.js';

export class FallbackSearchEngine implements SearchEngine {
  readonly name: SearchEngine['name'];
  /** When the primary last failed (epoch ms), for /readyz. */
  lastFailureAt: number | null = null;

  constructor(
    private readonly primary: SearchEngine,
    private readonly fallback: SearchEngine,
    private readonly timeoutMs: number,
    private readonly log?: FastifyBaseLogger,
  ) {
    this.name = primary.name;
  }

  async search(query: SearchQuery): Promise<SearchResult> {
    // A later page continues in the engine that made its cursor.
    if (query.after?.engine === this.fallback.name) {
      return { ...(await this.fallback.search(query)), engine: this.fallback.name, degraded: true };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`${this.primary.name} took longer than ${this.timeoutMs} ms`)),
          this.timeoutMs,
        );
      });
      const result = await Promise.race([this.primary.search(query), timeout]);
      // The primary may itself have handed the query on (e.g. a next-meeting sort over many matches).
      return { ...result, engine: result.engine ?? this.primary.name };
    } catch (error) {
      this.lastFailureAt = Date.now();
      if (query.after?.engine === this.primary.name) {
        // Its position means nothing to the other engine: the client has to start again.
        throw new ProblemError(
          503,
          'service_unavailable',
          'Search index unavailable',
          'The search index that made this cursor is unavailable; run the search again without the cursor',
        );
      }
      // The message only: a query's terms must never reach the log.
      this.log?.warn(
        { err: { message: (error as Error).message } },
        `${this.primary.name} failed; answering from ${this.fallback.name}`,
      );
      const result = await this.fallback.search(query);
      return { ...result, engine: this.fallback.name, degraded: true };
    } finally {
      clearTimeout(timer);
    }
  }
}
