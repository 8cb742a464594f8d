// Per-client request budget on the public API. In memory on one machine; with REDIS_URL the
// budget is shared by every instance behind the load balancer.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { ProblemError } from '../lib/problem.js';

export interface RateLimitOptions {
  perMinute: number;
  redisUrl: string | null;
}

/** Budgets per minute, relative to the anonymous read budget (CIRCLES_RATE_LIMIT). */
export const RATE_LIMITS = {
  /** A key on a read raises its budget. */
  keyedReadFactor: 5,
  /** Writes, per key. */
  writesPerMinute: (perMinute: number) => Math.max(1, Math.floor(perMinute / 10)),
  /** Public "this listing is wrong" reports, per client address: tight, they reach a human queue. */
  reportsPerMinute: 5,
};

// The budget is counted per key when a valid key was sent, else per client address. The address
// is only a counter's name in memory or Redis; it is never logged.
export function rateLimitKey(request: FastifyRequest): string {
  return request.principal ? `key:${request.principal.keyId}` : `ip:${request.ip}`;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Per-route budgets (requests per minute) for `config.rateLimit.max`. */
    rateLimits: { writes: number };
    /**
     * The public-report budget, one per client whichever front end it uses (REST or GraphQL):
     * throws a 429 problem when it is spent, and sets Retry-After on `reply` when given.
     */
    limitReports(request: FastifyRequest, reply?: FastifyReply): Promise<void>;
  }
}

export default fp<RateLimitOptions>(
  async function rateLimits(app: FastifyInstance, options) {
    app.decorate('rateLimits', {
      writes: RATE_LIMITS.writesPerMinute(options.perMinute),
    });
    const redis = options.redisUrl
      ? new Redis(options.redisUrl, {
          connectTimeout: 2_000,
          // A Redis that hangs (stopped, partitioned) keeps its socket open and never answers: without
          // a deadline every request would wait on it forever (found by test/robustness/faults.test.ts).
          // A budget check takes well under a millisecond; after this it fails open like an outage.
          commandTimeout: 250,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
        })
      : null;
    if (redis) {
      redis.on('error', (err: Error) => app.log.warn({ err: { message: err.message } }, 'redis error'));
      app.addHook('onClose', async () => {
        redis.disconnect();
      });
      // Budgets fail open until the client is connected (no offline queue): wait for it at boot,
      // briefly, so a healthy Redis counts from the first request. A Redis that is down does not
      // hold the start for more than the connect timeout; the limiter then fails open.
      if (redis.status !== 'ready') {
        await new Promise<void>((resolve) => {
          const done = () => {
            clearTimeout(timer);
            redis.off('ready', done);
            resolve();
          };
          const timer = setTimeout(done, 2_000);
          redis.once('ready', done);
        });
      }
    }
    await app.register(rateLimit, {
      // After authentication (FIELD-NOTES: the default onRequest hook runs before we know the key).
      hook: 'preHandler',
      keyGenerator: rateLimitKey,
      max: (request) =>
        request.principal ? options.perMinute * RATE_LIMITS.keyedReadFactor : options.perMinute,
      timeWindow: '1 minute',
      enableDraftSpec: true,
      ...(redis ? { redis, nameSpace: 'circles:rl:' } : {}),
      // Reads fail open if Redis is down: an outage of the limiter must not take search down.
      skipOnError: true,
      allowList: (request) => request.url === '/healthz' || request.url === '/readyz',
      errorResponseBuilder: (_request, context) =>
        Object.assign(
          new ProblemError(429, 'rate_limited', 'Too many requests', `Retry after ${context.after}`),
          {
            statusCode: 429,
          },
        ),
    });

    const reportLimiter = app.createRateLimit({
      max: RATE_LIMITS.reportsPerMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => `report:${request.ip}`,
    });
    app.decorate('limitReports', async (request: FastifyRequest, reply?: FastifyReply) => {
      const result = await reportLimiter(request);
      if (result.isAllowed || !result.isExceeded) return;
      reply?.header('retry-after', result.ttlInSeconds);
      throw new ProblemError(
        429,
        'rate_limited',
        'Too many requests',
        `Reports are limited to ${RATE_LIMITS.reportsPerMinute} a minute; retry after ${result.ttlInSeconds} s`,
      );
    });
  },
  { name: 'rate-limit', fastify: '5.x' },
);
