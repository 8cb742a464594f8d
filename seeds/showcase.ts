// A few hand-written groups added to the demo directory so that every example in the README finds
// something, e.g. the LGBTQ+ bipolar group in Spanish that meets online on Tuesday evenings.
// Generated groups are random by design; these are not.
import type { GeneratedGroup, GeneratedOrganization } from './generate.js';

export const SHOWCASE_ORGANIZATION: GeneratedOrganization = {
  key: 'org-showcase',
  slug: 'circles-community-showcase',
  name: 'Circles Community Network',
  description: 'Volunteer-run peer support circles, online and in New York.',
  website: 'https://circles.example.org',
  email: 'hello@example.org',
  phone: null,
  trust_level: 'trusted',
};

// A month before seeds/generate.ts REFERENCE_DATE; src/db/seed.ts moves both to today.
const verified = new Date('2025-12-01T00:00:00.000Z');

export const SHOWCASE_GROUPS: GeneratedGroup[] = [
  {
    organization_key: SHOWCASE_ORGANIZATION.key,
    status: 'published',
    external_id: 'showcase-1',
    slug: 'arcoiris-bipolar-en-linea',
    name: 'Arcoíris: LGBTQ+ Bipolar Support en Español',
    description:
      'Grupo de apoyo entre pares para personas LGBTQ+ que viven con trastorno bipolar. ' +
      'Peer support for LGBTQ+ people living with bipolar disorder, held in Spanish and English.',
    conditions: ['bipolar'],
    affinities: ['lgbtq'],
    attendance: 'online',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['es', 'en'],
    accessibility: ['captions'],
    age_min: 18,
    online: { url: 'https://meet.example.org/arcoiris', notes: 'Cámara opcional / camera optional' },
    contact: { name: 'Luz', email: 'luz@example.org' },
    timezone: 'America/New_York',
    last_verified_at: verified,
    meetings: [{ frequency: 'weekly', day: 'tue', start_time: '19:00', duration_minutes: 90 }],
  },
  {
    organization_key: SHOWCASE_ORGANIZATION.key,
    status: 'published',
    external_id: 'showcase-2',
    slug: 'chelsea-veterans-trauma-circle',
    name: 'Chelsea Veterans Trauma Circle',
    description: 'Veterans and service members supporting each other through PTSD and the weight of trauma.',
    conditions: ['ptsd'],
    affinities: ['veterans_military'],
    attendance: 'hybrid',
    facilitation: 'co_facilitated',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    accessibility: ['wheelchair_accessible', 'public_transit'],
    location: {
      street: '250 W 26th St',
      locality: 'New York',
      region: 'NY',
      postal_code: '10001',
      country: 'US',
      lat: 40.7467,
      lng: -73.9962,
    },
    online: { url: 'https://meet.example.org/chelsea-veterans' },
    last_verified_at: verified,
    meetings: [
      { frequency: 'weekly', day: 'thu', start_time: '18:30', duration_minutes: 90 },
      { frequency: 'monthly', day: 'sat', week_of_month: 1, start_time: '10:00', duration_minutes: 120 },
    ],
  },
];
