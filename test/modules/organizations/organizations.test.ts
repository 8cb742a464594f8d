import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { addGroups, addOrganization } from '../../support/fixtures.js';

const { app, db } = await buildTestApp(t);
const orgId = await addOrganization(db, 'Harbor Peer Network');
await addGroups(
  db,
  [
    { name: 'Harbor Depression Circle', conditions: ['depression'] },
    { name: 'Harbor Anxiety Circle', conditions: ['anxiety'] },
    { name: 'Harbor Draft', status: 'draft' },
  ],
  orgId,
);
await addOrganization(db, 'Aurora Recovery Collective');

t.test('an organization with its number of published groups', async (t) => {
  const res = await app.inject({ url: `/v1/organizations/${orgId}` });
  t.equal(res.statusCode, 200);
  t.match(res.json().data, { id: orgId, name: 'Harbor Peer Network', published_groups: 2 });
  const groups = await app.inject({ url: `/v1/groups?organization=${orgId}` });
  t.equal(groups.json().meta.total, 2);
});

t.test('organizations are listed by name with a cursor', async (t) => {
  const first = (await app.inject({ url: '/v1/organizations?limit=1' })).json();
  t.equal(first.data[0].name, 'Aurora Recovery Collective');
  const second = (
    await app.inject({ url: `/v1/organizations?limit=1&cursor=${first.meta.next_cursor}` })
  ).json();
  t.equal(second.data[0].name, 'Harbor Peer Network');
  t.equal(second.meta.next_cursor, null);
});

t.test('an unknown organization is a 404 problem', async (t) => {
  const res = await app.inject({ url: '/v1/organizations/00000000-0000-4000-8000-000000000000' });
  t.equal(res.statusCode, 404);
  t.equal(res.json().code, 'not_found');
});
