import t from 'tap';
import { parseLocalTime, timeOfDay } from '../../src/schedule/time-of-day.js';

t.test('timeOfDay boundaries', async (t) => {
  const cases: Array<[string, string]> = [
    ['00:00', 'night'],
    ['04:59', 'night'],
    ['05:00', 'morning'],
    ['11:59', 'morning'],
    ['12:00', 'afternoon'],
    ['16:59', 'afternoon'],
    ['17:00', 'evening'],
    ['20:59', 'evening'],
    ['21:00', 'night'],
    ['23:59', 'night'],
  ];
  for (const [time, bucket] of cases) t.equal(timeOfDay(time), bucket, time);
  t.throws(() => timeOfDay('25:00'), RangeError);
});

t.test('parseLocalTime', async (t) => {
  t.same(parseLocalTime('00:00'), { hour: 0, minute: 0 });
  t.same(parseLocalTime('09:05'), { hour: 9, minute: 5 });
  t.same(parseLocalTime('23:59'), { hour: 23, minute: 59 });
  for (const bad of [
    '24:00',
    '23:60',
    '9:00',
    '09:5',
    '19:00:00',
    ' 12:00',
    '12:00 ',
    '12h00',
    '',
    'ab:cd',
    '-1:00',
  ]) {
    t.equal(parseLocalTime(bad), null, JSON.stringify(bad));
  }
});
