// The HSDS 3.0 API over the demo directory (hundreds of groups in many places and formats): the
// service list is exactly the published search of /v1/groups, page by page, and what it returns
// validates against the HSDS 3.0 schemas (skipped, with the reason, without ../shared).
import t from 'tap';
import { buildTestApp } from '../../helper.js';
import { hsdsSpec, problems, SPEC_SKIP } from './hsds-spec.js';

// biome-ignore lint/suspicious/noExplicitAny: JSON responses, checked field by field
type Json = Record<string, any>;

t.test('the demo directory as HSDS', async (t) => {
  const { app } = await buildTestApp(t, { demo: true });
  const get = async (url: string): Promise<Json> => {
    const res = await app.inject({ url });
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json();
  };

  // Every group /v1/groups finds, in its order.
  const v1: Json[] = [];
  let cursor: string | null = null;
  do {
    const page: Json = await get(`/v1/groups?limit=100${cursor ? `&cursor=${cursor}` : ''}`);
    v1.push(...page.data);
    cursor = page.meta.next_cursor;
  } while (cursor);

  const pages: Json[] = [];
  for (let n = 1; n <= 20; n++) {
    const page = await get(`/hsds/services?per_page=100&page=${n}`);
    pages.push(page);
    if (page.last_page) break;
  }
  const services = pages.flatMap((p) => p.contents as Json[]);

  t.test('the services are the published groups, page by page', async (t) => {
    t.ok(v1.length > 300, `a large directory (${v1.length} groups)`);
    t.equal(pages[0]!.total_items, v1.length, 'total_items');
    t.equal(pages[0]!.total_pages, Math.ceil(v1.length / 100), 'total_pages');
    t.equal(pages.length, pages[0]!.total_pages, 'the last page is flagged on page total_pages');
    t.same(
      pages.map((p) => p.size),
      pages.map((_p, i) => Math.min(100, v1.length - i * 100)),
      'size is the count of each page',
    );
    t.same(
      services.map((s) => s.id),
      v1.map((g) => g.id),
      'the same groups in the same order',
    );
    t.ok(
      pages.every((p, i) => p.page_number === i + 1 && p.first_page === (i === 0)),
      'page_number and first_page',
    );
  });

  // A sample with every kind of place and schedule the demo has.
  const details = new Map<string, Json>();
  const pick = (why: string, test: (g: Json) => boolean) => {
    const group = v1.find((g) => test(g) && !details.has(g.id));
    if (group) details.set(group.id, { why, group });
  };
  pick('approximate', (g) => g.location?.approximate === true);
  pick('precise', (g) => g.location && !g.location.approximate && g.attendance === 'in_person');
  pick('online', (g) => g.attendance === 'online');
  pick('hybrid', (g) => g.attendance === 'hybrid');
  pick('monthly', (g) => g.meetings.some((m: Json) => m.frequency === 'monthly'));
  pick('temporarily closed', (g) => g.temporarily_closed);
  pick('with contact', (g) => g.contact?.email);
  for (const g of v1.slice(0, 12)) pick('first page', (x) => x.id === g.id);

  t.test('nested services keep the public rules', async (t) => {
    const kinds = new Set([...details.values()].map((d) => d.why));
    for (const kind of ['approximate', 'precise', 'online', 'hybrid', 'monthly', 'with contact']) {
      t.ok(kinds.has(kind), `the sample has a group: ${kind}`);
    }
    for (const [id, { why, group }] of details) {
      const res = await app.inject({ url: `/hsds/services/${id}` });
      const service = res.json();
      details.get(id)!.service = service;
      t.equal(service.schedules.length, group.meetings.length, `${why}: one schedule per meeting`);
      const physical = service.service_at_locations.find(
        (s: Json) => s.location.location_type === 'physical',
      );
      if (group.location?.approximate) {
        t.same(physical.location.addresses, [], `${why}: no address`);
        t.same(
          [physical.location.latitude, physical.location.longitude],
          [group.location.lat, group.location.lng],
          `${why}: the rounded point of /v1/groups`,
        );
      }
      if (group.attendance !== 'in_person' && group.online?.url) {
        t.ok(
          service.service_at_locations.some((s: Json) => s.location.url === group.online.url),
          `${why}: the join link`,
        );
      }
      t.equal(service.status, group.temporarily_closed ? 'temporarily closed' : 'active', `${why}: status`);
    }
  });

  t.test('every response validates against the HSDS 3.0 schemas', { skip: SPEC_SKIP }, async (t) => {
    const spec = hsdsSpec();
    t.same(problems(spec.apiInfo, await get('/hsds/')), [], 'GET /');
    for (const page of pages) t.same(problems(spec.page, page), [], `services page ${page.page_number}`);
    const listItem = spec.object('compiled/service_list.json');
    const invalid = services.filter((s) => problems(listItem, s).length);
    t.same(
      invalid.slice(0, 3).map((s) => [s.name, problems(listItem, s)]),
      [],
      'every service list item',
    );
    for (const { why, service } of details.values()) {
      t.same(problems(spec.object('service.json'), service), [], `${why}: ${service.name}`);
    }

    const organizations: Json[] = [];
    for (let n = 1; n <= 10; n++) {
      const page = await get(`/hsds/organizations?per_page=100&page=${n}`);
      t.same(problems(spec.page, page), [], `organizations page ${n}`);
      organizations.push(...page.contents);
      if (page.last_page) break;
    }
    const v1Organizations = (await get('/v1/organizations?limit=100')).data as Json[];
    t.same(
      organizations.map((o) => o.id).sort(),
      v1Organizations.map((o) => o.id).sort(),
      'the organizations of /v1/organizations',
    );
    for (const o of organizations) {
      t.same(problems(spec.object('compiled/organization_list.json'), o), [], o.name);
    }
    const organization = await get(`/hsds/organizations/${services[0]!.organization_id}`);
    t.same(problems(spec.object('organization.json'), organization), [], 'an organization');
    t.ok(organization.services.length > 0, 'with its services');
    for (const s of organization.services) t.same(problems(spec.object('service.json'), s), [], s.name);
  });

  t.test('GET /hsds/ points at this API', async (t) => {
    const info = await get('/hsds/');
    t.equal(info.version, '3.0');
    t.match(info.profile, /^https:\/\//);
    const openapi = await app.inject({ url: new URL(info.openapi_url).pathname });
    t.equal(openapi.statusCode, 200);
    t.ok(openapi.json().paths['/hsds/services'], 'the OpenAPI document describes the HSDS routes');
  });

  t.test('organizations search', async (t) => {
    const some = services[0]!.organization_id;
    const organization = await get(`/hsds/organizations/${some}`);
    const name = organization.name.toUpperCase();
    const found = await get(`/hsds/organizations?search=${encodeURIComponent(name)}&per_page=100`);
    t.ok(
      found.contents.some((o: Json) => o.id === some),
      `"${name}" finds it`,
    );
    const all = await get('/hsds/organizations?per_page=1');
    t.ok(found.total_items < all.total_items, 'and narrows the list');
    const none = await get('/hsds/organizations?search=zzzqqq');
    t.match(none, { total_items: 0, empty: true });
  });
});
