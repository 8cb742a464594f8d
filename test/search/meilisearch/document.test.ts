// Search documents from realistic rows: what the index may know about a group, and nothing more.
import t from 'tap';
import type { IndexDocument } from '../../../src/search/indexer.js';
import {
  AGE_MAX_OPEN,
  AGE_MIN_OPEN,
  type GroupDocument,
  isIndexable,
  toSearchDocument,
} from '../../../src/search/meilisearch/document.js';
import { fixture, ORGANIZATION, PLACES, seedTaxonomy } from './support.js';

const taxonomy = seedTaxonomy();

t.test('a Spanish-language in-person group: labels in both languages, schedule, place, keys', async (t) => {
  const { row, meetings } = fixture(
    {
      name: 'Círculo de Apoyo: Depresión y Ansiedad en Español',
      description: 'Un espacio seguro para personas que viven con depresión, ansiedad o ataques de pánico.',
      conditions: ['depression', 'anxiety'],
      affinities: ['latinx', 'women'],
      languages: ['es', 'en'],
      accessibility: ['wheelchair_accessible'],
      cost: 'donation',
      age_min: 18,
      location: { ...PLACES.manhattan, street: '350 5th Ave' },
      contact: { name: 'María', email: 'maria@example.org' },
      meetings: [
        { frequency: 'weekly', day: 'wed', start_time: '19:30', duration_minutes: 90 },
        { frequency: 'monthly', day: 'sat', week_of_month: -1, start_time: '10:00', duration_minutes: 120 },
      ],
    },
    {
      id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      version: 3,
      updatedAt: new Date('2026-11-20T08:15:42.123Z'),
    },
  );
  const doc = toSearchDocument(row, meetings, ORGANIZATION, taxonomy);

  t.same(doc, {
    id: '0f8fad5b-d9cb-469f-a165-70867728950e',
    version: 3,
    name: 'Círculo de Apoyo: Depresión y Ansiedad en Español',
    description: 'Un espacio seguro para personas que viven con depresión, ansiedad o ataques de pánico.',
    conditions: ['depression', 'anxiety'],
    condition_labels: ['Depression', 'Depresión', 'Anxiety', 'Ansiedad'],
    affinities: ['latinx', 'women'],
    affinity_labels: doc.affinity_labels,
    attendance: 'in_person',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'donation',
    languages: ['es', 'en'],
    accessibility: ['wheelchair_accessible'],
    meeting_days: ['wed', 'sat'],
    schedule_slots: ['wed:evening', 'sat:morning'],
    times_of_day: ['morning', 'evening'],
    meetings: [
      {
        frequency: 'weekly',
        day: 'wed',
        week_of_month: null,
        start_time: '19:30',
        timezone: 'America/New_York',
      },
      {
        frequency: 'monthly',
        day: 'sat',
        week_of_month: -1,
        start_time: '10:00',
        timezone: 'America/New_York',
      },
    ],
    age_min: 18,
    age_max: AGE_MAX_OPEN,
    locality: 'New York',
    region: 'NY',
    postal_code: '10001',
    country: 'US',
    _geo: { lat: 40.7506, lng: -73.9885 },
    is_online: false,
    organization_id: ORGANIZATION.id,
    organization_name: 'Comunidad Latina de Salud Mental',
    status: 'published',
    verified_at: Date.parse('2026-06-01T15:30:00.250Z') / 1000,
    updated_at: 1795162542.123,
  });
  t.ok(
    doc.affinity_labels.includes('Women') && doc.affinity_labels.includes('Mujeres'),
    'affinity labels en+es',
  );
  t.match(doc.id, /^[a-zA-Z0-9_-]+$/, 'a valid Meilisearch document id');
  const json = JSON.stringify(doc);
  for (const secret of ['350 5th Ave', 'maria@example.org', 'María']) {
    t.notOk(json.includes(secret), `no ${secret} in the index`);
  }
  t.same(JSON.parse(json), doc, 'plain JSON: nothing undefined, nothing lost');
  const asIndexDocument: IndexDocument = doc;
  t.equal(asIndexDocument.version, 3, 'usable by the indexer as is');
});

t.test(
  'an approximate location keeps only the area: coordinates rounded to ~1 km, as the API shows them',
  async (t) => {
    const { row, meetings } = fixture({
      name: 'Grief & Loss Peer Circle (Newark area)',
      conditions: ['grief_loss'],
      location: { ...PLACES.newark, street: null, approximate: true },
    });
    const doc = toSearchDocument(row, meetings, ORGANIZATION, taxonomy);
    t.same(doc._geo, { lat: 40.74, lng: -74.17 });
    t.equal(doc.locality, 'Newark');
    t.notOk('street' in doc);
    t.same(doc.condition_labels, ['Grief & Loss', 'Duelo y pérdida']);
  },
);

t.test('online groups: is_online, and _geo only when there is a point of origin', async (t) => {
  const nowhere = fixture({
    name: 'Online Bipolar Support (Evenings)',
    attendance: 'online',
    conditions: ['bipolar'],
    online: { url: 'https://meet.example.org/bipolar' },
  });
  const noGeo = toSearchDocument(nowhere.row, nowhere.meetings, ORGANIZATION, taxonomy);
  t.equal(noGeo.is_online, true);
  t.notOk('_geo' in noGeo, 'no _geo key at all: a null _geo is not a valid geo field');
  t.notOk(JSON.stringify(noGeo).includes('meet.example.org'));
  t.equal(noGeo.meetings[0]?.timezone, 'America/New_York');

  const origin = fixture({
    name: 'Austin Online Recovery Meeting',
    attendance: 'online',
    conditions: ['substance_use'],
    location: { ...PLACES.austin, street: null, approximate: true },
  });
  const withGeo = toSearchDocument(origin.row, origin.meetings, ORGANIZATION, taxonomy);
  t.equal(withGeo.is_online, true);
  t.same(
    withGeo._geo,
    { lat: 30.27, lng: -97.74 },
    'Postgres gives online groups with a point a distance too (from the area, when approximate)',
  );
  t.equal(withGeo.meetings[0]?.timezone, 'America/Chicago', 'timezone derived from the coordinates');
});

t.test('open age ranges become sentinels; verified_at prefers the last verification', async (t) => {
  const verified = new Date('2026-10-02T09:00:00Z');
  const { row, meetings } = fixture({ name: 'Teen Anxiety Group', age_max: 17, last_verified_at: verified });
  const doc: GroupDocument = toSearchDocument(row, meetings, ORGANIZATION, taxonomy);
  t.equal(doc.age_min, AGE_MIN_OPEN);
  t.equal(doc.age_max, 17);
  t.equal(doc.verified_at, verified.getTime() / 1000);
});

t.test('codes the taxonomy does not know add no labels (as in the Postgres trigger)', async (t) => {
  const { row, meetings } = fixture({ name: 'Legacy Group', conditions: ['ocd', 'retired_code'] });
  const doc = toSearchDocument(row, meetings, ORGANIZATION, taxonomy);
  t.same(doc.conditions, ['ocd', 'retired_code']);
  t.same(doc.condition_labels, ['OCD', 'TOC']);
});

t.test('only published groups are indexable', async (t) => {
  for (const status of ['draft', 'pending_review', 'rejected', 'archived'] as const) {
    const { row, meetings } = fixture({ name: `A ${status} group` }, { status });
    t.equal(isIndexable(row), false, status);
    t.throws(() => toSearchDocument(row, meetings, ORGANIZATION, taxonomy), /not indexable/);
  }
  t.equal(isIndexable({ status: 'published' }), true);
  const { row, meetings } = fixture({ name: 'Mismatched' });
  t.throws(
    () =>
      toSearchDocument(
        row,
        meetings,
        { id: '00000000-0000-4000-8000-000000000000', name: 'Other' },
        taxonomy,
      ),
    /belongs to/,
  );
});
