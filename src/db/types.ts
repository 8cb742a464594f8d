// Kysely's view of the schema (migrations/). Generated<> marks columns with database defaults.
import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';

export interface TaxonomyVocabulariesTable {
  code: string;
  description: string;
  position: Generated<number>;
}

export interface TaxonomyTermsTable {
  vocabulary: string;
  code: string;
  labels: ColumnType<Record<string, string>, string, string>;
  synonyms: Generated<string[]>;
  parent_code: string | null;
  position: Generated<number>;
}

export interface OrganizationsTable {
  id: Generated<string>;
  slug: string;
  name: string;
  description: string | null;
  website: string | null;
  email: string | null;
  phone: string | null;
  trust_level: Generated<'new' | 'trusted'>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface GroupsTable {
  id: Generated<string>;
  slug: string;
  organization_id: string;
  external_id: string | null;
  name: string;
  description: Generated<string>;
  conditions: Generated<string[]>;
  affinities: Generated<string[]>;
  attendance: string;
  facilitation: string;
  access: string;
  cost: string;
  languages: Generated<string[]>;
  accessibility: Generated<string[]>;
  age_min: number | null;
  age_max: number | null;
  street: string | null;
  locality: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  lat: number | null;
  lng: number | null;
  /** ll_to_earth(lat, lng), computed by Postgres (search only; its text form is a cube). */
  earth_point: ColumnType<string | null, never, never>;
  location_approximate: Generated<boolean>;
  online_url: string | null;
  online_dial_in: string | null;
  online_notes: string | null;
  contact_name: string | null;
  contact_email: string | null;
  contact_phone: string | null;
  website: string | null;
  timezone: string;
  status: Generated<string>;
  temporarily_closed: Generated<boolean>;
  closed_note: string | null;
  meeting_days: Generated<string[]>;
  schedule_slots: Generated<string[]>;
  /** Maintained by a trigger; never written by the application. */
  search_vector: ColumnType<string, never, never>;
  last_verified_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>;
  version: Generated<number>;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface MeetingsTable {
  id: Generated<string>;
  group_id: string;
  position: Generated<number>;
  frequency: 'weekly' | 'monthly';
  day: string;
  week_of_month: number | null;
  /** 'HH:MM:SS' as Postgres returns `time`. */
  start_time: string;
  duration_minutes: number;
  timezone: string;
  attendance: string | null;
}

/** `read` is the only scope of a publishable key (cir_pk_), bound to allowed origins. */
export type Scope = 'submit' | 'moderate' | 'admin' | 'read';

export interface ApiKeysTable {
  id: Generated<string>;
  organization_id: string | null;
  name: string;
  scopes: Scope[];
  prefix: string;
  secret_hash: string;
  created_at: Generated<Date>;
  last_used_at: Date | null;
  revoked_at: Date | null;
  /** Publishable keys only: the exact origins (`https://example.org`) allowed to use the key. */
  allowed_origins: string[] | null;
}

export interface GroupRevisionsTable {
  id: Generated<string>;
  group_id: string;
  kind: 'create' | 'update';
  data: ColumnType<Record<string, unknown>, string, string>;
  status: Generated<'pending' | 'approved' | 'rejected' | 'superseded'>;
  reason: string | null;
  submitted_by: string | null;
  decided_by: string | null;
  created_at: Generated<Date>;
  decided_at: Date | null;
}

export interface ReportsTable {
  id: Generated<string>;
  group_id: string;
  field: string;
  problem: string;
  suggestion: string | null;
  status: Generated<'open' | 'resolved' | 'dismissed'>;
  resolution: string | null;
  resolved_by: string | null;
  created_at: Generated<Date>;
  resolved_at: Date | null;
}

export interface AuditLogTable {
  id: Generated<string>;
  group_id: string | null;
  organization_id: string | null;
  api_key_id: string | null;
  action: string;
  changes: ColumnType<Record<string, { from: unknown; to: unknown }>, string, string>;
  note: string | null;
  created_at: Generated<Date>;
}

export interface IdempotencyKeysTable {
  scope: string;
  key: string;
  request_hash: string;
  status_code: number;
  response: ColumnType<unknown, string, string>;
  created_at: Generated<Date>;
}

export interface ImportsTable {
  id: Generated<string>;
  organization_id: string;
  api_key_id: string | null;
  format: 'meeting_guide' | 'csv';
  status: Generated<'queued' | 'running' | 'done' | 'failed'>;
  total: Generated<number>;
  processed: Generated<number>;
  counts: ColumnType<Record<string, number>, string | undefined, string>;
  results: ColumnType<unknown[], string | undefined, string>;
  error: string | null;
  created_at: Generated<Date>;
  finished_at: Date | null;
}

export interface SearchOutboxTable {
  id: Generated<string>;
  group_id: string;
  version: number;
  attempts: Generated<number>;
  next_attempt_at: Generated<Date>;
  last_error: string | null;
  created_at: Generated<Date>;
}

export interface SearchIndexStateTable {
  group_id: string;
  indexed_version: number;
  indexed_at: Generated<Date>;
}

export interface SearchWordsTable {
  word: string;
}

export interface Database {
  taxonomy_vocabularies: TaxonomyVocabulariesTable;
  taxonomy_terms: TaxonomyTermsTable;
  organizations: OrganizationsTable;
  groups: GroupsTable;
  meetings: MeetingsTable;
  search_words: SearchWordsTable;
  api_keys: ApiKeysTable;
  group_revisions: GroupRevisionsTable;
  reports: ReportsTable;
  audit_log: AuditLogTable;
  idempotency_keys: IdempotencyKeysTable;
  imports: ImportsTable;
  search_outbox: SearchOutboxTable;
  search_index_state: SearchIndexStateTable;
}

export type GroupRow = Selectable<GroupsTable>;
/** A group as the application reads it: without the search-only columns. */
export type GroupRecord = Omit<GroupRow, 'search_vector' | 'earth_point'>;
export type NewGroupRow = Insertable<GroupsTable>;
export type GroupUpdate = Updateable<GroupsTable>;
export type MeetingRow = Selectable<MeetingsTable>;
export type OrganizationRow = Selectable<OrganizationsTable>;
export type TaxonomyTermRow = Selectable<TaxonomyTermsTable>;
