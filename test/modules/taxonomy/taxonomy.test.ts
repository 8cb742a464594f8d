import t from 'tap';
import { buildTestApp } from '../../helper.js';

const { app } = await buildTestApp(t);

t.test('every vocabulary, with English and Spanish labels and synonyms', async (t) => {
  const res = await app.inject({ url: '/v1/taxonomy' });
  t.equal(res.statusCode, 200);
  const { data } = res.json();
  const codes = data.map((v: { code: string }) => v.code);
  for (const expected of [
    'conditions',
    'affinities',
    'attendance',
    'facilitation',
    'access',
    'cost',
    'accessibility',
    'languages',
    'days',
    'times_of_day',
  ]) {
    t.ok(codes.includes(expected), `has ${expected}`);
  }
  for (const vocabulary of data) {
    for (const term of vocabulary.terms) {
      t.ok(term.labels.en && term.labels.es, `${vocabulary.code}/${term.code} has en and es labels`);
    }
  }
  const conditions = data.find((v: { code: string }) => v.code === 'conditions');
  t.ok(conditions.terms.length >= 20);
  const ptsd = conditions.terms.find((term: { code: string }) => term.code === 'ptsd');
  t.ok(ptsd.synonyms.includes('trauma'));
  const affinities = data.find((v: { code: string }) => v.code === 'affinities');
  t.ok(affinities.terms.length >= 19);
});

t.test('one vocabulary', async (t) => {
  const res = await app.inject({ url: '/v1/taxonomy/languages' });
  t.equal(res.statusCode, 200);
  const { data } = res.json();
  t.equal(data.code, 'languages');
  t.match(
    data.terms.find((term: { code: string }) => term.code === 'es'),
    { labels: { en: 'Spanish', es: 'Español' } },
  );
});
