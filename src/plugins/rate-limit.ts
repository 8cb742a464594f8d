// Per-client request budget on the public API. In memory on one machine; with REDIS_URL the
// budget is shared by every instance behind the load balancer.
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { Redis } from 'ioredis';
import { ProblemError } from '../lib/problem.js';

export interface RateLimitOptions {
  perMinute: number;
  redisUrl: string | null;
}

export default fp<RateLimitOptions>(
  async function rateLimits(app: FastifyInstance, options) {
    const redis = options.redisUrl
      ? new Redis(options.redisUrl, {
          connectTimeout: 2_000,
          maxRetriesPerRequest: 1,
          enableOfflineQueue: false,
        })
      : null;
    if (redis) {
      redis.on('error', (err: Error) => app.log.warn({ err: { message: err.message } }, 'redis error'));
      app.addHook('onClose', async () => {
        redis.disconnect();
      });
    }
    await app.register(rateLimit, {
      max: options.perMinute,
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
  },
  { name: 'rate-limit', fastify: '5.x' },
);
