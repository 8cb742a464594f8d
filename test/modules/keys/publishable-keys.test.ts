// Publishable keys (cir_pk_): an embedding site's read-only key, bound to its origins. From an
// allowed origin it reads exactly as an anonymous visitor; from any other origin, or without one,
// it is refused; it can never write or see a draft.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { adminKey, auth, groupBody, submitter } from '../../support/keys.js';

const { app, db } = await buildTestApp(t);
const admin = await adminKey(app);
const orgA = await submitter(app, db, 'Harbor Peer Network', false);
const orgB = await submitter(app, db, 'Lakeside Circles', true);

async function createPublishable(headers: Record<string, string>, organizationId: string, origins: unknown) {
  return app.inject({
    method: 'POST',
    url: `/v1/organizations/${organizationId}/keys`,
    headers,
    payload: { name: 'Website widget', type: 'publishable', allowed_origins: origins },
  });
}

const created = await createPublishable(orgA.auth, orgA.organizationId, [
  'https://harbor.example',
  'http://localhost:8080',
]);
const publishable: string = created.json().data.key;

t.test('an organization creates its own publishable key; it is listed with its origins', async (t) => {
  t.equal(created.statusCode, 201);
  t.match(publishable, /^cir_pk_[A-Za-z0-9_-]{32}$/);
  t.same(created.json().data.scopes, ['read']);
  t.same(created.json().data.allowed_origins, ['http://localhost:8080', 'https://harbor.example']);
  const listed = await app.inject({
    url: `/v1/organizations/${orgA.organizationId}/keys`,
    headers: orgA.auth,
  });
  t.ok(listed.json().data.some((k: { allowed_origins: string[] | null }) => k.allowed_origins?.length === 2));
});

t.test(
  'creating one is refused for another organization, without origins, or with a bad origin',
  async (t) => {
    const other = await createPublishable(orgB.auth, orgA.organizationId, ['https://lakeside.example']);
    t.equal(other.statusCode, 404, "another organization's key cannot mint keys for A");
    const none = await createPublishable(orgA.auth, orgA.organizationId, undefined);
    t.equal(none.statusCode, 400);
    t.equal(none.json().invalid_params[0].name, 'allowed_origins');
    const path = await createPublishable(orgA.auth, orgA.organizationId, ['https://harbor.example/embed']);
    t.equal(path.statusCode, 400, 'an origin has no path');
    t.equal(path.headers['content-type'], 'application/problem+json; charset=utf-8');
    const secret = await app.inject({
      method: 'POST',
      url: `/v1/organizations/${orgA.organizationId}/keys`,
      headers: orgA.auth,
      payload: { name: 'sneaky', type: 'secret' },
    });
    t.equal(secret.statusCode, 403, 'a submit key cannot mint secret keys');
  },
);

t.test('from an allowed origin it reads like an anonymous visitor', async (t) => {
  const anonymous = await app.inject({ url: '/v1/groups?limit=5' });
  const res = await app.inject({
    url: '/v1/groups?limit=5',
    headers: { ...auth(publishable), origin: 'https://HARBOR.example:443' },
  });
  t.equal(res.statusCode, 200);
  t.same(res.json().data, anonymous.json().data);
  t.equal(res.headers['ratelimit-limit'], anonymous.headers['ratelimit-limit'], 'no higher budget');
});

t.test('from another origin, or with no Origin, it is refused with a problem naming Origin', async (t) => {
  for (const headers of [{ origin: 'https://evil.example' }, {}, { origin: 'null' }]) {
    const res = await app.inject({ url: '/v1/groups', headers: { ...auth(publishable), ...headers } });
    t.equal(res.statusCode, 403);
    t.equal(res.json().code, 'origin_not_allowed');
    if ('origin' in headers)
      t.equal(res.headers['access-control-allow-origin'], '*', 'the page can read why');
    t.equal(res.json().invalid_params[0].name, 'Origin');
    t.notMatch(res.body, publishable, 'the key is not echoed');
  }
  const graphql = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { ...auth(publishable), origin: 'https://evil.example' },
    payload: { query: '{ groups(first: 1) { totalCount } }' },
  });
  t.not(graphql.statusCode, 200, 'GraphQL refuses it too');
  t.match(graphql.body, /origin_not_allowed/);
});

t.test('it never writes and never sees a draft of its organization', async (t) => {
  const draft = await app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: orgA.auth,
    payload: groupBody(),
  });
  t.equal(draft.statusCode, 201);
  const id = draft.json().data.id;
  const headers = { ...auth(publishable), origin: 'https://harbor.example' };
  const read = await app.inject({ url: `/v1/groups/${id}`, headers });
  t.equal(read.statusCode, 404, 'the pending group is not visible to the publishable key');
  const write = await app.inject({ method: 'POST', url: '/v1/groups', headers, payload: groupBody() });
  t.equal(write.statusCode, 403);
  t.match(write.json().detail, /publishable key/);
});

t.test('a revoked publishable key is a 401', async (t) => {
  const id = created.json().data.id;
  t.equal(
    (await app.inject({ method: 'DELETE', url: `/v1/keys/${id}`, headers: auth(admin) })).statusCode,
    200,
  );
  const res = await app.inject({
    url: '/v1/groups',
    headers: { ...auth(publishable), origin: 'https://harbor.example' },
  });
  t.equal(res.statusCode, 401);
  t.equal(res.json().code, 'invalid_key');
});
