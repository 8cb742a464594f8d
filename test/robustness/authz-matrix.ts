// Who may do what to which group, as data. Derived from the README ("Submitting listings": the
// route table and "The rules") and DESIGN.md, not from the code. test/robustness/authz.test.ts runs
// every cell through REST and GraphQL and lists every mismatch.
//
// Roles: anonymous (no key); orgA / orgB: submit keys of organizations A (trust level `new`) and B
// (`trusted`); moderator (scope moderate); admin (scope admin, which includes moderate); revoked (a
// revoked key of A); malformed (not a key at all).
//
// Objects: for each of A and B, one group in every state a group can be in:
//   draft      status draft (no route creates one today; the status exists, so it is covered)
//   pending    pending_review, with its pending `create` submission in the queue
//   published  published
//   edit       published, with a pending `update` submission (its content is not live yet)
//   rejected   rejected, with its decided (rejected) submission
//   archived   archived
//
// Outcomes:
//   ok    allowed (2xx; for list operations: the group is in the results)
//   404   not_found: the group is "not found" (for list operations: not in the results)
//   401   authentication_required (no key)
//   key   invalid_key, 401 (malformed, unknown or revoked key: "a 401 wherever it is sent")
//   403   forbidden (the key lacks the scope)
//   409   invalid_state (an archived group cannot be changed or verified; a decided item stays decided)
//   -     not applicable (no queue item to approve or reject)
//
// Decisions taken where the docs were silent or the code disagreed (see the report of issue 8):
// - Staff keys (moderator, admin) own no group: group writes and imports are 403 for them, not 404
//   (they can read every group, so "not found" would be untrue; before, admin got 404 on PATCH,
//   DELETE and verify and a 400 on imports).
// - Editing an archived group is 409 invalid_state, as verifying one already was. Archiving an
//   archived group is a harmless no-op (200). An import row that matches an archived group is
//   refused the same way (reported in the import's results; it had changed the group before).
// - Moderators and admins see groups in every state by id (the SDL says so: "owners and moderators
//   also see their groups in other states"); search, organizations' groups and feeds show published
//   groups only, to everyone, owners included.

export const ROLES = ['anonymous', 'orgA', 'orgB', 'moderator', 'admin', 'revoked', 'malformed'] as const;
export type Role = (typeof ROLES)[number];

export const STATES = ['draft', 'pending', 'published', 'edit', 'rejected', 'archived'] as const;
export type State = (typeof STATES)[number];
export const ORGS = ['A', 'B'] as const;
export type Org = (typeof ORGS)[number];

export type Outcome = 'ok' | '404' | '401' | 'key' | '403' | '409' | '-';

/** Operations on one group. */
export const GROUP_OPS = [
  // GET /v1/groups/{id} and /{slug}; GraphQL group(id:) and group(slug:)
  'read',
  // the contact (email, phone) of the group, on the same paths
  'contacts',
  // GET /v1/groups/{id}/calendar.ics (public: published only, whoever asks)
  'calendar',
  // search and listings: REST /v1/groups?q=, ?organization=, the Meeting Guide feed; GraphQL
  // groups(filter: {q}), groups(filter: {organization}), organization { groups }, organizations { groups }
  'list',
  // PATCH /v1/groups/{id} (If-Match: current version); GraphQL updateGroup
  'update',
  // DELETE /v1/groups/{id} (archive); GraphQL archiveGroup
  'delete',
  // POST /v1/groups/{id}/verify; GraphQL verifyGroup
  'verify',
  // GET /v1/groups/{id}/history
  'history',
  // POST /v1/moderation/queue/{item}/approve and /reject for the group's submission; GraphQL approve, reject
  'approve',
  'reject',
  // POST /v1/imports with a row carrying the group's external id: ok = it matched this group
  'import',
] as const;
export type GroupOp = (typeof GROUP_OPS)[number];

//                         A: draft pending published edit rejected archived | B: the same
export const GROUP_MATRIX: Record<GroupOp, Record<Role, string>> = {
  read: {
    anonymous: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgA: '     ok  ok  ok  ok  ok  ok  | 404 404 ok  ok  404 404',
    orgB: '     404 404 ok  ok  404 404 | ok  ok  ok  ok  ok  ok ',
    moderator: 'ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    admin: '    ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  contacts: {
    anonymous: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgA: '     ok  ok  ok  ok  ok  ok  | 404 404 ok  ok  404 404',
    orgB: '     404 404 ok  ok  404 404 | ok  ok  ok  ok  ok  ok ',
    moderator: 'ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    admin: '    ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  calendar: {
    anonymous: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgA: '     404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgB: '     404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    moderator: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    admin: '    404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  list: {
    anonymous: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgA: '     404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    orgB: '     404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    moderator: '404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    admin: '    404 404 ok  ok  404 404 | 404 404 ok  ok  404 404',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  update: {
    anonymous: '401 401 401 401 401 401 | 401 401 401 401 401 401',
    orgA: '     ok  ok  ok  ok  ok  409 | 404 404 404 404 404 404',
    orgB: '     404 404 404 404 404 404 | ok  ok  ok  ok  ok  409',
    moderator: '403 403 403 403 403 403 | 403 403 403 403 403 403',
    admin: '    403 403 403 403 403 403 | 403 403 403 403 403 403',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  delete: {
    anonymous: '401 401 401 401 401 401 | 401 401 401 401 401 401',
    orgA: '     ok  ok  ok  ok  ok  ok  | 404 404 404 404 404 404',
    orgB: '     404 404 404 404 404 404 | ok  ok  ok  ok  ok  ok ',
    moderator: '403 403 403 403 403 403 | 403 403 403 403 403 403',
    admin: '    403 403 403 403 403 403 | 403 403 403 403 403 403',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  verify: {
    anonymous: '401 401 401 401 401 401 | 401 401 401 401 401 401',
    orgA: '     ok  ok  ok  ok  ok  409 | 404 404 404 404 404 404',
    orgB: '     404 404 404 404 404 404 | ok  ok  ok  ok  ok  409',
    moderator: '403 403 403 403 403 403 | 403 403 403 403 403 403',
    admin: '    403 403 403 403 403 403 | 403 403 403 403 403 403',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  history: {
    anonymous: '401 401 401 401 401 401 | 401 401 401 401 401 401',
    orgA: '     ok  ok  ok  ok  ok  ok  | 404 404 404 404 404 404',
    orgB: '     404 404 404 404 404 404 | ok  ok  ok  ok  ok  ok ',
    moderator: 'ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    admin: '    ok  ok  ok  ok  ok  ok  | ok  ok  ok  ok  ok  ok ',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
  approve: {
    anonymous: '-   401 -   401 401 -   | -   401 -   401 401 -  ',
    orgA: '     -   403 -   403 403 -   | -   403 -   403 403 -  ',
    orgB: '     -   403 -   403 403 -   | -   403 -   403 403 -  ',
    moderator: '-   ok  -   ok  409 -   | -   ok  -   ok  409 -  ',
    admin: '    -   ok  -   ok  409 -   | -   ok  -   ok  409 -  ',
    revoked: '  -   key -   key key -   | -   key -   key key -  ',
    malformed: '-   key -   key key -   | -   key -   key key -  ',
  },
  reject: {
    anonymous: '-   401 -   401 401 -   | -   401 -   401 401 -  ',
    orgA: '     -   403 -   403 403 -   | -   403 -   403 403 -  ',
    orgB: '     -   403 -   403 403 -   | -   403 -   403 403 -  ',
    moderator: '-   ok  -   ok  409 -   | -   ok  -   ok  409 -  ',
    admin: '    -   ok  -   ok  409 -   | -   ok  -   ok  409 -  ',
    revoked: '  -   key -   key key -   | -   key -   key key -  ',
    malformed: '-   key -   key key -   | -   key -   key key -  ',
  },
  import: {
    anonymous: '401 401 401 401 401 401 | 401 401 401 401 401 401',
    orgA: '     ok  ok  ok  ok  ok  409 | 404 404 404 404 404 404',
    orgB: '     404 404 404 404 404 404 | ok  ok  ok  ok  ok  409',
    moderator: '403 403 403 403 403 403 | 403 403 403 403 403 403',
    admin: '    403 403 403 403 403 403 | 403 403 403 403 403 403',
    revoked: '  key key key key key key | key key key key key key',
    malformed: 'key key key key key key | key key key key key key',
  },
};

/** Operations that touch no particular group (or A's import job, A's keys, a third organization). */
export const OTHER_OPS = [
  // POST /v1/groups; GraphQL createGroup
  'create',
  // POST /v1/imports (a feed with one new group)
  'import_new',
  // GET /v1/imports/{id} of an import A made
  'import_status',
  // GET /v1/moderation/queue
  'queue',
  // GET /v1/organizations/{A}/keys
  'org_keys',
  // POST /v1/organizations
  'create_org',
  // PATCH /v1/organizations/{C} {"trust_level": "trusted"}
  'trust_org',
  // POST /v1/keys (a moderator key)
  'create_key',
] as const;
export type OtherOp = (typeof OTHER_OPS)[number];

//                   anonymous orgA orgB moderator admin revoked malformed
export const OTHER_MATRIX: Record<OtherOp, string> = {
  create: '        401 ok  ok  403 403 key key',
  import_new: '    401 ok  ok  403 403 key key',
  import_status: ' 401 ok  404 403 403 key key',
  queue: '         401 403 403 ok  ok  key key',
  org_keys: '      401 ok  404 403 ok  key key',
  create_org: '    401 403 403 403 ok  key key',
  trust_org: '     401 403 403 403 ok  key key',
  create_key: '    401 403 403 403 ok  key key',
};

/** Outcome codes -> the HTTP status and problem code a client sees. */
export const EXPECTED: Record<Exclude<Outcome, 'ok' | '-'>, { status: number; code: string }> = {
  '404': { status: 404, code: 'not_found' },
  '401': { status: 401, code: 'authentication_required' },
  key: { status: 401, code: 'invalid_key' },
  '403': { status: 403, code: 'forbidden' },
  '409': { status: 409, code: 'invalid_state' },
};

function cells(row: string): Outcome[] {
  return row
    .replace('|', ' ')
    .trim()
    .split(/\s+/)
    .map((cell) => {
      if (!['ok', '404', '401', 'key', '403', '409', '-'].includes(cell)) throw new Error(`bad cell ${cell}`);
      return cell as Outcome;
    });
}

/** The expected outcome of `role` doing `op` to the group of `org` in `state`. */
export function expectedFor(op: GroupOp, role: Role, org: Org, state: State): Outcome {
  const row = cells(GROUP_MATRIX[op][role]);
  if (row.length !== ORGS.length * STATES.length) throw new Error(`${op}/${role}: ${row.length} cells`);
  return row[ORGS.indexOf(org) * STATES.length + STATES.indexOf(state)]!;
}

export function expectedOther(op: OtherOp, role: Role): Outcome {
  const row = cells(OTHER_MATRIX[op]);
  if (row.length !== ROLES.length) throw new Error(`${op}: ${row.length} cells`);
  return row[ROLES.indexOf(role)]!;
}
