// Keys and organizations for tests of the write side, made through the same service the CLI uses.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../src/db/connect.js';
import { addOrganization } from './fixtures.js';

export async function adminKey(app: FastifyInstance): Promise<string> {
  return (await app.keys.create({ organizationId: null, scopes: ['admin'], name: 'test admin' })).key;
}

export async function moderatorKey(app: FastifyInstance): Promise<string> {
  return (await app.keys.create({ organizationId: null, scopes: ['moderate'], name: 'test moderator' })).key;
}

/** An organization with a submit key. */
export async function submitter(app: FastifyInstance, db: Db, name: string, trusted: boolean) {
  const organizationId = await addOrganization(db, name);
  await db
    .updateTable('organizations')
    .set({ trust_level: trusted ? 'trusted' : 'new' })
    .where('id', '=', organizationId)
    .execute();
  const { key } = await app.keys.create({ organizationId, scopes: ['submit'], name: `${name} key` });
  return { organizationId, key, auth: { authorization: `Bearer ${key}` } };
}

export const auth = (key: string) => ({ authorization: `Bearer ${key}` });

export function groupBody(overrides: Record<string, unknown> = {}) {
  return {
    name: 'Harbor Tuesday Depression Circle',
    description: 'A peer circle for people living with depression.',
    conditions: ['depression'],
    affinities: [],
    attendance: 'in_person',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    location: {
      street: '1 Harbor Way',
      locality: 'New York',
      region: 'NY',
      postal_code: '10001',
      country: 'US',
      lat: 40.75,
      lng: -73.99,
    },
    meetings: [{ day: 'tue', start_time: '19:00', duration_minutes: 90 }],
    ...overrides,
  };
}
