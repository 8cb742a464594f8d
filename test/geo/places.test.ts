import t from 'tap';
import { haversineMeters } from '../../src/geo/distance.js';
import { parseCoordinates, type ResolvedPlace, resolvePlace } from '../../src/geo/places.js';

function km(place: ResolvedPlace | null, lat: number, lng: number): number {
  if (!place) return Number.POSITIVE_INFINITY;
  return haversineMeters(place, { lat, lng }) / 1000;
}

t.test('coordinates', async (t) => {
  t.same(resolvePlace('40.7128,-74.006'), {
    lat: 40.7128,
    lng: -74.006,
    label: '40.7128, -74.0060',
    kind: 'coordinates',
  });
  t.same(resolvePlace('40.7, -74'), { lat: 40.7, lng: -74, label: '40.7000, -74.0000', kind: 'coordinates' });
  t.same(parseCoordinates(' -33.8688 , 151.2093 '), { lat: -33.8688, lng: 151.2093 });
  t.same(parseCoordinates('90,180'), { lat: 90, lng: 180 });
  t.same(parseCoordinates('-0,0'), { lat: 0, lng: 0 }, 'no negative zero to print as -0.0000');
  for (const bad of [
    '91,0',
    '-90.5,0',
    '0,181',
    '0,-180.01',
    '40.7 -74',
    '40.7;-74',
    '1e1,5',
    'abc,def',
    '40.7,',
  ]) {
    t.equal(parseCoordinates(bad), null, bad);
  }
  t.equal(resolvePlace('91,0'), null, 'out-of-range coordinates are not reinterpreted as a name');
});

t.test('US ZIP codes', async (t) => {
  const zip = resolvePlace('10001');
  t.equal(zip?.kind, 'postal_code');
  t.equal(zip?.label, '10001 (New York, NY)');
  // Penn Station / Chelsea, Manhattan.
  t.ok(km(zip, 40.7506, -73.9972) < 2, '10001 lands in Manhattan');
  t.same(resolvePlace('10001-1234'), zip, 'ZIP+4 resolves to its ZIP');
  t.equal(resolvePlace('90210')?.label, '90210 (Beverly Hills, CA)');
  t.equal(resolvePlace('00000'), null, 'unknown ZIP');
  t.equal(resolvePlace('34001'), null, 'military (APO) ZIP without a location');
  t.equal(resolvePlace('1000'), null);
  t.equal(resolvePlace('100011'), null);
});

t.test('US city and state, from the ZIP data', async (t) => {
  const austin = resolvePlace('Austin, TX');
  t.equal(austin?.label, 'Austin, TX');
  t.equal(austin?.kind, 'place');
  t.ok(
    km(austin, 30.27, -97.74) < 5,
    `Austin, TX within a few km of downtown (${km(austin, 30.27, -97.74)} km)`,
  );
  for (const spelling of ['austin tx', 'AUSTIN,TX', 'Austin, Texas', 'austin texas', ' Austin ,  tx ']) {
    t.same(resolvePlace(spelling), austin, spelling);
  }
  t.ok(km(resolvePlace('New York, NY'), 40.758, -73.9855) < 3, 'New York, NY is midtown Manhattan');
  t.equal(resolvePlace('New York, NY')?.label, 'New York, NY');
  t.ok(km(resolvePlace('Portland, OR'), 45.5152, -122.6784) < 5);
  t.ok(km(resolvePlace('Portland, ME'), 43.6591, -70.2568) < 5);
  t.ok(km(resolvePlace('Springfield, IL'), 39.7817, -89.6501) < 5);
  t.ok(km(resolvePlace('Springfield, Massachusetts'), 42.1015, -72.5898) < 5);
  const stLouis = resolvePlace('St. Louis, MO');
  t.ok(km(stLouis, 38.627, -90.1994) < 10, 'St. and Saint are the same word');
  t.same(resolvePlace('Saint Louis, Missouri'), stLouis);
  t.same(resolvePlace('st louis mo'), stLouis);
  t.equal(resolvePlace('Washington, DC')?.label, 'Washington, DC');
  t.same(resolvePlace('Washington, D.C.'), resolvePlace('washington dc'));
  t.equal(resolvePlace('San Juan, PR')?.label, 'San Juan, PR', 'territories count as states');
  // The ZIP data has no Manhattan; GeoNames does.
  t.ok(km(resolvePlace('Manhattan, NY'), 40.7831, -73.9712) < 10);
});

t.test('world cities: ambiguous names resolve to the most populous match', async (t) => {
  const london = resolvePlace('London');
  t.equal(london?.label, 'London, UK');
  t.ok(km(london, 51.5074, -0.1278) < 5, 'London is in the UK, not Ontario');
  const austin = resolvePlace('Austin');
  t.equal(austin?.label, 'Austin, TX');
  t.ok(km(austin, 30.27, -97.74) < 3);
  t.equal(resolvePlace('Portland')?.label, 'Portland, OR');
  // GeoNames populations: Missouri 166,810; Massachusetts 154,341; Illinois 116,565.
  t.equal(resolvePlace('Springfield')?.label, 'Springfield, MO');
  t.equal(resolvePlace('Paris')?.label, 'Paris, France');
  t.equal(resolvePlace('New York')?.label, 'New York, NY', 'a state name that is also its city');
  t.equal(resolvePlace('NYC')?.label, 'New York City, NY');
  t.equal(resolvePlace('Singapore')?.label, 'Singapore');
});

t.test('world cities: a state, province, nation or country narrows the name', async (t) => {
  const londonUk = resolvePlace('London, UK');
  t.same(resolvePlace('London, England'), londonUk);
  t.same(resolvePlace('london, united kingdom'), londonUk);
  t.same(resolvePlace('London GB'), londonUk);

  const ontario = { lat: 42.9834, lng: -81.233 };
  for (const input of ['London, ON', 'London, Ontario', 'London, Canada', 'London, ON, Canada']) {
    const place = resolvePlace(input);
    t.equal(place?.label, 'London, ON, Canada', input);
    t.ok(km(place, ontario.lat, ontario.lng) < 5, input);
  }

  // "CA" is California before it is Canada: "City, ST" is how US places are written, and reading it
  // as Canada would send "Richmond, CA" or "Windsor, CA" to British Columbia and Ontario.
  const londonCa = resolvePlace('London, CA');
  t.equal(londonCa?.label, 'London, CA');
  t.ok(km(londonCa, 36.476, -119.443) < 5, 'London, CA is the California village');
  t.equal(resolvePlace('Richmond, CA')?.label, 'Richmond, CA');
  // ...but the country reading is used when the state has no such place.
  t.equal(resolvePlace('Lima, PE')?.label, 'Lima, Peru');
  t.equal(resolvePlace('Amsterdam, NL')?.label, 'Amsterdam, Netherlands');
  t.equal(resolvePlace('Salem, IN')?.label, 'Salem, IN', 'Indiana, not India');

  t.ok(km(resolvePlace('Manchester, GB'), 53.4808, -2.2426) < 5);
  t.equal(resolvePlace('Glasgow, United Kingdom')?.label, 'Glasgow, UK');
  t.ok(km(resolvePlace('Glasgow, Scotland'), 55.8642, -4.2518) < 5);
  t.ok(km(resolvePlace('Toronto, Canada'), 43.6532, -79.3832) < 10);
  t.equal(resolvePlace('Portland, ME, USA')?.label, 'Portland, ME');
  t.equal(resolvePlace('Tbilisi, Georgia')?.label, 'Tbilisi, Georgia');
  t.equal(resolvePlace('Athens, Georgia')?.label, 'Athens, GA');
  t.equal(resolvePlace('Washington, USA')?.label, 'Washington, D.C.');
  t.equal(resolvePlace('London, Mars'), null, 'unknown qualifier');
  t.equal(resolvePlace('Portland, ME, Canada'), null, 'contradictory qualifiers');
});

t.test('case and accents do not matter', async (t) => {
  t.equal(resolvePlace('sao paulo')?.label, 'São Paulo, Brazil');
  t.same(resolvePlace('SÃO PAULO'), resolvePlace('Sao Paulo'));
  t.equal(resolvePlace('montreal')?.label, 'Montréal, QC, Canada');
  t.equal(resolvePlace('ZURICH')?.label, 'Zürich, Switzerland');
  t.equal(resolvePlace('Tromso')?.label, 'Tromsø, Norway');
  t.equal(resolvePlace('winston salem')?.label, 'Winston-Salem, NC');
});

t.test('regions alone and nonsense do not resolve', async (t) => {
  for (const input of [
    'Texas',
    'UK',
    'Georgia',
    'Ontario',
    'Washington',
    'Canada',
    'asdfghjkl',
    '',
    '   ',
    ',,,',
  ]) {
    t.equal(resolvePlace(input), null, JSON.stringify(input));
  }
});

t.test('overlong input is refused before any work', async (t) => {
  t.equal(resolvePlace(`London${' '.repeat(95)}`), null, '101 characters, even if it would resolve');
  t.equal(resolvePlace('x'.repeat(10_000)), null);
  t.ok(resolvePlace(`London${' '.repeat(94)}`), '100 characters is fine');
});
