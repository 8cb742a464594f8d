// Small, explicit fixture groups for tests that need to know exactly what is in the database.
import type { Db } from '../../src/db/connect.js';
import type { GroupInput, GroupStatus } from '../../src/modules/groups/groups.model.js';
import { insertGroups } from '../../src/modules/groups/groups.repository.js';
import { insertOrganizations } from '../../src/modules/organizations/organizations.repository.js';

let counter = 0;

export const PLACES = {
  // Herald Square, inside ZIP 10001 (Manhattan).
  manhattan: {
    locality: 'New York',
    region: 'NY',
    postal_code: '10001',
    country: 'US',
    lat: 40.7506,
    lng: -73.9885,
  },
  // Newark, NJ: about 14 km from Manhattan.
  newark: {
    locality: 'Newark',
    region: 'NJ',
    postal_code: '07102',
    country: 'US',
    lat: 40.7357,
    lng: -74.1724,
  },
  // Philadelphia: about 130 km from Manhattan.
  philadelphia: {
    locality: 'Philadelphia',
    region: 'PA',
    postal_code: '19107',
    country: 'US',
    lat: 39.9526,
    lng: -75.1652,
  },
  austin: {
    locality: 'Austin',
    region: 'TX',
    postal_code: '78701',
    country: 'US',
    lat: 30.2672,
    lng: -97.7431,
  },
  london: {
    locality: 'London',
    region: null,
    postal_code: 'WC2N 5DU',
    country: 'GB',
    lat: 51.5072,
    lng: -0.1276,
  },
};

export type FixtureGroup = Partial<GroupInput> & { name: string; status?: GroupStatus };

export async function addOrganization(db: Db, name = `Test Organization ${++counter}`): Promise<string> {
  const [id] = await insertOrganizations(db, [
    { slug: `${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++counter}`, name, trust_level: 'trusted' },
  ]);
  return id!;
}

/** A complete group input with sensible defaults: in person in Manhattan, Tuesdays 19:00. */
export function fixtureInput(g: Partial<GroupInput> & { name: string }): GroupInput {
  const attendance = g.attendance ?? 'in_person';
  return {
    description: '',
    conditions: [],
    affinities: [],
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    accessibility: [],
    meetings: [{ frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 }],
    ...g,
    attendance,
    location:
      g.location !== undefined ? g.location : attendance === 'online' ? null : { ...PLACES.manhattan },
    timezone: g.timezone ?? (attendance === 'online' && !g.location ? 'America/New_York' : null),
  };
}

/** Insert groups with sensible defaults (published, in person in Manhattan, Tuesdays 19:00). */
export async function addGroups(db: Db, groups: FixtureGroup[], organizationId?: string): Promise<string[]> {
  const orgId = organizationId ?? (await addOrganization(db));
  return insertGroups(
    db,
    groups.map((g) => {
      const { status: _status, ...fields } = g;
      const input = fixtureInput(fields);
      return {
        organizationId: orgId,
        slug: `${g.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${++counter}`,
        status: g.status ?? 'published',
        input,
      };
    }),
  );
}
