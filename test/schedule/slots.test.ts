import t from 'tap';
import { scheduleFacets, slotsMatching } from '../../src/schedule/slots.js';

t.test('each meeting contributes its own day and time of day', async (t) => {
  const facets = scheduleFacets([
    { day: 'tue', start_time: '09:00' },
    { day: 'mon', start_time: '19:00' },
  ]);
  t.same(facets, { days: ['mon', 'tue'], slots: ['mon:evening', 'tue:morning'] });
  const wanted = slotsMatching(['tue'], ['evening']);
  t.same(wanted, ['tue:evening']);
  t.notOk(
    facets.slots.some((slot) => wanted?.includes(slot)),
    'a Tuesday-morning plus a Monday-evening group is not a Tuesday-evening group',
  );
});

t.test('days and slots are sorted and unique', async (t) => {
  const facets = scheduleFacets([
    { day: 'sun', start_time: '22:00' },
    { day: 'wed', start_time: '18:30' },
    { day: 'wed', start_time: '19:30' },
    { day: 'wed', start_time: '07:00' },
    { day: 'mon', start_time: '01:00' },
  ]);
  t.same(facets.days, ['mon', 'wed', 'sun']);
  t.same(facets.slots, ['mon:night', 'wed:morning', 'wed:evening', 'sun:night']);
  t.same(scheduleFacets([]), { days: [], slots: [] });
});

t.test('slotsMatching: OR within a filter, AND across filters', async (t) => {
  t.equal(slotsMatching(undefined, undefined), null);
  t.equal(slotsMatching([], []), null);
  t.same(slotsMatching(['sat', 'sun'], ['morning']), ['sat:morning', 'sun:morning']);
  t.same(slotsMatching(['fri'], undefined), ['fri:morning', 'fri:afternoon', 'fri:evening', 'fri:night']);
  t.equal(slotsMatching(undefined, ['night'])?.length, 7);
});
