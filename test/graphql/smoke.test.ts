import t from 'tap';
import { buildTestApp } from '../helper.js';
import { addGroups } from '../support/fixtures.js';

const { app, db } = await buildTestApp(t);
await addGroups(db, [
  {
    name: 'Rainbow Bipolar Online',
    conditions: ['bipolar'],
    affinities: ['lgbtq'],
    attendance: 'online',
    languages: ['es'],
  },
  { name: 'Midtown Depression Circle', conditions: ['depression'] },
]);

t.test('groups query', async (t) => {
  const res = await app.inject({
    method: 'POST',
    url: '/graphql',
    payload: {
      query: `{ groups(filter: { q: "bipolr", attendance: [ONLINE] }, first: 5, facets: [CONDITION]) {
        totalCount nodes { name attendance conditions { code label(lang: "es") } organization { name publishedGroups } meetings { day startTime nextStart } nextMeeting }
        pageInfo { hasNextPage endCursor } facets { name values { value count } } } }`,
    },
  });
  t.equal(res.statusCode, 200, res.body);
  const data = res.json().data.groups;
  t.equal(data.totalCount, 1);
  t.equal(data.nodes[0].attendance, 'ONLINE');
  t.same(data.nodes[0].conditions, [{ code: 'bipolar', label: 'Trastorno bipolar' }]);
  t.equal(data.nodes[0].meetings[0].day, 'TUE');
  t.equal(data.nodes[0].organization.publishedGroups, 2);
});
