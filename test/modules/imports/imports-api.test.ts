// POST /v1/imports end to end: a 1,000-meeting Meeting Guide feed, imported twice.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { submitter } from '../../support/keys.js';
import { meetingGuideFeed } from './fixtures.js';

const { app, db } = await buildTestApp(t);
const org = await submitter(app, db, 'Metro Intergroup', true);

async function importFeed(feed: unknown, headers: Record<string, string> = {}) {
  const res = await app.inject({
    method: 'POST',
    url: '/v1/imports?conditions=alcohol',
    headers: { ...org.auth, prefer: 'wait=60', ...headers },
    payload: feed as object,
  });
  return { res, body: res.json() };
}

const feed = meetingGuideFeed(1000, 7, { invalid: 10 });

t.test('a 1,000-meeting feed imports, and importing it again changes nothing', async (t) => {
  const first = await importFeed(feed);
  t.equal(first.res.statusCode, 200, first.res.body.slice(0, 500));
  const data = first.body.data;
  t.equal(data.status, 'done');
  t.equal(data.processed, data.total);
  t.ok(data.counts.created > 900, `created ${data.counts.created}`);
  t.equal(data.counts.invalid, 10, 'the ten broken entries are reported');
  const invalid = data.results.filter((r: { result: string }) => r.result === 'invalid');
  t.ok(
    invalid.every((r: { errors: unknown[] }) => r.errors.length > 0),
    'each with its reasons',
  );

  const groupsBefore = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const auditBefore = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const second = await importFeed(feed);
  t.equal(second.body.data.status, 'done');
  t.same(second.body.data.counts, { created: 0, updated: 0, unchanged: data.counts.created, invalid: 10 });
  const groupsAfter = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  const auditAfter = await db
    .selectFrom('audit_log')
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  t.equal(Number(groupsAfter.n), Number(groupsBefore.n), 'no group added');
  t.equal(Number(auditAfter.n), Number(auditBefore.n), 'no change recorded');

  // Published at once (trusted organization); search may still hide those whose feed says they
  // were last updated over a year ago (freshness).
  const published = await db
    .selectFrom('groups')
    .select((eb) => eb.fn.countAll().as('n'))
    .where('organization_id', '=', org.organizationId)
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  t.equal(
    Number(published.n),
    data.counts.created,
    'imported groups of a trusted organization are published',
  );
});

t.test('a changed entry is updated, the rest unchanged', async (t) => {
  const changed = structuredClone(feed) as Record<string, unknown>[];
  const target = changed.find((e) => typeof e.slug === 'string' && e.name) as { name: string; slug: string };
  target.name = `${target.name} (new room)`;
  const { body } = await importFeed(changed);
  t.equal(body.data.counts.updated, 1);
  t.equal(body.data.counts.created, 0);
  const row = body.data.results.find((r: { external_id: string }) => r.external_id === target.slug);
  t.equal(row.result, 'updated');
  const group = (await app.inject({ url: `/v1/groups/${row.group_id}`, headers: org.auth })).json().data;
  t.equal(group.name, target.name);
});

t.test('an archived group listed again by the feed stays archived, reported with the reason', async (t) => {
  const changed = structuredClone(feed) as Record<string, unknown>[];
  const target = changed.find((e) => typeof e.slug === 'string' && e.name) as { name: string; slug: string };
  const before = await importFeed(changed);
  const id = before.body.data.results.find(
    (r: { external_id: string }) => r.external_id === target.slug,
  ).group_id;
  const current = await app.inject({ url: `/v1/groups/${id}`, headers: org.auth });
  const archived = await app.inject({
    method: 'DELETE',
    url: `/v1/groups/${id}`,
    headers: { ...org.auth, 'if-match': String(current.headers.etag) },
  });
  t.equal(archived.statusCode, 200, archived.body);
  t.equal(archived.json().data.status, 'archived');
  const audit = async () =>
    Number(
      (
        await db
          .selectFrom('audit_log')
          .select((eb) => eb.fn.countAll().as('n'))
          .where('group_id', '=', id)
          .executeTakeFirstOrThrow()
      ).n,
    );
  const auditBefore = await audit();

  target.name = `${target.name} (moved again)`;
  const { body } = await importFeed(changed);
  const row = body.data.results.find((r: { external_id: string }) => r.external_id === target.slug);
  t.equal(row.result, 'invalid');
  t.match(row.errors[0].reason, /archived/);
  t.equal(body.data.counts.updated, 0, 'nothing else changed either');
  const group = await db
    .selectFrom('groups')
    .select(['status', 'name'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow();
  t.equal(group.status, 'archived', 'still archived');
  t.not(group.name, target.name, 'and not renamed');
  t.equal(await audit(), auditBefore, 'no change recorded');
});

t.test('imports report progress without blocking other requests', async (t) => {
  const big = meetingGuideFeed(600, 99);
  const started = await app.inject({
    method: 'POST',
    url: '/v1/imports',
    headers: org.auth,
    payload: big as object,
  });
  t.equal(started.statusCode, 202);
  const id = started.json().data.id;
  t.equal(started.headers.location, `/v1/imports/${id}`);
  const health = await app.inject({ url: '/v1/groups?limit=1' });
  t.equal(health.statusCode, 200, 'search answers while the import runs');
  let status = started.json().data;
  for (let i = 0; i < 200 && status.status !== 'done'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    status = (await app.inject({ url: `/v1/imports/${id}`, headers: org.auth })).json().data;
    t.ok(status.processed <= status.total);
  }
  t.equal(status.status, 'done');
  t.equal(status.processed, 600);
});

t.test(
  'the same feed imported twice at once makes each group once, and Postgres refuses nothing',
  async (t) => {
    // Before each row took a lock on its external id, both imports found no group for an entry,
    // both inserted it, and the second insert failed on the unique index (found by the REST fuzzer).
    const refused: string[] = [];
    const { app: twin, db: twinDb } = await buildTestApp(t, {
      onQuery: (sql: string, error?: unknown) => {
        if (error !== undefined) refused.push(`${String(error)} :: ${sql.slice(0, 80)}`);
      },
    });
    const owner = await submitter(twin, twinDb, 'Twin Feeds Intergroup', true);
    const small = meetingGuideFeed(40, 11);
    const send = () =>
      twin.inject({
        method: 'POST',
        url: '/v1/imports?conditions=alcohol',
        headers: { ...owner.auth, prefer: 'wait=60' },
        payload: small as object,
      });
    const [a, b] = await Promise.all([send(), send()]);
    const counts = [a.json().data.counts, b.json().data.counts];
    t.same(
      counts.map((c) => c.invalid),
      [0, 0],
    );
    const groups = await twinDb
      .selectFrom('groups')
      .select((eb) => eb.fn.count<string>('external_id').distinct().as('slugs'))
      .select((eb) => eb.fn.countAll<string>().as('n'))
      .where('organization_id', '=', owner.organizationId)
      .executeTakeFirstOrThrow();
    t.equal(Number(groups.n), Number(groups.slugs), 'one group per feed entry');
    t.equal(counts[0].created + counts[1].created, Number(groups.n), 'each created by one import only');
    t.same(refused, [], 'no statement failed');
  },
);

t.test('bad imports are refused clearly', async (t) => {
  const notArray = await importFeed({ meetings: [] });
  t.equal(notArray.res.statusCode, 400);
  t.equal(notArray.body.code, 'invalid_body');
  const badCondition = await app.inject({
    method: 'POST',
    url: '/v1/imports?conditions=nope',
    headers: org.auth,
    payload: [],
  });
  t.equal(badCondition.statusCode, 400);
  const anonymous = await app.inject({ method: 'POST', url: '/v1/imports', payload: [] });
  t.equal(anonymous.statusCode, 401);
  const other = await submitter(app, db, 'Someone Else', true);
  const first = await importFeed(meetingGuideFeed(3, 1));
  const peek = await app.inject({ url: `/v1/imports/${first.body.data.id}`, headers: other.auth });
  t.equal(peek.statusCode, 404, "another organization's import is not found");
});

t.test('CSV imports', async (t) => {
  const csv = [
    'external_id,name,description,conditions,attendance,facilitation,access,cost,languages,locality,region,country,lat,lng,day,start_time,duration_minutes',
    'csv-1,"Harbor Grief Circle, Tuesdays",A circle for grief,grief_loss,in_person,peer_led,open,free,en,Boston,MA,US,42.36,-71.06,tue,18:30,90',
    'csv-1,"Harbor Grief Circle, Tuesdays",A circle for grief,grief_loss,in_person,peer_led,open,free,en,Boston,MA,US,42.36,-71.06,thu,18:30,90',
    'csv-2,Bad Row,,nope,in_person,peer_led,open,free,en,Boston,MA,US,42.36,-71.06,tue,18:30,90',
  ].join('\n');
  const res = await app.inject({
    method: 'POST',
    url: '/v1/imports?conditions=grief_loss',
    headers: { ...org.auth, 'content-type': 'text/csv', prefer: 'wait=30' },
    payload: csv,
  });
  t.equal(res.statusCode, 200, res.body.slice(0, 300));
  const data = res.json().data;
  t.same(data.counts, { created: 1, updated: 0, unchanged: 0, invalid: 1 });
  const created = data.results.find((r: { result: string }) => r.result === 'created');
  const group = (await app.inject({ url: `/v1/groups/${created.group_id}` })).json().data;
  t.equal(group.meetings.length, 2, 'rows with one external id are one group with two meetings');
});
