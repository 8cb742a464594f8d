// Listings are only as good as their last check: stale after 180 days, out of search after 365.
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { addGroups } from '../../support/fixtures.js';

const { app, db } = await buildTestApp(t);
const daysAgo = (n: number) => new Date(Date.now() - n * 86_400_000);
const [fresh, stale, gone] = await addGroups(db, [
  { name: 'Lantern Bipolar Circle', conditions: ['bipolar'], last_verified_at: daysAgo(10) },
  { name: 'Lantern Bipolar Circle Two', conditions: ['bipolar'], last_verified_at: daysAgo(200) },
  { name: 'Lantern Bipolar Circle Three', conditions: ['bipolar'], last_verified_at: daysAgo(400) },
]);

t.test('a stale listing is marked and ranks below a fresh one', async (t) => {
  const { data } = (await app.inject({ url: '/v1/groups?q=lantern%20bipolar' })).json();
  t.same(
    data.map((g: { id: string }) => g.id),
    [fresh, stale],
  );
  t.same(
    data.map((g: { stale: boolean }) => g.stale),
    [false, true],
  );
});

t.test('after a year unverified it leaves search, but its page stays', async (t) => {
  const { meta } = (await app.inject({ url: '/v1/groups?condition=bipolar' })).json();
  t.equal(meta.total, 2);
  const page = await app.inject({ url: `/v1/groups/${gone}` });
  t.equal(page.statusCode, 200);
  t.equal(page.json().data.stale, true);
});
