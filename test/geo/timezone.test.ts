import t from 'tap';
import { isValidTimezone, timezoneAt } from '../../src/geo/timezone.js';

t.test('timezoneAt', async (t) => {
  t.equal(timezoneAt(40.7128, -74.006), 'America/New_York');
  t.equal(timezoneAt(30.27, -97.74), 'America/Chicago');
  t.equal(timezoneAt(51.5074, -0.1278), 'Europe/London');
  t.equal(timezoneAt(43.6532, -79.3832), 'America/Toronto');
  t.equal(timezoneAt(33.4484, -112.074), 'America/Phoenix', 'Arizona, which keeps standard time');
  t.equal(timezoneAt(-33.8688, 151.2093), 'Australia/Sydney');
  t.ok(
    isValidTimezone(timezoneAt(31.69, -106.42)),
    'a recently added zone (Ciudad Juarez) is known to Intl too',
  );
  t.throws(() => timezoneAt(91, 0), RangeError);
  t.throws(() => timezoneAt(0, -181), RangeError);
  t.throws(() => timezoneAt(Number.NaN, 0), RangeError);
});

t.test('isValidTimezone', async (t) => {
  for (const tz of ['America/New_York', 'Europe/London', 'UTC', 'Asia/Kolkata', 'Etc/GMT+5', 'US/Eastern']) {
    t.ok(isValidTimezone(tz), tz);
  }
  for (const tz of [
    '',
    'Mars/Olympus_Mons',
    '+05:00',
    'local',
    'system',
    'America/New York',
    'x'.repeat(100),
  ]) {
    t.notOk(isValidTimezone(tz), JSON.stringify(tz));
  }
});
