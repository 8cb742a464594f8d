// Absolute links in answers (HSDS, the home page) follow CIRCLES_PUBLIC_URL when it is set, never a
// forged X-Forwarded-Host: a shared cache keyed on the URL would hand such an answer to everyone.
import t from 'tap';
import { buildTestApp } from './helper.js';

const FORGED = { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'http' };

t.test('with CIRCLES_PUBLIC_URL, links use it whatever the request says', async (t) => {
  const { app } = await buildTestApp(t, {
    env: { CIRCLES_PUBLIC_URL: 'https://circles.example.org/', CIRCLES_TRUST_PROXY: 'true' },
  });
  const info = await app.inject({ url: '/hsds/', headers: FORGED });
  t.equal(info.statusCode, 200);
  t.equal(info.json().openapi_url, 'https://circles.example.org/openapi.json');

  const taxonomies = (await app.inject({ url: '/hsds/taxonomies', headers: FORGED })).json();
  t.ok(taxonomies.contents.length > 0);
  for (const taxonomy of taxonomies.contents) {
    t.match(taxonomy.uri, /^https:\/\/circles\.example\.org\//, taxonomy.name);
  }

  const home = await app.inject({ url: '/', headers: FORGED });
  t.equal(home.statusCode, 200);
  t.match(home.body, 'https://circles.example.org/embed.js');
  t.notMatch(home.body, 'evil.example');
});

t.test(
  'without it, links follow the request (its Host; forwarded headers only with trust proxy)',
  async (t) => {
    const { app } = await buildTestApp(t);
    const direct = await app.inject({ url: '/hsds/', headers: { host: 'api.example.net', ...FORGED } });
    t.equal(direct.json().openapi_url, 'http://api.example.net/openapi.json', 'X-Forwarded-* ignored');

    const { app: proxied } = await buildTestApp(t, { env: { CIRCLES_TRUST_PROXY: 'true' } });
    const behind = await proxied.inject({ url: '/hsds/', headers: { host: 'internal:3000', ...FORGED } });
    t.equal(behind.json().openapi_url, 'http://evil.example/openapi.json', 'what a proxy (or a forger) says');
  },
);
