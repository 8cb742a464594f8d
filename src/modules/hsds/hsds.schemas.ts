// Route schemas of the HSDS 3.0 read API (/hsds/...): the objects are the subset of the Open
// Referral HSDS 3.0 schemas that we fill, named and typed as there. HSDS has no nulls: a field we
// have no value for is left out, never null. The tests validate responses against the HSDS
// schemas themselves (../shared/specs/hsds-3.0); these are for serialization and /openapi.json.
import { type Static, type TSchema, Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';

/** Deep pages are read by skipping matches, so the window is bounded (as search engines bound it). */
export const MAX_RESULT_WINDOW = 10_000;
export const MAX_PER_PAGE = 100;
export const DEFAULT_PER_PAGE = 50;
/** 500 mi, the largest radius of GET /v1/groups. */
export const MAX_PROXIMITY_METERS = 804_672;

const Uuid = Type.String({ format: 'uuid' });
const Uri = Type.String({ format: 'uri' });
const Opt = Type.Optional;

const TaxonomySchema = Type.Object({
  id: Uuid,
  name: Type.String({ description: 'Our vocabulary code', examples: ['conditions'] }),
  description: Type.String(),
  uri: Opt(Uri),
  version: Opt(Type.String()),
});

const TaxonomyTermSchema = Type.Object({
  id: Uuid,
  code: Type.String({ examples: ['ptsd'] }),
  name: Type.String({ description: 'English label', examples: ['PTSD'] }),
  description: Type.String(),
  parent_id: Opt(Uuid),
  taxonomy: Type.String({ description: 'Vocabulary code', examples: ['conditions'] }),
  taxonomy_id: Uuid,
  language: Type.String({ examples: ['en'] }),
});

const AttributeSchema = Type.Object({
  id: Uuid,
  link_id: Uuid,
  link_type: Type.String({ description: 'Our vocabulary of the term', examples: ['conditions'] }),
  link_entity: Type.Literal('service'),
  taxonomy_term_id: Uuid,
  taxonomy_term: TaxonomyTermSchema,
});

const LanguageSchema = Type.Object({
  id: Uuid,
  service_id: Uuid,
  name: Type.String({ examples: ['Spanish'] }),
  code: Type.String({ description: 'BCP 47 (ISO 639-1 or 639-3)', examples: ['es'] }),
});

const PhoneSchema = Type.Object({
  id: Uuid,
  service_id: Opt(Uuid),
  contact_id: Opt(Uuid),
  number: Type.String(),
  description: Opt(Type.String()),
});

const ContactSchema = Type.Object({
  id: Uuid,
  service_id: Uuid,
  name: Opt(Type.String()),
  email: Opt(Type.String()),
  phones: Type.Array(PhoneSchema),
});

const AddressSchema = Type.Object({
  id: Uuid,
  location_id: Uuid,
  address_1: Type.String(),
  city: Type.String(),
  state_province: Type.String(),
  postal_code: Type.String(),
  country: Type.String({ description: 'ISO 3166-1 alpha-2', examples: ['US'] }),
  address_type: Type.Literal('physical'),
});

const LocationSchema = Type.Object({
  id: Uuid,
  location_type: Type.Union([Type.Literal('physical'), Type.Literal('virtual')]),
  url: Opt(Type.String({ description: 'The link to join, for a virtual location' })),
  name: Opt(Type.String()),
  description: Opt(Type.String()),
  latitude: Opt(Type.Number({ description: 'Rounded to ~1 km when the location is approximate' })),
  longitude: Opt(Type.Number()),
  addresses: Type.Array(AddressSchema, { description: 'Empty when the location is approximate' }),
});

const ServiceAtLocationSchema = Type.Object({
  id: Uuid,
  service_id: Uuid,
  location_id: Uuid,
  description: Opt(Type.String()),
  location: LocationSchema,
});

const ScheduleSchema = Type.Object({
  id: Uuid,
  service_id: Uuid,
  freq: Type.Union([Type.Literal('WEEKLY'), Type.Literal('MONTHLY')]),
  interval: Type.Integer({ examples: [1] }),
  byday: Type.String({ description: 'RRULE BYDAY: TU, or 2TU / -1TU for monthly', examples: ['TU'] }),
  wkst: Type.Literal('MO'),
  dtstart: Opt(Type.String({ description: 'Local date of the first meeting (YYYY-MM-DD)' })),
  timezone: Type.Number({
    description:
      'UTC offset in hours at the next meeting, as HSDS defines it; it changes with daylight saving time, so the IANA zone is in `description`',
    examples: [-5],
  }),
  opens_at: Type.String({ examples: ['19:00-05:00'] }),
  closes_at: Type.String({ examples: ['20:30-05:00'] }),
  description: Type.String({ examples: ['Weekly on Tuesday, 19:00-20:30 (America/New_York)'] }),
  attending_type: Type.String({ examples: ['in person'] }),
  schedule_link: Opt(Type.String({ description: "The group's iCalendar file" })),
});

/** The one-to-one fields of a service: the items of GET /hsds/services. */
const ServiceFields = {
  id: Uuid,
  organization_id: Uuid,
  name: Type.String(),
  description: Type.String(),
  url: Opt(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('temporarily closed')]),
  alert: Opt(Type.String()),
  application_process: Opt(Type.String()),
  fees_description: Opt(Type.String()),
  minimum_age: Opt(Type.Integer()),
  maximum_age: Opt(Type.Integer()),
  assured_date: Opt(Type.String({ description: 'When a person last confirmed the listing (YYYY-MM-DD)' })),
  last_modified: Type.String({ format: 'date-time' }),
};
export const ServiceListItemSchema = Type.Object(ServiceFields);

const OrganizationFields = {
  id: Uuid,
  name: Type.String(),
  description: Type.String(),
  website: Opt(Type.String()),
};
export const OrganizationListItemSchema = Type.Object(OrganizationFields);

export const ServiceSchema = Type.Object({
  ...ServiceFields,
  organization: Opt(OrganizationListItemSchema),
  schedules: Type.Array(ScheduleSchema),
  service_at_locations: Type.Array(ServiceAtLocationSchema),
  languages: Type.Array(LanguageSchema),
  phones: Type.Array(PhoneSchema),
  contacts: Type.Array(ContactSchema),
  attributes: Type.Array(AttributeSchema),
});

export const OrganizationSchema = Type.Object({
  ...OrganizationFields,
  services: Type.Array(ServiceListItemSchema, { description: 'Its published groups, by name' }),
});

export type HsdsTaxonomy = Static<typeof TaxonomySchema>;
export type HsdsTaxonomyTerm = Static<typeof TaxonomyTermSchema>;
export type HsdsAttribute = Static<typeof AttributeSchema>;
export type HsdsSchedule = Static<typeof ScheduleSchema>;
export type HsdsServiceAtLocation = Static<typeof ServiceAtLocationSchema>;
export type HsdsServiceListItem = Static<typeof ServiceListItemSchema>;
export type HsdsFullService = Static<typeof ServiceSchema>;
export type HsdsOrganizationListItem = Static<typeof OrganizationListItemSchema>;
export type HsdsOrganization = Static<typeof OrganizationSchema>;

/** The HSDS `Page` envelope around `contents`. */
function page<T extends TSchema>(item: T) {
  return Type.Object({
    total_items: Type.Integer({ description: 'Matches over all pages' }),
    total_pages: Type.Integer(),
    page_number: Type.Integer({ description: '1 for the first page' }),
    size: Type.Integer({ description: 'Entities in this page (the length of contents)' }),
    first_page: Type.Boolean(),
    last_page: Type.Boolean(),
    empty: Type.Boolean({ description: 'This page has no entities' }),
    contents: Type.Array(item),
  });
}

export interface Page<T> {
  total_items: number;
  total_pages: number;
  page_number: number;
  size: number;
  first_page: boolean;
  last_page: boolean;
  empty: boolean;
  contents: T[];
}

const paging = {
  page: Opt(Type.Integer({ minimum: 1, default: 1, description: 'Page number, from 1' })),
  per_page: Opt(
    Type.Integer({
      minimum: 1,
      maximum: MAX_PER_PAGE,
      default: DEFAULT_PER_PAGE,
      description: `Entities per page, at most ${MAX_PER_PAGE}. page x per_page is at most ${MAX_RESULT_WINDOW}.`,
    }),
  ),
};
const search = (description: string) =>
  Opt(Type.String({ maxLength: 200, description, examples: ['bipolar'] }));

export const ServicesQuery = Type.Object(
  {
    search: search(
      'Free text, as `q` of GET /v1/groups: typos are forgiven and taxonomy synonyms count (trauma finds PTSD).',
    ),
    taxonomy_term_id: Opt(
      Type.String({ format: 'uuid', description: 'Only services with this term (GET /hsds/taxonomy_terms)' }),
    ),
    organization_id: Opt(Type.String({ format: 'uuid', description: "Only this organization's services" })),
    modified_after: Opt(
      Type.String({
        maxLength: 40,
        pattern: String.raw`^\d{4}-\d{2}-\d{2}([Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2}))?$`,
        description:
          'Only services modified on or after this date or date-time (ISO 8601; a date is UTC midnight)',
        examples: ['2026-11-01T00:00:00Z'],
      }),
    ),
    postcode: Opt(
      Type.String({
        maxLength: 10,
        description:
          'A US ZIP code. In-person and hybrid services within `proximity` of it (default 25 mi); online services match any postcode.',
        examples: ['10001'],
      }),
    ),
    proximity: Opt(
      Type.String({
        maxLength: 7,
        pattern: '^[0-9]+$',
        description: `With postcode: distance in meters from its centroid, at most ${MAX_PROXIMITY_METERS} (500 mi).`,
        examples: ['16000'],
      }),
    ),
    ...paging,
  },
  { additionalProperties: false },
);
export type ServicesParams = Static<typeof ServicesQuery>;

export const ListQuery = Type.Object(
  { search: search('Words of the name or description; accents and case do not matter.'), ...paging },
  { additionalProperties: false },
);
export type ListParams = Static<typeof ListQuery>;

export const TaxonomyTermsQuery = Type.Object(
  {
    search: search('Words of the label, code or synonyms; the last word matches as a prefix.'),
    taxonomy_id: Opt(Type.String({ format: 'uuid', description: 'Only terms of this taxonomy' })),
    parent_id: Opt(Type.String({ format: 'uuid', description: 'Only children of this term' })),
    top_only: Opt(Type.Boolean({ description: 'Only terms without a parent' })),
    ...paging,
  },
  { additionalProperties: false },
);
export type TaxonomyTermsParams = Static<typeof TaxonomyTermsQuery>;

const IdParams = Type.Object({ id: Type.String({ maxLength: 200 }) });
const noQuery = Type.Object({}, { additionalProperties: false });
const tags = ['feeds'];

export const apiInfoSchema = {
  tags,
  summary: 'HSDS 3.0: this API and its relationship with HSDS',
  querystring: noQuery,
  response: {
    200: Type.Object({
      version: Type.String({ examples: ['3.0'] }),
      profile: Uri,
      openapi_url: Uri,
    }),
    ...problemResponses(400, 429, 500),
  },
};

export const listServicesSchema = {
  tags,
  summary: 'HSDS 3.0: published groups as services',
  description:
    'Open Referral HSDS 3.0 services, one per published group, in the order of GET /v1/groups (relevance with search, distance with postcode, otherwise most recently updated first). Filters combine with AND.',
  querystring: ServicesQuery,
  response: { 200: page(ServiceListItemSchema), ...problemResponses(400, 429, 500, 503) },
};

export const getServiceSchema = {
  tags,
  summary: 'HSDS 3.0: one published group as a fully nested service',
  description:
    'With schedules (RRULE fields, one per meeting), service_at_locations (a physical location for in-person groups, without street or precise point when the location is approximate; a virtual location with the link for online groups), languages, contacts and attributes linking the service to taxonomy terms.',
  params: IdParams,
  querystring: noQuery,
  response: { 200: ServiceSchema, ...problemResponses(400, 404, 429, 500) },
};

export const listOrganizationsSchema = {
  tags,
  summary: 'HSDS 3.0: organizations',
  description: 'In name order.',
  querystring: ListQuery,
  response: { 200: page(OrganizationListItemSchema), ...problemResponses(400, 429, 500) },
};

export const getOrganizationSchema = {
  tags,
  summary: 'HSDS 3.0: one organization with its published groups as services',
  params: IdParams,
  querystring: noQuery,
  response: { 200: OrganizationSchema, ...problemResponses(400, 404, 429, 500) },
};

export const listTaxonomiesSchema = {
  tags,
  summary: 'HSDS 3.0: our vocabularies as taxonomies',
  querystring: ListQuery,
  response: { 200: page(TaxonomySchema), ...problemResponses(400, 429, 500) },
};

export const getTaxonomySchema = {
  tags,
  summary: 'HSDS 3.0: one taxonomy',
  params: IdParams,
  querystring: noQuery,
  response: { 200: TaxonomySchema, ...problemResponses(400, 404, 429, 500) },
};

export const getTaxonomyTermSchema = {
  tags,
  summary: 'HSDS 3.0: one taxonomy term',
  params: IdParams,
  querystring: noQuery,
  response: { 200: TaxonomyTermSchema, ...problemResponses(400, 404, 429, 500) },
};

export const listTaxonomyTermsSchema = {
  tags,
  summary: 'HSDS 3.0: the terms of our vocabularies',
  description: 'Use a term id as taxonomy_term_id of GET /hsds/services.',
  querystring: TaxonomyTermsQuery,
  response: { 200: page(TaxonomyTermSchema), ...problemResponses(400, 429, 500) },
};
