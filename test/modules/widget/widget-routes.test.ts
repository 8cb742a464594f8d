// /embed.js and the demo page at /, as served (the browser test drives them in Chromium).
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import t from 'tap';
import { buildTestApp } from '../../helper.js';

const { app } = await buildTestApp(t);

t.test('/embed.js is JavaScript, cacheable, and under 30 KB gzipped', async (t) => {
  const res = await app.inject({ url: '/embed.js' });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/javascript; charset=utf-8');
  t.match(res.headers['cache-control'], /^public, max-age=\d{4,}/);
  t.equal(res.headers['x-content-type-options'], 'nosniff');
  t.match(res.body, /customElements\.define\("circles-finder"/);
  t.notMatch(res.body, /\n\s+\S/, 'minified');
  const gzipped = gzipSync(res.rawPayload, { level: 9 }).length;
  t.ok(gzipped < 30 * 1024, `${gzipped} bytes gzipped (${res.rawPayload.length} bytes raw)`);

  const etag = res.headers.etag as string;
  t.match(etag, /^"[\w-]+"$/);
  const again = await app.inject({ url: '/embed.js', headers: { 'if-none-match': etag } });
  t.equal(again.statusCode, 304, 'revalidation by ETag');
  t.equal(again.body, '');

  for (const [encoding, decode] of [
    ['gzip', gunzipSync],
    ['br', brotliDecompressSync],
  ] as const) {
    const compressed = await app.inject({ url: '/embed.js', headers: { 'accept-encoding': encoding } });
    t.equal(compressed.headers['content-encoding'], encoding);
    t.match(compressed.headers.vary, /accept-encoding/i);
    t.same(decode(compressed.rawPayload), res.rawPayload, `the ${encoding} copy is the same script`);
    const revalidated = await app.inject({
      url: '/embed.js',
      headers: { 'accept-encoding': encoding, 'if-none-match': String(compressed.headers.etag) },
    });
    t.equal(revalidated.statusCode, 304, `revalidation of the ${encoding} copy`);
  }
});

t.test('/ is the demo page: the widget, the one-line snippet, links to the docs', async (t) => {
  const res = await app.inject({ url: '/', headers: { host: 'circles.example.org' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['content-type'], 'text/html; charset=utf-8');
  t.match(res.body, '<script src="/embed.js" async></script>');
  t.match(res.body, /<circles-finder[^>]*><\/circles-finder>/);
  t.match(
    res.body,
    '&lt;script src="http://circles.example.org/embed.js" async&gt;&lt;/script&gt;&lt;circles-finder',
    'the snippet names this server',
  );
  t.match(res.body, 'href="/docs"');
  t.match(res.body, 'href="/graphiql"');
  t.match(res.headers['content-security-policy'], /default-src 'self'/);
});

t.test('the host header is escaped in the demo page', async (t) => {
  const res = await app.inject({ url: '/', headers: { host: 'x"><script>alert(1)</script>' } });
  t.notMatch(res.body, '<script>alert(1)</script>');
});

t.test('the widget routes stay out of the API document', async (t) => {
  const spec = (await app.inject({ url: '/openapi.json' })).json();
  t.notOk(spec.paths['/embed.js']);
  t.notOk(spec.paths['/']);
});
