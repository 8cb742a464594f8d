// JSON bodies nested past MAX_JSON_DEPTH are refused with 400 invalid_body naming the body, on
// every route (REST as problem+json, GraphQL as a GraphQL error), before anything walks them: a 10,000-deep import with an
// Idempotency-Key answered 500 (the key's hash overflowed the stack; found by fuzzing).
import t from 'tap';
import { MAX_JSON_DEPTH, nestedDeeperThan } from '../../src/plugins/json-body.js';
import { buildTestApp } from '../helper.js';
import { groupBody, submitter } from '../support/keys.js';
import { countRows } from '../support/rows.js';

const { app, db } = await buildTestApp(t);
const org = await submitter(app, db, 'Deep Water Peer Network', true);
const deep = (levels: number, open = '[', close = ']') => open.repeat(levels) + close.repeat(levels);
const count = (table: 'imports' | 'groups' | 'idempotency_keys') => countRows(db, table);

t.test('a deeply nested import is refused with the body named, and writes nothing', async (t) => {
  const before = { imports: await count('imports'), keys: await count('idempotency_keys') };
  for (const levels of [MAX_JSON_DEPTH + 1, 10_000, 100_000]) {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/imports',
      headers: {
        ...org.auth,
        'content-type': 'application/json',
        'idempotency-key': `deep-${levels}`,
        prefer: 'wait=1',
      },
      payload: deep(levels),
    });
    t.equal(res.statusCode, 400, `${levels} levels: ${res.body.slice(0, 200)}`);
    t.match(res.headers['content-type'], /application\/problem\+json/);
    const problem = res.json();
    t.equal(problem.code, 'invalid_body');
    t.same(
      problem.invalid_params.map((p: { name: string; in: string }) => [p.name, p.in]),
      [['body', 'body']],
    );
  }
  t.equal(await count('imports'), before.imports, 'no import job was stored');
  t.equal(await count('idempotency_keys'), before.keys, 'no Idempotency-Key was claimed');
});

t.test('objects count like arrays, and GraphQL bodies are held to the same limit', async (t) => {
  const groups = await count('groups');
  const nested = `{"a":${deep(MAX_JSON_DEPTH, '{"a":', '}').replace(/\{"a":\}/, '{"a":1}')}}`;
  const res = await app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: { ...org.auth, 'content-type': 'application/json' },
    payload: JSON.stringify({ ...groupBody(), name: '__X__' }).replace('"__X__"', nested),
  });
  t.equal(res.statusCode, 400);
  t.equal(res.json().code, 'invalid_body');
  t.equal(await count('groups'), groups, 'no group was written');

  const graphql = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: `{"query":"{ __typename }","variables":{"x":${deep(1_000)}}}`,
  });
  t.equal(graphql.statusCode, 400);
  // /graphql answers in GraphQL's error shape, as it does for a body that is not JSON at all.
  t.equal(graphql.json().errors[0].extensions.code, 'invalid_body');
  t.same(graphql.json().errors[0].extensions.invalid_params[0].name, 'body');
});

t.test('bodies within the limit are parsed as before', async (t) => {
  const created = await app.inject({
    method: 'POST',
    url: '/v1/groups',
    headers: org.auth,
    payload: groupBody(),
  });
  t.equal(created.statusCode, 201, created.body.slice(0, 300));
  const graphql = await app.inject({
    method: 'POST',
    url: '/graphql',
    headers: { 'content-type': 'application/json' },
    payload: `{"query":"{ __typename }","variables":{"x":${deep(MAX_JSON_DEPTH - 2)}}}`,
  });
  t.equal(graphql.statusCode, 200, graphql.body.slice(0, 300));
  t.same(graphql.json().data, { __typename: 'Query' });
});

t.test('the depth scan ignores brackets inside strings, escaped quotes included', async (t) => {
  t.equal(nestedDeeperThan(JSON.stringify({ text: '['.repeat(100) }), 2), false);
  t.equal(nestedDeeperThan(JSON.stringify({ text: `\\"${'{'.repeat(100)}` }), 2), false);
  t.equal(nestedDeeperThan('[[[1]]]', 3), false);
  t.equal(nestedDeeperThan('[[[[1]]]]', 3), true);
  t.equal(nestedDeeperThan('[[1],[2],[3],[4]]', 2), false, 'siblings do not add up');
});
