// Cross-origin reads: any site may embed group search (the widget at /embed.js, or its own
// code), so anonymous reads answer every origin. No cookies are used anywhere, so the wildcard
// never exposes a credentialed session; keys travel in the Authorization header, which browsers
// only send cross-origin after a preflight that names it.
import cors from '@fastify/cors';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export default fp(
  async function corsPlugin(app: FastifyInstance) {
    await app.register(cors, {
      origin: '*',
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE', 'OPTIONS'],
      allowedHeaders: ['Authorization', 'Content-Type', 'If-Match', 'If-None-Match', 'Idempotency-Key'],
      exposedHeaders: [
        'ETag',
        'Link',
        'Location',
        'Retry-After',
        'RateLimit-Limit',
        'RateLimit-Remaining',
        'RateLimit-Reset',
        'RateLimit-Policy',
      ],
      // Browsers may cache the preflight for a day: a search-as-you-type widget sends many requests.
      maxAge: 86_400,
    });
  },
  { name: 'cors', fastify: '5.x' },
);
