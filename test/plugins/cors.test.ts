// Any site may read the directory from the browser: simple requests and preflights answer every
// origin and expose the headers a client needs (ETag, pagination, rate limits).
import t from 'tap';
import { buildTestApp } from '../helper.js';

const { app } = await buildTestApp(t);

t.test('a read from another origin is allowed and sees the rate-limit headers', async (t) => {
  const res = await app.inject({ url: '/v1/groups', headers: { origin: 'https://example.org' } });
  t.equal(res.statusCode, 200);
  t.equal(res.headers['access-control-allow-origin'], '*');
  t.match(String(res.headers['access-control-expose-headers']), /ETag/);
  t.match(String(res.headers['access-control-expose-headers']), /RateLimit-Remaining/);
});

t.test('a preflight naming Authorization is answered for any origin', async (t) => {
  const res = await app.inject({
    method: 'OPTIONS',
    url: '/v1/groups',
    headers: {
      origin: 'https://embedding-site.example',
      'access-control-request-method': 'GET',
      'access-control-request-headers': 'authorization',
    },
  });
  t.equal(res.statusCode, 204);
  t.equal(res.headers['access-control-allow-origin'], '*');
  t.match(String(res.headers['access-control-allow-headers']), /Authorization/);
  t.equal(res.headers['access-control-max-age'], '86400');
});
