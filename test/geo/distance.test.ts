import t from 'tap';
import { haversineMeters, metersTo, parseRadius } from '../../src/geo/distance.js';

t.test('parseRadius accepts a positive number with a unit', async (t) => {
  const cases: Array<[string, number, number, 'km' | 'mi']> = [
    ['25mi', 25, 40_233.6, 'mi'],
    ['25 mi', 25, 40_233.6, 'mi'],
    ['25MI', 25, 40_233.6, 'mi'],
    ['40km', 40, 40_000, 'km'],
    ['2.5km', 2.5, 2_500, 'km'],
    ['2.5 Km', 2.5, 2_500, 'km'],
    ['.5km', 0.5, 500, 'km'],
    [' 10mi ', 10, 16_093.44, 'mi'],
    ['500mi', 500, 804_672, 'mi'],
    ['800km', 800, 800_000, 'km'],
  ];
  for (const [input, value, meters, unit] of cases) {
    const radius = parseRadius(input);
    t.equal(radius?.value, value, `${input} value`);
    t.equal(radius?.unit, unit, `${input} unit`);
    t.ok(radius && Math.abs(radius.meters - meters) < 1e-6, `${input} meters`);
  }
});

t.test('parseRadius rejects everything else', async (t) => {
  const bad = [
    '25',
    'mi',
    '',
    '   ',
    '0mi',
    '0.0km',
    '-5km',
    '+5km',
    '500.1mi',
    '801km',
    'NaNkm',
    'Infinitymi',
    '1e2km',
    '0x10km',
    '2,5km',
    '25 miles',
    '25 kilometres',
    '25mi25',
    '25 m',
    '25ft',
    '5.km',
  ];
  for (const input of bad) t.equal(parseRadius(input), null, JSON.stringify(input));
});

t.test('haversineMeters', async (t) => {
  const london = { lat: 51.5074, lng: -0.1278 };
  const paris = { lat: 48.8566, lng: 2.3522 };
  const newYork = { lat: 40.7128, lng: -74.006 };
  t.equal(haversineMeters(london, london), 0);
  t.ok(Math.abs(haversineMeters(london, paris) / 1000 - 343.6) < 1, 'London-Paris ~343.6 km');
  t.ok(Math.abs(haversineMeters(newYork, london) / 1000 - 5570) < 5, 'New York-London ~5570 km');
  t.equal(haversineMeters(london, paris), haversineMeters(paris, london), 'symmetric');
  const antipodes = haversineMeters({ lat: 0, lng: 0 }, { lat: 0, lng: 180 });
  t.ok(Math.abs(antipodes - Math.PI * 6_371_008.8) < 1e-3, 'antipodes are half a circumference apart');
  t.ok(
    Math.abs(haversineMeters({ lat: 0, lng: 179.9 }, { lat: 0, lng: -179.9 }) - 22_239) < 5,
    'across the antimeridian',
  );
});

t.test('metersTo rounds to one decimal', async (t) => {
  t.equal(metersTo('mi', 40_233.6), 25);
  t.equal(metersTo('km', 1_234), 1.2);
  t.equal(metersTo('km', 1_250), 1.3);
  t.equal(metersTo('mi', 1_609.344 * 3.14), 3.1);
  t.equal(metersTo('km', 0), 0);
});
