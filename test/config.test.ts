import { readFileSync } from 'node:fs';
import t from 'tap';
import { ConfigError, loadConfig } from '../src/config.js';

t.test('defaults', async (t) => {
  const config = loadConfig({}, '/srv/circles');
  t.equal(config.port, 3000);
  t.equal(config.databaseUrl, null, 'no DATABASE_URL means the embedded server');
  t.equal(config.dataDir, '/srv/circles/.data');
  t.equal(config.demoData, true);
  t.ok(Object.isFrozen(config));
});

t.test('malformed and unknown values fail with the variable name', async (t) => {
  const cases: [Record<string, string>, RegExp][] = [
    [{ PORT: 'abc' }, /^PORT: /],
    [{ PORT: '70000' }, /^PORT: /],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL: /],
    [{ DATABASE_URL: 'not a url' }, /^DATABASE_URL: /],
    [{ REDIS_URL: 'http://localhost' }, /^REDIS_URL: /],
    [{ MEILISEARCH_KEY: 'k' }, /^MEILISEARCH_KEY: /],
    [{ CIRCLES_DEMO_DATA: 'maybe' }, /^CIRCLES_DEMO_DATA: /],
    [{ CIRCLES_PORT: '3000' }, /^CIRCLES_PORT: unknown setting/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL: /],
  ];
  for (const [env, message] of cases) {
    t.throws(() => loadConfig(env), { name: 'ConfigError', message }, JSON.stringify(env));
  }
});

t.test('a bad DATABASE_URL is not echoed (it may hold a password)', async (t) => {
  try {
    loadConfig({ DATABASE_URL: 'postgres//user:s3cret@host' });
    t.fail('should throw');
  } catch (error) {
    t.ok(error instanceof ConfigError);
    t.notMatch((error as Error).message, /s3cret/);
  }
});

t.test('every CIRCLES_* setting the README documents is accepted with its documented default', async (t) => {
  // CIRCLES_RESULT_CACHE_MB was documented but missing from the known names: setting it stopped the start.
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
  const rows = [...readme.matchAll(/^\| `(CIRCLES_\w+)` \| `([^`]+)` \|/gm)];
  t.ok(rows.length >= 15, `${rows.length} settings with a default in the README`);
  for (const [, name, value] of rows) {
    t.doesNotThrow(() => loadConfig({ [name!]: value! }), `${name}=${value}`);
  }
  t.equal(loadConfig({ CIRCLES_RESULT_CACHE_MB: '32' }).resultCacheMb, 32);
});

t.test('CIRCLES_PUBLIC_URL is an http(s) origin', async (t) => {
  t.equal(loadConfig({}).publicUrl, null);
  t.equal(
    loadConfig({ CIRCLES_PUBLIC_URL: 'https://circles.example.org/' }).publicUrl,
    'https://circles.example.org',
  );
  t.equal(loadConfig({ CIRCLES_PUBLIC_URL: 'http://localhost:3000' }).publicUrl, 'http://localhost:3000');
  for (const bad of [
    'https://circles.example.org/api',
    'https://x.example/?a=1',
    'ftp://x.example',
    'circles.example.org',
  ]) {
    t.throws(
      () => loadConfig({ CIRCLES_PUBLIC_URL: bad }),
      { name: 'ConfigError', message: /^CIRCLES_PUBLIC_URL: / },
      bad,
    );
  }
});
