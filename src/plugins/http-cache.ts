// HTTP caching of public reads: every successful GET gets an ETag (a hash of the exact bytes sent)
// and a Cache-Control policy; a matching If-None-Match gets 304 with no body.
//
// Why not @fastify/etag: it keeps an ETag a route already set, and a group's ETag is its version
// (what PATCH/DELETE check with If-Match). A version alone must not validate a cache, because
// next_meeting, next_start and stale change with time without a new version. So a version ETag
// `"3"` becomes `"3.<content hash>"`: If-Match reads the version before the dot, If-None-Match
// compares the whole tag.
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';

/**
 * Shared-cache lifetimes of anonymous reads, by route (longest prefix first). Listings change a
 * few times a day; a minute keeps search-as-you-type cheap while a correction shows within a
 * minute. Reads with a secret key (an owner sees drafts) are private and always revalidated.
 */
const PUBLIC_MAX_AGE: Array<[route: string, seconds: number]> = [
  ['/v1/groups/:idOrSlug/calendar.ics', 300],
  ['/v1/feeds/', 300],
  ['/v1/taxonomy', 3600],
  ['/v1/crisis-resources', 3600],
  ['/v1/groups', 60],
  ['/v1/organizations', 60],
  ['/hsds', 60],
];
/** Anything else (health, docs, GraphQL GET): may be stored, but revalidated on every use. */
const DEFAULT_POLICY = 'no-cache';

function cachePolicy(request: FastifyRequest, reply: FastifyReply): string {
  if (reply.statusCode >= 300) return 'no-store';
  if (request.principal) return 'private, no-cache';
  const route = request.routeOptions.url ?? '';
  const entry = PUBLIC_MAX_AGE.find(([prefix]) => route.startsWith(prefix));
  return entry ? `public, max-age=${entry[1]}` : DEFAULT_POLICY;
}

// Hashes of bodies sent as Buffers, by identity: the result cache hands out the same Buffer on
// every hit, so a popular answer (33 KB for a page of 20 groups) is hashed once, not per request.
const hashes = new WeakMap<Buffer, string>();

function contentHash(payload: string | Buffer): string {
  const known = Buffer.isBuffer(payload) ? hashes.get(payload) : undefined;
  if (known) return known;
  const hash = createHash('sha256').update(payload).digest('base64url').slice(0, 22);
  if (Buffer.isBuffer(payload)) hashes.set(payload, hash);
  return hash;
}

function contentTag(payload: string | Buffer, current: unknown): string {
  const hash = contentHash(payload);
  const version = typeof current === 'string' ? /^"(\d+)"$/.exec(current)?.[1] : undefined;
  return version ? `"${version}.${hash}"` : `"${hash}"`;
}

const varyOn = (name: string) => ({ name, pattern: new RegExp(`\\b${name}\\b`, 'i') });
const VARY_ANONYMOUS = [varyOn('Authorization')];
const VARY_KEYED = [varyOn('Authorization'), varyOn('Origin')];

/** RFC 9110 13.1.2: weak comparison against each listed tag, or `*`. */
export function noneMatch(header: string | undefined, tag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = tag.replace(/^W\//, '');
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === bare);
}

export default fp(
  async function httpCache(app: FastifyInstance) {
    // Synchronous (done-style): it runs on every answer and does no I/O (see the NUL hook in app.ts).
    app.addHook('onSend', (request, reply, payload, done) => {
      const read = request.method === 'GET' || request.method === 'HEAD';
      if (!read) {
        if (!reply.hasHeader('cache-control')) reply.header('cache-control', 'no-store');
        return done(null, payload);
      }
      if (!reply.hasHeader('cache-control')) reply.header('cache-control', cachePolicy(request, reply));
      // Responses differ by key (an owner sees drafts): caches must keep them apart. With a key they
      // also differ by Origin (a publishable key is refused from other origins), and a browser's
      // cache would otherwise hand one site's answer to another site's page with the same key.
      const varies = request.headers.authorization ? VARY_KEYED : VARY_ANONYMOUS;
      const vary = String(reply.getHeader('vary') ?? '');
      const missing = varies.filter(({ pattern }) => !pattern.test(vary)).map(({ name }) => name);
      if (missing.length > 0) reply.header('vary', [vary, ...missing].filter(Boolean).join(', '));
      if (reply.statusCode !== 200 || !(typeof payload === 'string' || Buffer.isBuffer(payload))) {
        return done(null, payload);
      }
      const tag = contentTag(payload, reply.getHeader('etag'));
      reply.header('etag', tag);
      if (noneMatch(request.headers['if-none-match'], tag)) {
        reply.code(304);
        reply.removeHeader('content-type');
        reply.removeHeader('content-length');
        return done(null, '');
      }
      done(null, payload);
    });
  },
  { name: 'http-cache', fastify: '5.x', dependencies: ['auth'] },
);
