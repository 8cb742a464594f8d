// The HSDS 3.0 read API on a small known directory: what each filter keeps and drops, the Page
// envelope, published-only, approximate locations, errors as problem+json, and logs. Responses are
// also validated against the HSDS 3.0 JSON schemas (skipped, with the reason, without ../shared).
import { Writable } from 'node:stream';
import t from 'tap';
import type { Db } from '../../../src/db/connect.js';
import { buildTestApp } from '../../helper.js';
import { addGroups, addOrganization, PLACES } from '../../support/fixtures.js';
import { hsdsSpec, PAGE_FIELDS, problems, SPEC_SKIP } from './hsds-spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON responses, checked field by field
type Json = Record<string, any>;
const DAY = 86_400_000;

interface Fixture {
  app: Awaited<ReturnType<typeof buildTestApp>>['app'];
  db: Db;
  ids: Record<string, string>;
  organizationId: string;
}

async function directory(t: Parameters<typeof buildTestApp>[0]): Promise<Fixture> {
  const { app, db } = await buildTestApp(t);
  const organizationId = await addOrganization(db, 'Hudson Peer Network');
  const names = {
    manhattan: 'Tuesday Evening Circle',
    newark: 'Newark Thursday Group',
    philadelphia: 'Philadelphia Morning Group',
    online: 'Sunday Online Circle',
    approximate: 'Quiet Room',
    draft: 'Draft Bipolar Circle',
    pending: 'Pending Bipolar Circle',
    archived: 'Archived Bipolar Circle',
  };
  const list = await addGroups(
    db,
    [
      {
        name: names.manhattan,
        conditions: ['bipolar'],
        location: { ...PLACES.manhattan, street: '350 5th Ave' },
        contact: { name: 'Ana', email: 'ana@example.org', phone: '+1 212-555-0100' },
        website: 'https://hudson.example.org/tuesday',
      },
      {
        name: names.newark,
        conditions: ['depression'],
        location: { ...PLACES.newark, street: '1 Broad St' },
      },
      {
        name: names.philadelphia,
        conditions: ['depression'],
        location: { ...PLACES.philadelphia, street: '1 Market St' },
      },
      {
        name: names.online,
        conditions: ['anxiety'],
        attendance: 'online',
        online: {
          url: 'https://meet.example.org/sunday',
          dial_in: '+1 646-555-0199',
          notes: 'Passcode on the website',
        },
        timezone: 'America/New_York',
        meetings: [
          { frequency: 'monthly', day: 'sun', week_of_month: -1, start_time: '19:00', duration_minutes: 60 },
        ],
      },
      {
        name: names.approximate,
        conditions: ['ptsd'],
        // Brooklyn, about 9 km from ZIP 10001; the street must never show.
        location: {
          street: '123 Secret Street',
          locality: 'Brooklyn',
          region: 'NY',
          postal_code: '11216',
          country: 'US',
          lat: 40.68123,
          lng: -73.94456,
          approximate: true,
        },
      },
      { name: names.draft, conditions: ['bipolar'], status: 'draft' },
      { name: names.pending, conditions: ['bipolar'], status: 'pending_review' },
      { name: names.archived, conditions: ['bipolar'], status: 'archived' },
    ],
    organizationId,
  );
  const ids = Object.fromEntries(Object.keys(names).map((key, i) => [key, list[i]!]));
  // Philadelphia was last modified 200 days ago; the others now.
  await db
    .updateTable('groups')
    .set({ updated_at: new Date(Date.now() - 200 * DAY) })
    .where('id', '=', ids.philadelphia!)
    .execute();
  return { app, db, ids, organizationId };
}

const PUBLISHED = ['manhattan', 'newark', 'philadelphia', 'online', 'approximate'];

async function get(app: Fixture['app'], url: string): Promise<{ status: number; body: Json; type: string }> {
  const res = await app.inject({ url });
  return { status: res.statusCode, body: res.json(), type: String(res.headers['content-type']) };
}

/** Ids of every service the query returns, walking its pages. */
async function allIds(app: Fixture['app'], query: string): Promise<string[]> {
  const out: string[] = [];
  for (let page = 1; page < 50; page++) {
    const { status, body } = await get(app, `/hsds/services?per_page=100&page=${page}&${query}`);
    if (status !== 200) throw new Error(`${query}: ${status} ${JSON.stringify(body)}`);
    out.push(...body.contents.map((s: Json) => s.id));
    if (body.last_page) break;
  }
  return out;
}

t.test('HSDS services over a known directory', async (t) => {
  const f = await directory(t);
  const { app, ids } = f;
  const named = (list: string[]) =>
    list.map((id) => Object.keys(ids).find((k) => ids[k] === id) ?? id).sort();

  t.test('only published groups appear, in lists and by id', async (t) => {
    t.same(named(await allIds(app, '')), [...PUBLISHED].sort());
    for (const key of ['draft', 'pending', 'archived']) {
      const res = await get(app, `/hsds/services/${ids[key]}`);
      t.equal(res.status, 404, `${key} is not found`);
      t.match(res.type, /^application\/problem\+json/);
      t.equal(res.body.code, 'not_found');
    }
    const organization = await get(app, `/hsds/organizations/${f.organizationId}`);
    t.same(named(organization.body.services.map((s: Json) => s.id)), [...PUBLISHED].sort());
    // Even a search naming them finds only the published bipolar group.
    t.same(named(await allIds(app, 'search=bipolar')), ['manhattan']);
  });

  t.test('search forgives a typo, as /v1/groups does', async (t) => {
    const found = await allIds(app, 'search=bipolr');
    t.same(named(found), ['manhattan']);
    const v1 = (await get(app, '/v1/groups?q=bipolr')).body.data.map((g: Json) => g.id);
    t.same(found, v1, 'the same groups as q on /v1/groups');
    t.same(named(await allIds(app, 'search=trauma')), ['approximate'], 'synonyms count');
  });

  t.test('taxonomy_term_id narrows to the services with that term', async (t) => {
    const terms = (await get(app, '/hsds/taxonomy_terms?per_page=100&search=depression')).body.contents;
    const depression = terms.find((x: Json) => x.taxonomy === 'conditions' && x.code === 'depression');
    t.ok(depression, 'the term is listed');
    const found = await allIds(app, `taxonomy_term_id=${depression.id}`);
    t.same(named(found), ['newark', 'philadelphia']);
    for (const id of found) {
      const service = (await get(app, `/hsds/services/${id}`)).body;
      t.ok(
        service.attributes.some((a: Json) => a.taxonomy_term_id === depression.id),
        'each result carries the term as an attribute',
      );
    }
    const online = (await get(app, '/hsds/taxonomy_terms?search=online&per_page=100')).body.contents.find(
      (x: Json) => x.taxonomy === 'attendance' && x.code === 'online',
    );
    t.same(named(await allIds(app, `taxonomy_term_id=${online.id}`)), ['online']);
    t.same(
      named(await allIds(app, `taxonomy_term_id=${depression.id}&postcode=10001&proximity=20000`)),
      ['newark'],
      'filters combine with AND',
    );
  });

  t.test('modified_after leaves out services modified before it', async (t) => {
    const cutoff = new Date(Date.now() - 100 * DAY);
    const date = cutoff.toISOString().slice(0, 10);
    const expected = PUBLISHED.filter((k) => k !== 'philadelphia').sort();
    t.same(named(await allIds(app, `modified_after=${date}`)), expected, 'a date');
    t.same(
      named(await allIds(app, `modified_after=${encodeURIComponent(`${date}T00:00:00+02:00`)}`)),
      expected,
      'a date-time with an offset',
    );
    const old = new Date(Date.now() - 300 * DAY).toISOString();
    t.same(
      named(await allIds(app, `modified_after=${old}`)),
      [...PUBLISHED].sort(),
      'an older bound keeps all',
    );
    const future = await get(
      app,
      `/hsds/services?modified_after=${new Date(Date.now() + DAY).toISOString()}`,
    );
    t.match(future.body, { total_items: 0, total_pages: 0, size: 0, empty: true, last_page: true });
    t.same(future.body.contents, []);
  });

  t.test('postcode and proximity: near in-person services and every online one', async (t) => {
    // From ZIP 10001: Manhattan < 1 km, Brooklyn ~9 km, Newark ~15 km, Philadelphia ~130 km.
    t.same(named(await allIds(app, 'postcode=10001&proximity=5000')), ['manhattan', 'online']);
    t.same(named(await allIds(app, 'postcode=10001&proximity=20000')), [
      'approximate',
      'manhattan',
      'newark',
      'online',
    ]);
    t.same(
      named(await allIds(app, 'postcode=10001')),
      ['approximate', 'manhattan', 'newark', 'online'],
      'without proximity, 25 miles',
    );
    t.same(named(await allIds(app, 'postcode=19107&proximity=10000')), ['online', 'philadelphia']);
    const v1 = (await get(app, '/v1/groups?near=10001&radius=20km')).body.data.map((g: Json) => g.id);
    t.same(await allIds(app, 'postcode=10001&proximity=20000'), v1, 'nearest first, as /v1/groups');
  });

  t.test('the Page envelope', async (t) => {
    const pages: Json[] = [];
    for (let page = 1; page <= 4; page++)
      pages.push((await get(app, `/hsds/services?per_page=2&page=${page}`)).body);
    t.match(pages[0], {
      total_items: 5,
      total_pages: 3,
      page_number: 1,
      size: 2,
      first_page: true,
      last_page: false,
    });
    t.match(pages[1], { page_number: 2, size: 2, first_page: false, last_page: false, empty: false });
    t.match(pages[2], { page_number: 3, size: 1, first_page: false, last_page: true, empty: false });
    t.match(pages[3], { page_number: 4, size: 0, last_page: true, empty: true });
    t.same(pages[3]!.contents, [], 'past the last page: empty');
    const seen = pages.flatMap((p) => p.contents.map((s: Json) => s.id));
    t.same(named(seen), [...PUBLISHED].sort(), 'every service once over the pages');
    for (const p of pages) t.same(Object.keys(p).sort(), [...PAGE_FIELDS, 'contents'].sort());
    const defaults = (await get(app, '/hsds/services')).body;
    t.match(defaults, { page_number: 1, size: 5, total_pages: 1, first_page: true, last_page: true });
  });

  t.test('a precise location has its address; an approximate one only its area', async (t) => {
    const precise = (await get(app, `/hsds/services/${ids.manhattan}`)).body;
    const [physical] = precise.service_at_locations;
    t.match(physical.location, {
      location_type: 'physical',
      latitude: PLACES.manhattan.lat,
      longitude: PLACES.manhattan.lng,
      addresses: [
        {
          address_1: '350 5th Ave',
          city: 'New York',
          state_province: 'NY',
          postal_code: '10001',
          country: 'US',
        },
      ],
    });
    t.match(precise.contacts, [
      { name: 'Ana', email: 'ana@example.org', phones: [{ number: '+1 212-555-0100' }] },
    ]);
    t.equal(precise.url, 'https://hudson.example.org/tuesday');

    const res = await app.inject({ url: `/hsds/services/${ids.approximate}` });
    t.notOk(res.body.includes('Secret'), 'no street anywhere');
    t.notOk(res.body.includes('40.68123') || res.body.includes('73.94456'), 'no precise coordinates');
    const location = res.json().service_at_locations[0].location;
    t.match(location, { latitude: 40.68, longitude: -73.94, addresses: [] });
    t.match(location.description, /approximate/i);
    const v1 = (await get(app, `/v1/groups/${ids.approximate}`)).body.data.location;
    t.same([location.latitude, location.longitude], [v1.lat, v1.lng], 'the rounding of /v1/groups');
  });

  t.test('schedules are RRULE fields; online groups have a virtual location', async (t) => {
    const weekly = (await get(app, `/hsds/services/${ids.manhattan}`)).body.schedules;
    t.equal(weekly.length, 1);
    t.match(weekly[0], {
      freq: 'WEEKLY',
      interval: 1,
      byday: 'TU',
      wkst: 'MO',
      opens_at: /^19:00[+-]\d{2}:\d{2}$/,
      closes_at: /^20:30[+-]\d{2}:\d{2}$/,
      attending_type: 'in person',
      description: /America\/New_York/,
      schedule_link: /\/v1\/groups\/[^/]+\/calendar\.ics$/,
    });
    t.ok([-5, -4].includes(weekly[0].timezone), 'New York is UTC-5 or UTC-4');
    const offset = `-0${-weekly[0].timezone}:00`;
    t.ok(weekly[0].opens_at.endsWith(offset), 'opens_at has the offset of `timezone`');
    t.equal(new Date(`${weekly[0].dtstart}T12:00:00Z`).getUTCDay(), 2, 'dtstart is a Tuesday');
    const ics = await app.inject({ url: new URL(weekly[0].schedule_link).pathname });
    t.equal(ics.statusCode, 200, 'schedule_link serves the calendar');

    const online = (await get(app, `/hsds/services/${ids.online}`)).body;
    t.match(online.schedules, [{ freq: 'MONTHLY', byday: '-1SU', attending_type: 'online' }]);
    t.match(online.service_at_locations, [
      { location: { location_type: 'virtual', url: 'https://meet.example.org/sunday', addresses: [] } },
    ]);
    t.match(online.phones, [{ number: '+1 646-555-0199' }]);
  });

  t.test('responses validate against the HSDS 3.0 schemas', { skip: SPEC_SKIP }, async (t) => {
    const spec = hsdsSpec();
    const list = (await get(app, '/hsds/services?per_page=100')).body;
    t.same(problems(spec.page, list), [], 'Page');
    for (const item of list.contents)
      t.same(problems(spec.object('compiled/service_list.json'), item), [], item.name);
    for (const key of PUBLISHED) {
      const service = (await get(app, `/hsds/services/${ids[key]}`)).body;
      t.same(problems(spec.object('service.json'), service), [], `${key} as a service`);
    }
    const organization = (await get(app, `/hsds/organizations/${f.organizationId}`)).body;
    t.same(problems(spec.object('organization.json'), organization), [], 'organization');
    for (const service of organization.services)
      t.same(problems(spec.object('service.json'), service), [], `its service ${service.name}`);
    const organizations = (await get(app, '/hsds/organizations')).body;
    t.same(problems(spec.page, organizations), []);
    for (const o of organizations.contents)
      t.same(problems(spec.object('compiled/organization_list.json'), o), [], o.name);
  });

  t.test('bad parameters are 400 problem+json naming the parameter', async (t) => {
    const cases: [query: string, name: string, code?: string][] = [
      ['per_page=101', 'per_page'],
      ['per_page=0', 'per_page'],
      ['page=0', 'page'],
      ['page=abc', 'page'],
      ['page=101&per_page=100', 'page'],
      ['taxonomy_term_id=depression', 'taxonomy_term_id'],
      ['taxonomy_term_id=6f1c2a9e-4b7d-4e31-a0c8-5d2f9b3e7c14', 'taxonomy_term_id'],
      ['modified_after=yesterday', 'modified_after'],
      ['modified_after=2026-13-45', 'modified_after'],
      ['modified_after=2026-02-30', 'modified_after'],
      ['modified_after=2026-11-01T25:00:00Z', 'modified_after'],
      ['postcode=00000', 'postcode'],
      ['postcode=Austin', 'postcode'],
      ['proximity=5000', 'proximity'],
      ['postcode=10001&proximity=0', 'proximity'],
      ['postcode=10001&proximity=900000', 'proximity'],
      ['postcode=10001&proximity=5km', 'proximity'],
      [`search=${'a'.repeat(201)}`, 'search'],
      ['full=true', 'full', 'unknown_parameter'],
    ];
    for (const [query, name, code = 'invalid_parameter'] of cases) {
      const res = await get(app, `/hsds/services?${query}`);
      t.equal(res.status, 400, query);
      t.match(res.type, /^application\/problem\+json/, query);
      t.match(res.body, { status: 400, code, invalid_params: [{ name, in: 'query' }] }, query);
    }
    const terms = await get(app, '/hsds/taxonomy_terms?taxonomy_id=conditions');
    t.match(terms.body, { code: 'invalid_parameter', invalid_params: [{ name: 'taxonomy_id' }] });
    const badId = await get(app, '/hsds/organizations/not-a-uuid');
    t.match(badId, {
      status: 400,
      body: { code: 'invalid_parameter', invalid_params: [{ name: 'id', in: 'path' }] },
    });
    const organizations = await get(app, '/hsds/organizations?per_page=1000');
    t.match(organizations.body, { code: 'invalid_parameter', invalid_params: [{ name: 'per_page' }] });
  });

  t.test('unknown ids are 404 problem+json', async (t) => {
    for (const url of [
      '/hsds/services/6f1c2a9e-4b7d-4e31-a0c8-5d2f9b3e7c14',
      '/hsds/organizations/6f1c2a9e-4b7d-4e31-a0c8-5d2f9b3e7c14',
      '/hsds/services/no-such-group',
      '/hsds/taxonomies/6f1c2a9e-4b7d-4e31-a0c8-5d2f9b3e7c14',
      '/hsds/taxonomy_terms/6f1c2a9e-4b7d-4e31-a0c8-5d2f9b3e7c14',
    ]) {
      const res = await get(app, url);
      t.equal(res.status, 404, url);
      t.match(res.type, /^application\/problem\+json/);
      t.equal(res.body.code, 'not_found');
    }
  });
});

t.test('taxonomies and taxonomy terms', async (t) => {
  const { app } = await buildTestApp(t);
  const vocabularies = (await get(app, '/v1/taxonomy')).body.data as Json[];
  const taxonomies = (await get(app, '/hsds/taxonomies')).body;
  t.equal(taxonomies.total_items, vocabularies.length);
  t.same(
    taxonomies.contents.map((x: Json) => x.name),
    vocabularies.map((v) => v.code),
  );

  const terms: Json[] = [];
  for (let page = 1; ; page++) {
    const body = (await get(app, `/hsds/taxonomy_terms?per_page=30&page=${page}`)).body;
    terms.push(...body.contents);
    if (body.last_page) break;
  }
  const expected = vocabularies.reduce((n, v) => n + v.terms.length, 0);
  t.equal(terms.length, expected, 'every term once over the pages');
  t.equal(new Set(terms.map((x) => x.id)).size, expected, 'ids are unique');

  const conditions = taxonomies.contents.find((x: Json) => x.name === 'conditions');
  const ofConditions = (await get(app, `/hsds/taxonomy_terms?per_page=100&taxonomy_id=${conditions.id}`))
    .body;
  t.equal(ofConditions.total_items, vocabularies.find((v) => v.code === 'conditions')!.terms.length);
  t.ok(ofConditions.contents.every((x: Json) => x.taxonomy_id === conditions.id));

  const one = await get(app, `/hsds/taxonomies/${conditions.id}`);
  t.same(one.body, conditions, 'a taxonomy by id');
  const term = await get(app, `/hsds/taxonomy_terms/${ofConditions.contents[0].id}`);
  t.same(term.body, ofConditions.contents[0], 'a term by id');

  const trauma = (await get(app, '/hsds/taxonomy_terms?search=traum')).body.contents;
  t.ok(
    trauma.some((x: Json) => x.code === 'ptsd'),
    'search matches synonyms and word starts',
  );
  const anxiety = terms.find((x) => x.taxonomy === 'conditions' && x.code === 'anxiety')!;
  const children = (await get(app, `/hsds/taxonomy_terms?parent_id=${anxiety.id}`)).body.contents;
  t.same(
    children.map((x: Json) => x.code),
    ['social_anxiety'],
  );
  const top = (await get(app, `/hsds/taxonomy_terms?top_only=true&taxonomy_id=${conditions.id}&per_page=100`))
    .body;
  t.notOk(
    top.contents.some((x: Json) => x.parent_id),
    'top_only leaves out child terms',
  );
  t.ok(top.total_items < ofConditions.total_items);

  t.test('they validate against the HSDS 3.0 schemas', { skip: SPEC_SKIP }, async (t) => {
    const spec = hsdsSpec();
    t.same(problems(spec.page, taxonomies), []);
    for (const x of taxonomies.contents) t.same(problems(spec.object('taxonomy.json'), x), [], x.name);
    for (const x of terms)
      t.same(problems(spec.object('taxonomy_term.json'), x), [], `${x.taxonomy}/${x.code}`);
  });
});

t.test('logs hold neither search terms nor places', async (t) => {
  const lines: string[] = [];
  const logStream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(String(chunk));
      done();
    },
  });
  const { app, db } = await buildTestApp(t, { logStream });
  await addGroups(db, [{ name: 'Evening Circle', conditions: ['bipolar'] }]);
  const ok = await app.inject({ url: '/hsds/services?search=bipolr&postcode=10001&proximity=16093' });
  t.equal(ok.json().size, 1);
  t.equal(ok.statusCode, 200);
  t.equal(ok.json().total_items, 1);
  const bad = await app.inject({ url: '/hsds/services?search=schizophrenia&postcode=99999' });
  t.equal(bad.statusCode, 400);
  t.notOk(bad.body.includes('99999') || bad.body.includes('schizophrenia'), 'the error does not echo values');
  const log = lines.join('');
  t.match(log, /\/hsds\/services/, 'the requests were logged');
  // Values only a query string could have put there (numbers could collide with timings).
  for (const secret of ['bipolr', 'schizophrenia', 'search=', 'postcode=', 'proximity=']) {
    t.notOk(log.includes(secret), secret);
  }
});
