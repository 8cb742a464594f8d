// buildApp(config) -> a Fastify instance, not listening. server.ts listens; tests use inject().
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import type { Config } from './config.js';
import { findNul } from './lib/nul.js';
import { invalidParameter, ProblemError } from './lib/problem.js';
import { ProblemSchema } from './lib/schemas.js';
import { AJV_OPTIONS } from './lib/validation.js';
import feedsRoutes from './modules/feeds/feeds.routes.js';
import groupsRoutes from './modules/groups/groups.routes.js';
import { GroupDetailSchema, GroupSchema, MeetingSchema } from './modules/groups/groups.schemas.js';
import healthRoutes from './modules/health/health.routes.js';
import hsdsRoutes from './modules/hsds/hsds.routes.js';
import importsRoutes from './modules/imports/imports.routes.js';
import keysRoutes from './modules/keys/keys.routes.js';
import moderationRoutes from './modules/moderation/moderation.routes.js';
import organizationsRoutes from './modules/organizations/organizations.routes.js';
import { OrganizationSchema } from './modules/organizations/organizations.schemas.js';
import submissionsRoutes from './modules/submissions/submissions.routes.js';
import taxonomyRoutes from './modules/taxonomy/taxonomy.routes.js';
import { TermSchema, VocabularySchema } from './modules/taxonomy/taxonomy.schemas.js';
import widgetRoutes from './modules/widget/widget.routes.js';
import authPlugin from './plugins/auth.js';
import compressionPlugin from './plugins/compression.js';
import corsPlugin from './plugins/cors.js';
import dbPlugin from './plugins/db.js';
import errorsPlugin, { sendProblem } from './plugins/errors.js';
import graphqlPlugin from './plugins/graphql.js';
import httpCachePlugin from './plugins/http-cache.js';
import idempotencyPlugin from './plugins/idempotency.js';
import jsonBodyPlugin from './plugins/json-body.js';
import openapiPlugin from './plugins/openapi.js';
import rateLimitPlugin from './plugins/rate-limit.js';
import servicesPlugin from './plugins/services.js';

export interface BuildOptions {
  config: Config;
  /** The resolved database (config.databaseUrl, or the embedded server's). */
  databaseUrl: string;
  /** Fixed "now" for tests of next-meeting times. */
  clock?: () => Date;
  /** Overrides the log destination (tests capture logs to check what they hold). */
  logStream?: NodeJS.WritableStream;
  /** Called with every SQL statement the app sends (tests count them). */
  onQuery?: (sql: string) => void;
}

// A search on this directory is health information: request logs carry the path and route but
// never the query string, the client address, or credentials.
export function loggerOptions(
  config: Config,
  stream?: NodeJS.WritableStream,
): FastifyServerOptions['logger'] {
  return {
    level: config.logLevel,
    ...(stream ? { stream } : {}),
    redact: {
      paths: [
        'req.headers.authorization',
        'req.headers.cookie',
        'req.headers["x-api-key"]',
        '*.email',
        '*.phone',
      ],
      censor: '[redacted]',
    },
    serializers: {
      req: (req: { method: string; url: string; routeOptions?: { url?: string } }) => ({
        method: req.method,
        path: req.url.split('?')[0],
        route: req.routeOptions?.url,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

export async function buildApp(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: loggerOptions(config, options.logStream),
    trustProxy: config.trustProxy,
    bodyLimit: 256 * 1024,
    // Fastify has no timeouts by default (FIELD-NOTES); a slow client must not hold a socket.
    connectionTimeout: 30_000,
    requestTimeout: 30_000,
    keepAliveTimeout: 10_000,
    routerOptions: { maxParamLength: 200, ignoreTrailingSlash: true },
    ajv: { customOptions: { ...AJV_OPTIONS } },
    // Errors the router raises before any route or error handler runs (a path segment over
    // maxParamLength, a malformed percent-encoding) left as Fastify's own JSON, not problem+json
    // (found by fuzzing).
    frameworkErrors: (error, request, reply) => {
      const problem =
        error.code === 'FST_ERR_MAX_PARAM_LENGTH'
          ? new ProblemError(414, 'invalid_parameter', 'URI too long', 'A path segment is too long')
          : new ProblemError(400, 'invalid_parameter', 'Bad request', 'The URL is malformed');
      return sendProblem(reply, request, problem);
    },
  });

  // Ecosystem plugins, our plugins, then routes (Fastify's documented order).
  // Shared schemas, referenced by $id from every route (and listed once in the OpenAPI document).
  for (const schema of [
    ProblemSchema,
    TermSchema,
    VocabularySchema,
    MeetingSchema,
    GroupSchema,
    GroupDetailSchema,
    OrganizationSchema,
  ]) {
    app.addSchema(schema);
  }
  await app.register(errorsPlugin);
  await app.register(jsonBodyPlugin);
  // Hooks that run on every request and do no I/O are synchronous (done-style), like this one: an
  // async hook costs each request a promise and a turn of the microtask queue (bench S8).
  app.addHook('preValidation', (request, _reply, done) => {
    for (const [where, value] of [
      ['query', request.query],
      ['path', request.params],
      ['header', request.headers],
      ['body', request.body],
    ] as const) {
      const name = findNul(value);
      if (name) return done(invalidParameter(name, 'must not contain NUL characters', where));
    }
    done();
  });
  await app.register(corsPlugin);
  await app.register(openapiPlugin);
  await app.register(dbPlugin, {
    connectionString: options.databaseUrl,
    poolSize: config.dbPoolSize,
    statementTimeoutMs: config.dbStatementTimeoutMs,
    lockTimeoutMs: config.dbLockTimeoutMs,
    connectTimeoutMs: config.dbConnectTimeoutMs,
    ...(options.onQuery ? { onQuery: options.onQuery } : {}),
  });
  await app.register(authPlugin);
  // Before http-cache: the ETag is then computed over the bytes sent, compressed or not.
  await app.register(compressionPlugin);
  await app.register(httpCachePlugin);
  await app.register(rateLimitPlugin, { perMinute: config.rateLimitPerMinute, redisUrl: config.redisUrl });
  await app.register(servicesPlugin, {
    config,
    databaseUrl: options.databaseUrl,
    ...(options.clock ? { clock: options.clock } : {}),
  });
  await app.register(idempotencyPlugin);

  await app.register(graphqlPlugin, {
    graphiql: config.graphiql,
    introspection: config.graphqlIntrospection,
  });

  await app.register(healthRoutes);
  await app.register(taxonomyRoutes);
  await app.register(groupsRoutes);
  await app.register(submissionsRoutes);
  await app.register(moderationRoutes);
  await app.register(importsRoutes);
  await app.register(organizationsRoutes);
  await app.register(feedsRoutes);
  await app.register(hsdsRoutes, { publicUrl: config.publicUrl });
  await app.register(keysRoutes);
  await app.register(widgetRoutes, { graphiql: config.graphiql, publicUrl: config.publicUrl });
  return app;
}
