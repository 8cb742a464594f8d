// The README's example queries, on the demo directory that `npm start` loads.
import t, { type Test } from 'tap';
import { buildTestApp } from './helper.js';

const { app } = await buildTestApp(t, { demo: true });

async function get(t: Test, url: string) {
  const res = await app.inject({ url });
  t.equal(res.statusCode, 200, url);
  return res.json();
}

t.test('depression groups near ZIP 10001, with distance, next meeting and meetings', async (t) => {
  const body = await get(t, '/v1/groups?condition=depression&near=10001&radius=25mi');
  t.ok(body.meta.total > 0);
  const inPerson = body.data.filter((g: { attendance: string }) => g.attendance !== 'online');
  const online = body.data.filter((g: { attendance: string }) => g.attendance === 'online');
  t.ok(inPerson.length > 0, 'in-person groups nearby');
  for (const g of body.data) {
    t.ok(g.conditions.includes('depression'));
    t.ok(g.meetings.length > 0);
    t.match(g.next_meeting, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
  }
  for (const g of inPerson) t.ok(g.distance_mi <= 25, `${g.name} within 25 mi`);
  const all = await get(t, '/v1/groups?condition=depression&near=10001&radius=25mi&limit=100');
  t.ok(
    all.data.some((g: { attendance: string }) => g.attendance === 'online') || online.length > 0,
    'online groups are included',
  );
  const inPersonOnly = await get(
    t,
    '/v1/groups?condition=depression&near=10001&radius=25mi&attendance=in_person&limit=100',
  );
  t.notOk(inPersonOnly.data.some((g: { attendance: string }) => g.attendance === 'online'));
});

t.test('the kitchen-sink query works, and bipolr still finds bipolar groups', async (t) => {
  const sink = await get(
    t,
    '/v1/groups?q=bipolr&affinity=lgbtq&attendance=online&language=es&day=tue&time_of_day=evening',
  );
  t.ok(
    sink.meta.total >= 1,
    'the demo has a Spanish-speaking LGBTQ+ bipolar group online on Tuesday evenings',
  );
  for (const g of sink.data) {
    t.ok(g.conditions.includes('bipolar') && g.affinities.includes('lgbtq') && g.languages.includes('es'));
    t.equal(g.attendance, 'online');
  }
  const typo = await get(t, '/v1/groups?q=bipolr&limit=100');
  t.ok(typo.meta.total > 0);
  t.ok(
    typo.data.every(
      (g: { conditions: string[]; name: string; description: string }) =>
        g.conditions.includes('bipolar') || /bipolar/i.test(`${g.name} ${g.description}`),
    ),
  );
});

t.test('q=trauma finds PTSD groups', async (t) => {
  const body = await get(t, '/v1/groups?q=trauma&limit=50');
  t.ok(body.meta.total > 0);
  t.ok(body.data.filter((g: { conditions: string[] }) => g.conditions.includes('ptsd')).length > 0);
});

t.test('place names in the US and the UK', async (t) => {
  const austin = await get(t, `/v1/groups?near=${encodeURIComponent('Austin, TX')}&attendance=in_person`);
  t.ok(austin.meta.total > 0);
  t.equal(austin.data[0].location.region, 'TX');
  const london = await get(t, '/v1/groups?near=London&attendance=in_person&radius=30km');
  t.ok(london.meta.total > 0);
  t.equal(london.data[0].location.country, 'GB');
});

t.test('facets over the whole directory', async (t) => {
  const body = await get(t, '/v1/groups?facets=condition,affinity,attendance,language,day&limit=1');
  for (const facet of ['condition', 'affinity', 'attendance', 'language', 'day']) {
    t.ok(body.facets[facet].length > 0, `${facet} has values`);
  }
  const attendanceTotal = body.facets.attendance.reduce((n: number, v: { count: number }) => n + v.count, 0);
  t.equal(attendanceTotal, body.meta.total, 'each group has one attendance');
  t.ok(body.meta.total >= 500, 'the demo has at least 500 published groups');
});
