// The use-case layer, built once per app and shared by REST routes (and GraphQL resolvers).
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import type { Config } from '../config.js';
import { createPool } from '../db/connect.js';
import { HistoryService } from '../modules/audit/audit.service.js';
import { GroupsService } from '../modules/groups/groups.service.js';
import { ImportsService } from '../modules/imports/imports.service.js';
import { ModerationService } from '../modules/moderation/moderation.service.js';
import { OrganizationsService } from '../modules/organizations/organizations.service.js';
import { SubmissionsService } from '../modules/submissions/submissions.service.js';
import { TaxonomyService } from '../modules/taxonomy/taxonomy.service.js';
import type { SearchEngine } from '../search/query.js';
import { generationReader, ResultCache } from '../search/result-cache.js';
import { createSearch } from '../search/setup.js';

declare module 'fastify' {
  interface FastifyInstance {
    taxonomy: TaxonomyService;
    searchEngine: SearchEngine;
    searchHealth(): Promise<Record<string, string>>;
    /** Public read results until the next write (disabled with Meilisearch or CIRCLES_RESULT_CACHE=off). */
    resultCache: ResultCache;
    groups: GroupsService;
    organizations: OrganizationsService;
    submissions: SubmissionsService;
    moderation: ModerationService;
    history: HistoryService;
    imports: ImportsService;
  }
}

export interface ServicesOptions {
  config: Config;
  /** The resolved database (the result cache reads its generation on a pool of its own). */
  databaseUrl: string;
  clock?: () => Date;
}

export default fp<ServicesOptions>(
  async function services(app: FastifyInstance, options) {
    const taxonomy = new TaxonomyService(app.db);
    // Loaded before the first request, so no write transaction waits for a connection to load it.
    // A database that is down at boot is reported by /readyz; the first request then loads it.
    app.addHook('onReady', async () => {
      await taxonomy
        .get()
        .catch((error: unknown) => app.log.warn({ err: error }, 'taxonomy not loaded at boot'));
    });
    const setup = await createSearch(app.db, taxonomy, options.config, app.log);
    const search = setup.engine;
    app.decorate('searchHealth', () => setup.health());
    app.addHook('onClose', () => setup.close());
    app.decorate('taxonomy', taxonomy);
    // Only Postgres answers are cached: a Meilisearch index lags the database by design.
    const cacheable = options.config.resultCache && !options.config.meilisearchUrl;
    const clock = options.clock;
    // Two connections: two generation reads may be in flight (result-cache.ts).
    const generationPool = cacheable
      ? createPool({
          connectionString: options.databaseUrl,
          max: 2,
          applicationName: 'circles-cache',
          statementTimeoutMs: options.config.dbStatementTimeoutMs,
          connectTimeoutMs: options.config.dbConnectTimeoutMs,
        })
      : null;
    if (generationPool) app.addHook('onClose', () => generationPool.end());
    app.decorate(
      'resultCache',
      new ResultCache(generationPool ? generationReader(generationPool) : null, {
        maxBytes: options.config.resultCacheMb * 1024 * 1024,
        ...(clock ? { now: () => clock().getTime() } : {}),
      }),
    );
    app.decorate('searchEngine', search);
    app.decorate(
      'groups',
      new GroupsService({
        db: app.db,
        taxonomy,
        engine: search,
        ...(options.clock ? { clock: options.clock } : {}),
      }),
    );
    app.decorate('organizations', new OrganizationsService(app.db));
    const submissions = new SubmissionsService(taxonomy);
    app.decorate('submissions', submissions);
    const imports = new ImportsService(app.db, taxonomy, submissions, app.log);
    app.decorate('imports', imports);
    // Finish running imports before the pool closes.
    app.addHook('preClose', () => imports.drain());
    app.decorate('moderation', new ModerationService(app.db));
    app.decorate('history', new HistoryService(app.db));
  },
  { name: 'services', fastify: '5.x', dependencies: ['db'] },
);
