// GET /v1/crisis-resources: the crisis lines of a country, or the international directory.
import t from 'tap';
import { CRISIS_RESOURCES } from '../../../src/modules/feeds/crisis-resources.data.js';
import { buildTestApp } from '../../helper.js';

const { app } = await buildTestApp(t);

t.test('country lists', async (t) => {
  const us = await app.inject({ url: '/v1/crisis-resources?country=US' });
  t.equal(us.statusCode, 200);
  const body = us.json();
  t.equal(body.data.country, 'US');
  t.match(body.data.resources[0], {
    name: '988 Suicide & Crisis Lifeline',
    phone: '988',
    text: '988',
    chat_url: /988lifeline\.org/,
    description: { en: String, es: String },
  });

  const cases: [string, string, string][] = [
    ['GB', 'GB', '116 123'],
    ['uk', 'GB', '116 123'],
    ['ie', 'IE', '116 123'],
    ['CA', 'CA', '988'],
    ['AU', 'AU', '13 11 14'],
  ];
  for (const [query, country, phone] of cases) {
    const res = (await app.inject({ url: `/v1/crisis-resources?country=${query}` })).json();
    t.equal(res.data.country, country, query);
    t.equal(res.data.resources[0].phone, phone, `${query}: ${phone}`);
  }
});

t.test('the international directory for other countries and without one', async (t) => {
  for (const url of ['/v1/crisis-resources', '/v1/crisis-resources?country=FR']) {
    const res = await app.inject({ url });
    t.equal(res.statusCode, 200, url);
    t.equal(res.json().data.country, 'DEFAULT');
    t.match(res.json().data.resources[0].url, /findahelpline\.com/);
  }
});

t.test('unknown or malformed countries are 400 problems naming country', async (t) => {
  for (const country of ['XX', 'ZZ', 'USA', '1', '', 'a'.repeat(20)]) {
    const res = await app.inject({ url: `/v1/crisis-resources?country=${country}` });
    t.equal(res.statusCode, 400, JSON.stringify(country));
    t.equal(res.headers['content-type'], 'application/problem+json; charset=utf-8');
    t.equal(res.json().invalid_params[0].name, 'country');
  }
  const other = await app.inject({ url: '/v1/crisis-resources?colour=blue' });
  t.equal(other.statusCode, 400);
});

t.test('every resource has both labels and a link', async (t) => {
  for (const [country, list] of Object.entries(CRISIS_RESOURCES)) {
    t.ok(list.length > 0, country);
    for (const r of list) {
      t.ok(r.description.en && r.description.es && r.available.en && r.available.es, r.id);
      t.match(r.url, /^https:\/\//);
    }
  }
});

t.test('the feeds are in the OpenAPI document', async (t) => {
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  for (const path of [
    '/v1/feeds/meeting-guide.json',
    '/v1/groups/{idOrSlug}/calendar.ics',
    '/v1/crisis-resources',
  ])
    t.ok(spec.paths[path]?.get, path);
});
