import { sql } from 'kysely';
import t from 'tap';
import { TaxonomyService } from '../../../src/modules/taxonomy/taxonomy.service.js';
import { buildTestApp } from '../../helper.js';

const { app, db } = await buildTestApp(t);

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

t.test('an old taxonomy keeps serving while a fresh one loads in the background', async (t) => {
  const service = new TaxonomyService(db, 0); // every call after the first is past the TTL
  const label = async () => (await service.get()).label('conditions', 'grief_loss');
  const original = await label();
  await sql`UPDATE taxonomy_terms SET labels = jsonb_set(labels, '{en}', '"Grief (renamed)"')
             WHERE vocabulary = 'conditions' AND code = 'grief_loss'`.execute(db);
  t.teardown(() =>
    sql`UPDATE taxonomy_terms SET labels = jsonb_set(labels, '{en}', to_jsonb(${original}::text))
         WHERE vocabulary = 'conditions' AND code = 'grief_loss'`.execute(db),
  );
  t.equal(await label(), original, 'answered at once from the loaded taxonomy, no load in the way');
  let fresh = original;
  for (let i = 0; i < 50 && fresh === original; i++) {
    await new Promise((r) => setTimeout(r, 20));
    fresh = await label();
  }
  t.equal(fresh, 'Grief (renamed)', 'the background load replaced it');
});
