// The shared scene of the robustness tests: an app on its own database with published groups, an
// organization whose drafts, pending, rejected and archived groups (and a pending edit of a
// published one) carry a unique marker in their names, keys of every kind, and captures of the
// server log and of every SQL statement Postgres refused.
import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../../src/db/connect.js';
import { buildTestApp } from '../../helper.js';
import { addGroups, addOrganization, PLACES } from '../../support/fixtures.js';
import { adminKey, auth, groupBody, moderatorKey, submitter } from '../../support/keys.js';

interface Teardown {
  teardown(fn: () => unknown): void;
}

export type Role = 'anonymous' | 'submit' | 'moderator' | 'admin' | 'malformed_key' | 'unknown_key';
export const ROLES: Role[] = ['anonymous', 'submit', 'moderator', 'admin', 'malformed_key', 'unknown_key'];

/** Moderators and admins may see unpublished groups in the review queue; nobody else anywhere. */
export const isPrivileged = (role: Role) => role === 'moderator' || role === 'admin';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface World {
  app: FastifyInstance;
  db: Db;
  /** Lower-case, in the names, slugs and descriptions of every unpublished group. */
  marker: string;
  headers: Record<Role, Record<string, string>>;
  orgA: string;
  /** The organization that owns the hidden groups; no key of it is ever used by the fuzzers. */
  orgHidden: string;
  published: { ids: string[]; slugs: string[] };
  hidden: { ids: string[]; slugs: string[] };
  logs: LogLine[];
  /** Statements Postgres answered with an ERROR. */
  queryErrors: { sql: string; error: string }[];
  /** Every statement sent (only while `recordSql` is true). */
  statements: string[];
  recordSql: boolean;
}

export async function buildWorld(t: Teardown): Promise<World> {
  const logs: LogLine[] = [];
  const queryErrors: World['queryErrors'] = [];
  const statements: string[] = [];
  const world = { logs, queryErrors, statements, recordSql: false } as World;
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) {
        if (!line.trim()) continue;
        try {
          logs.push(JSON.parse(line) as LogLine);
        } catch {
          logs.push({ level: 60, msg: `unparsable log line: ${line.slice(0, 200)}` });
        }
      }
      done();
    },
  });
  const { app, db } = await buildTestApp(t, {
    // The fuzzers send thousands of requests a minute from one address; the limiter is not under test.
    env: { CIRCLES_RATE_LIMIT: '1000000' },
    logStream,
    onQuery: (sql: string, error?: unknown) => {
      if (world.recordSql) statements.push(sql);
      if (error !== undefined) queryErrors.push({ sql, error: String((error as Error)?.message ?? error) });
    },
  });
  world.app = app;
  world.db = db;
  const marker = `zqcanary${randomBytes(5).toString('hex')}`;
  world.marker = marker;

  // Organization A: trusted, its key is the fuzzers' submit key.
  const a = await submitter(app, db, 'Fuzz Org A', true);
  world.orgA = a.organizationId;
  const publishedIds = await addGroups(
    db,
    [
      { name: 'Tuesday Depression Circle', conditions: ['depression'], description: 'Peer support.' },
      { name: 'Anxiety Peer Hour', conditions: ['anxiety'], attendance: 'online', location: null },
      {
        name: 'Newark Grief Circle',
        conditions: ['grief_loss'],
        location: { ...PLACES.newark },
        languages: ['en', 'es'],
      },
      { name: 'Austin Bipolar Group', conditions: ['bipolar'], location: { ...PLACES.austin } },
      { name: 'London PTSD Circle', conditions: ['ptsd'], location: { ...PLACES.london } },
      {
        name: 'Philadelphia OCD Group',
        conditions: ['ocd'],
        location: { ...PLACES.philadelphia, approximate: true },
      },
    ],
    a.organizationId,
  );

  // The hidden organization: unpublished groups in every state, named with the marker.
  const hiddenOrg = await addOrganization(db, 'Hidden Org');
  world.orgHidden = hiddenOrg;
  const hiddenIds = await addGroups(
    db,
    (['draft', 'pending_review', 'rejected', 'archived'] as const).map((status) => ({
      name: `${marker} ${status} group`,
      description: `Unpublished ${marker}`,
      conditions: ['depression'],
      status,
    })),
    hiddenOrg,
  );
  // A published group of the same organization with an edit waiting for review that renames it.
  const { key: hiddenKey } = await app.keys.create({
    organizationId: hiddenOrg,
    scopes: ['submit'],
    name: 'hidden org key',
  });
  const created = await app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: auth(hiddenKey),
    payload: groupBody({ name: 'Published Before Review' }),
  });
  if (created.statusCode !== 201) throw new Error(`setup: create ${created.statusCode} ${created.body}`);
  const live = created.json().data as { id: string; slug: string };
  await db.updateTable('organizations').set({ trust_level: 'new' }).where('id', '=', hiddenOrg).execute();
  const patched = await app.inject({
    method: 'PATCH',
    url: `/v1/groups/${live.id}`,
    headers: { ...auth(hiddenKey), 'if-match': String(created.headers.etag) },
    payload: { name: `${marker} pending rename`, description: `Pending ${marker}` },
  });
  if (patched.statusCode !== 200) throw new Error(`setup: patch ${patched.statusCode} ${patched.body}`);

  const rows = await db.selectFrom('groups').select(['id', 'slug', 'status']).execute();
  const slugOf = new Map(rows.map((r) => [r.id, r.slug]));
  world.published = {
    ids: [...publishedIds, live.id],
    slugs: [...publishedIds, live.id].map((id) => slugOf.get(id)!),
  };
  world.hidden = { ids: hiddenIds, slugs: hiddenIds.map((id) => slugOf.get(id)!) };

  const moderator = await moderatorKey(app);
  const admin = await adminKey(app);
  world.headers = {
    anonymous: {},
    submit: a.auth,
    moderator: auth(moderator),
    admin: auth(admin),
    malformed_key: { authorization: 'Bearer not a key' },
    unknown_key: auth(`cir_sk_${randomBytes(24).toString('hex')}`),
  };
  // Setup noise (nothing is expected there) is not what the tests judge.
  logs.length = 0;
  queryErrors.length = 0;
  return world;
}

/**
 * The leak check: unpublished groups never appear, except in the review queue for moderators.
 * What the request itself said (a problem's `instance` echoes the path asked for) is no leak.
 */
export function leaks(world: World, role: Role, route: string, text: string, sent = ''): boolean {
  let seen = text.toLowerCase();
  for (const echo of [sent, safeDecode(sent)]) if (echo) seen = seen.replaceAll(echo.toLowerCase(), '');
  if (!seen.includes(world.marker)) return false;
  if (isPrivileged(role) && /^\/v1\/(moderation|groups\/[^/]+(\/history)?$)/.test(route)) return false;
  return true;
}

function safeDecode(value: string): string {
  try {
    return decodeURIComponent(value);
  } catch {
    return value;
  }
}

/** Error-level log lines (level 50 error, 60 fatal): the app logs every masked internal error. */
export function errorLogs(world: World): LogLine[] {
  return world.logs.filter((l) => l.level >= 50);
}

export const short = (value: string, max = 300) =>
  value.length > max ? `${value.slice(0, max)}... (${value.length} chars)` : value;
