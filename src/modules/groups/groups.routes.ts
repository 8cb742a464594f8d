import type { FastifyInstance } from 'fastify';
import { earliest, queryKeys } from '../../search/result-cache.js';
import { etag } from '../submissions/access.js';
import { getGroupSchema, type SearchGroupsParams, searchGroupsSchema } from './groups.schemas.js';

const JSON_TYPE = 'application/json; charset=utf-8';
// A cached answer: its serialized body, until the first next meeting it shows.
const CACHED_BODY = {
  expiresAt: (v: { expires: number | null }) => v.expires,
  bytes: (v: { body: Buffer }) => v.body.length,
};

export default async function groupsRoutes(app: FastifyInstance) {
  const searchKey = queryKeys();
  // Public reads are cached already serialized (by the route's response schema), until the next
  // write anywhere in the directory or the first next-meeting time they show (result-cache.ts).
  app.get<{ Querystring: SearchGroupsParams }>(
    '/v1/groups',
    { schema: searchGroupsSchema },
    async (request, reply) => {
      const { value, hit } = await app.resultCache.fetch(
        `search:${searchKey(request.url, request.query)}`,
        async () => {
          const result = await app.groups.search(request.query);
          return {
            engine: result.meta.engine,
            // Bytes, not a string: a hit is then written without being encoded again.
            body: Buffer.from(reply.serialize(result) as string),
            expires: earliest((result.data as { next_meeting: string | null }[]).map((g) => g.next_meeting)),
          };
        },
        CACHED_BODY,
      );
      reply.header('x-search-engine', value.engine);
      reply.header('x-result-cache', hit ? 'hit' : 'miss');
      reply.type(JSON_TYPE);
      return value.body;
    },
  );

  app.get<{ Params: { idOrSlug: string } }>(
    '/v1/groups/:idOrSlug',
    { schema: getGroupSchema },
    async (request, reply) => {
      // Owners and moderators see drafts and moderation state: only anonymous reads are shared.
      if (request.principal) {
        const { group, version } = await app.groups.getFor(request.params.idOrSlug, request.principal);
        reply.header('etag', etag(version));
        return { data: group };
      }
      const { value, hit } = await app.resultCache.fetch(
        `group:${request.params.idOrSlug}`,
        async () => {
          const { group, version } = await app.groups.getFor(request.params.idOrSlug, null);
          return {
            version,
            body: Buffer.from(reply.serialize({ data: group }) as string),
            expires: earliest([group.next_meeting]),
          };
        },
        CACHED_BODY,
      );
      reply.header('etag', etag(value.version));
      reply.header('x-result-cache', hit ? 'hit' : 'miss');
      reply.type(JSON_TYPE);
      return value.body;
    },
  );
}
