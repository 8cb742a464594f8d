// HSDS 3.0 (Open Referral Human Services Data Specification) read endpoints under /hsds/, for the
// referral platforms and service directories that read that format. Read-only and public: the
// same published groups as /v1/groups, in HSDS shapes (hsds.mapping.ts).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { publicOrigin } from '../../lib/public-origin.js';
import {
  apiInfoSchema,
  getOrganizationSchema,
  getServiceSchema,
  getTaxonomySchema,
  getTaxonomyTermSchema,
  type ListParams,
  listOrganizationsSchema,
  listServicesSchema,
  listTaxonomiesSchema,
  listTaxonomyTermsSchema,
  type ServicesParams,
  type TaxonomyTermsParams,
} from './hsds.schemas.js';
import { HsdsService } from './hsds.service.js';

export const HSDS_VERSION = '3.0';
/** We publish plain HSDS 3.0, no profile: the profile URI is the specification's own. */
export const HSDS_PROFILE = 'https://openreferral.readthedocs.io/en/3.0/';

const CACHE = 'public, max-age=300';

export interface HsdsRoutesOptions {
  /** CIRCLES_PUBLIC_URL: links in HSDS objects are absolute (format: uri). */
  publicUrl: string | null;
}

export default async function hsdsRoutes(app: FastifyInstance, options: HsdsRoutesOptions) {
  const baseUrl = (request: FastifyRequest) => publicOrigin(request, options.publicUrl);
  const hsds = new HsdsService({
    db: app.db,
    groups: app.groups,
    organizations: app.organizations,
    taxonomy: app.taxonomy,
  });

  app.get('/hsds/', { schema: apiInfoSchema }, async (request, reply) => {
    reply.header('cache-control', CACHE);
    return { version: HSDS_VERSION, profile: HSDS_PROFILE, openapi_url: `${baseUrl(request)}/openapi.json` };
  });

  app.get<{ Querystring: ServicesParams }>(
    '/hsds/services',
    { schema: listServicesSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.services(request.query);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/hsds/services/:id',
    { schema: getServiceSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.service(request.params.id, baseUrl(request));
    },
  );

  app.get<{ Querystring: ListParams }>(
    '/hsds/organizations',
    { schema: listOrganizationsSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.organizations(request.query);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/hsds/organizations/:id',
    { schema: getOrganizationSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.organization(request.params.id);
    },
  );

  app.get<{ Querystring: ListParams }>(
    '/hsds/taxonomies',
    { schema: listTaxonomiesSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.taxonomies(request.query, baseUrl(request));
    },
  );

  app.get<{ Querystring: TaxonomyTermsParams }>(
    '/hsds/taxonomy_terms',
    { schema: listTaxonomyTermsSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.taxonomyTerms(request.query);
    },
  );

  app.get<{ Params: { id: string } }>(
    '/hsds/taxonomies/:id',
    { schema: getTaxonomySchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.taxonomy(request.params.id, baseUrl(request));
    },
  );

  app.get<{ Params: { id: string } }>(
    '/hsds/taxonomy_terms/:id',
    { schema: getTaxonomyTermSchema },
    async (request, reply) => {
      reply.header('cache-control', CACHE);
      return hsds.taxonomyTerm(request.params.id);
    },
  );
}
