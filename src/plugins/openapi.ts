// OpenAPI from the route schemas (TypeBox), served at /openapi.json, and the API reference at /docs.
import swagger from '@fastify/swagger';
import apiReference from '@scalar/fastify-api-reference';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';

export const OPENAPI_INFO = {
  title: 'Circles API',
  version: '1.0.0',
  description:
    'An open directory of peer support groups for mental health: search by condition, affinity, format, language, ' +
    'schedule and place. Errors are RFC 9457 problem+json documents with a stable `code`.',
  license: { name: 'MIT', identifier: 'MIT' },
};

export default fp(
  async function openapi(app: FastifyInstance) {
    await app.register(swagger, {
      openapi: {
        openapi: '3.1.0',
        info: OPENAPI_INFO,
        tags: [
          { name: 'groups', description: 'Support groups and their meetings' },
          { name: 'organizations', description: 'Nonprofits that run groups' },
          { name: 'taxonomy', description: 'Vocabularies: conditions, affinities, languages, ...' },
          { name: 'health', description: 'Liveness and readiness' },
          { name: 'feeds', description: 'Open formats: Meeting Guide JSON, iCalendar; crisis lines' },
          { name: 'submissions', description: "Nonprofits create and maintain their organization's groups" },
          { name: 'moderation', description: 'Review queue and public reports' },
          { name: 'admin', description: 'Organizations and API keys' },
          { name: 'graphql', description: 'The same directory over GraphQL (see schema/*.graphql)' },
        ],
        components: {
          securitySchemes: {
            apiKey: {
              type: 'http',
              scheme: 'bearer',
              description:
                'A secret key, `Authorization: Bearer cir_sk_...`. Scopes: submit (own organization), moderate, admin. Optional on reads, where it raises the rate limit.',
            },
          },
        },
      },
      refResolver: { buildLocalReference: (json, _baseUri, _fragment, i) => String(json.$id ?? `def-${i}`) },
      // GraphQL has its own contract (schema/*.graphql); its HTTP route is listed, GraphiQL's assets are not.
      transform: ({ schema, url }) => ({
        schema: url.startsWith('/graphiql') ? { ...schema, hide: true } : schema,
        url,
      }),
    });
    app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
    await app.register(apiReference, {
      routePrefix: '/docs',
      configuration: { url: '/openapi.json', title: 'Circles API reference' },
    });
  },
  { name: 'openapi', fastify: '5.x' },
);
