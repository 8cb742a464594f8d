// Bad input, tried as a new user would: each gets a 400 problem+json naming the parameter, and
// the server keeps serving.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { addGroups } from '../../support/fixtures.js';

const { app, db } = await buildTestApp(t);
await addGroups(db, [{ name: 'Any Group', conditions: ['depression'] }]);

const cases: [string, string, string, string][] = [
  ['a place nobody knows', 'near=Nowhereville%2C%20ZZ', 'near', 'invalid_parameter'],
  ['a huge page', 'limit=100000', 'limit', 'invalid_parameter'],
  ['a zero page', 'limit=0', 'limit', 'invalid_parameter'],
  ['a non-numeric page', 'limit=ten', 'limit', 'invalid_parameter'],
  ['a negative radius', 'near=10001&radius=-3', 'radius', 'invalid_parameter'],
  ['a radius without unit', 'near=10001&radius=25', 'radius', 'invalid_parameter'],
  ['a radius without near', 'radius=25mi', 'radius', 'invalid_parameter'],
  ['an unknown condition', 'condition=unknown', 'condition', 'invalid_parameter'],
  ['an unknown language', 'language=xx', 'language', 'invalid_parameter'],
  ['an unknown day', 'day=someday', 'day', 'invalid_parameter'],
  ['an unknown facet', 'facets=color', 'facets', 'invalid_parameter'],
  ['an unknown sort', 'sort=random', 'sort', 'invalid_parameter'],
  ['distance sort without a place', 'sort=distance', 'sort', 'invalid_parameter'],
  ['a malformed cursor', 'cursor=not-a-cursor', 'cursor', 'invalid_cursor'],
  [
    'a forged cursor',
    `cursor=${Buffer.from('{"k":1,"id":"x"}').toString('base64url')}`,
    'cursor',
    'invalid_cursor',
  ],
  ['a 10 KB q', `q=${'a'.repeat(10_240)}`, 'q', 'invalid_parameter'],
  ['an unknown parameter', 'colour=blue', 'colour', 'unknown_parameter'],
  ['out-of-range coordinates', 'near=91,200', 'near', 'invalid_parameter'],
  ['an age out of range', 'age=500', 'age', 'invalid_parameter'],
  ['a bad organization id', 'organization=abc', 'organization', 'invalid_parameter'],
];

for (const [what, query, parameter, code] of cases) {
  t.test(what, async (t) => {
    const res = await app.inject({ url: `/v1/groups?${query}` });
    t.equal(res.statusCode, 400);
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    const body = res.json();
    t.equal(body.code, code);
    t.equal(body.status, 400);
    t.match(body.type, /^urn:circles:problem:/);
    t.equal(body.invalid_params[0].name, parameter, `names ${parameter}`);
    t.equal(body.invalid_params[0].in, 'query');
    // Still serving.
    t.equal((await app.inject({ url: '/v1/groups?limit=1' })).statusCode, 200);
  });
}

t.test('error messages do not echo what was searched', async (t) => {
  const res = await app.inject({ url: '/v1/groups?condition=depression,my-secret-condition' });
  t.equal(res.statusCode, 400);
  t.notMatch(res.body, /my-secret-condition/);
  const near = await app.inject({ url: '/v1/groups?near=221B%20Baker%20Street%20flat' });
  t.notMatch(near.body, /Baker/);
});

t.test('unknown routes and methods are problem+json too', async (t) => {
  const missing = await app.inject({ url: '/v1/nothing-here' });
  t.equal(missing.statusCode, 404);
  t.equal(missing.json().code, 'not_found');
  const badGroup = await app.inject({ url: '/v1/groups/00000000-0000-4000-8000-000000000000' });
  t.equal(badGroup.statusCode, 404);
  const unknownVocabulary = await app.inject({ url: '/v1/taxonomy/colours' });
  t.equal(unknownVocabulary.statusCode, 404);
  const badOrg = await app.inject({ url: '/v1/organizations/not-a-uuid' });
  t.equal(badOrg.statusCode, 400);
  t.equal(badOrg.json().invalid_params[0].name, 'id');
  t.equal(badOrg.json().invalid_params[0].in, 'path');
});
