// Our objects as HSDS 3.0 objects. Groups come in as the public group DTO (GroupsService), so the
// rules of the public API hold here by construction: approximate locations arrive without a
// street and with coordinates rounded to ~1 km, and only the contact details the public API shows
// are there to map. HSDS has no nulls: absent values are left out.
//
// - group -> service; organization -> organization; vocabulary -> taxonomy; term -> taxonomy_term.
// - Each meeting -> a schedule with RRULE fields (freq, interval, byday, wkst, dtstart).
//   HSDS 3.0 types `timezone` as a number, a UTC offset; a meeting's offset changes with daylight
//   saving time, so `timezone`, `opens_at` and `closes_at` carry the offset at the next meeting, and
//   `description` names the IANA zone, which is what holds all year.
// - A group's place -> a physical location (address only when it is precise); its online link ->
//   a virtual location, whose `url` is the join link (HSDS's place for it).
// - The group's taxonomy codes (conditions, affinities, attendance, ..., and the days and times of
//   day of its meetings) -> attributes linking the service to taxonomy_terms, so that a term found
//   by taxonomy_term_id is visible on every service it returned.
import { DateTime, IANAZone } from 'luxon';
import { nextOccurrence } from '../../schedule/next-occurrence.js';
import { scheduleFacets } from '../../schedule/slots.js';
import { BYDAY } from '../feeds/ical.js';
import { addMinutes, type GroupWithMeetings } from '../feeds/meeting-guide-export.js';
import type { GroupDto, MeetingDto } from '../groups/groups.schemas.js';
import type { OrganizationDto } from '../organizations/organizations.schemas.js';
import type { Taxonomy, Term, Vocabulary } from '../taxonomy/taxonomy.service.js';
import { childId, taxonomyId, termId } from './hsds.ids.js';
import type {
  HsdsAttribute,
  HsdsFullService,
  HsdsOrganizationListItem,
  HsdsSchedule,
  HsdsServiceAtLocation,
  HsdsServiceListItem,
  HsdsTaxonomy,
  HsdsTaxonomyTerm,
} from './hsds.schemas.js';

/** A group of the public API, with or without its meetings. */
type GroupFields = Omit<GroupDto, 'meetings'>;

/** Absolute base of links we hand out (`https://host`), without a trailing slash. */
export type BaseUrl = string;

const DAY_NAME: Readonly<Record<MeetingDto['day'], string>> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};
const NTH = ['', 'first', 'second', 'third', 'fourth', 'fifth'];
const ATTENDING: Readonly<Record<GroupDto['attendance'], string>> = {
  in_person: 'in person',
  online: 'online',
  hybrid: 'in person or online',
};

/** Vocabularies whose terms link to services, with how a group holds them. */
const LINKED: ReadonlyArray<[vocabulary: string, codes: (g: GroupFields, m: MeetingDto[]) => string[]]> = [
  ['conditions', (g) => g.conditions],
  ['affinities', (g) => g.affinities],
  ['attendance', (g) => [g.attendance]],
  ['facilitation', (g) => [g.facilitation]],
  ['access', (g) => [g.access]],
  ['cost', (g) => [g.cost]],
  ['languages', (g) => g.languages],
  ['accessibility', (g) => g.accessibility],
  ['days', (_g, m) => scheduleFacets(m).days],
  ['times_of_day', (_g, m) => [...new Set(scheduleFacets(m).slots.map((s) => s.split(':')[1]!))].sort()],
];

export function toTaxonomy(vocabulary: Vocabulary, base: BaseUrl): HsdsTaxonomy {
  return {
    id: taxonomyId(vocabulary.code),
    name: vocabulary.code,
    description: vocabulary.description,
    uri: `${base}/v1/taxonomy/${encodeURIComponent(vocabulary.code)}`,
  };
}

export function toTaxonomyTerm(term: Term): HsdsTaxonomyTerm {
  const name = term.labels.en ?? term.code;
  const other = Object.entries(term.labels)
    .filter(([lang]) => lang !== 'en')
    .map(([lang, label]) => `${lang}: ${label}`);
  const description = [
    name,
    other.length ? `(${other.join('; ')})` : '',
    term.synonyms.length ? `Also: ${term.synonyms.join(', ')}` : '',
  ]
    .filter(Boolean)
    .join(' ');
  return {
    id: termId(term.vocabulary, term.code),
    code: term.code,
    name,
    description,
    ...(term.parent ? { parent_id: termId(term.vocabulary, term.parent) } : {}),
    taxonomy: term.vocabulary,
    taxonomy_id: taxonomyId(term.vocabulary),
    language: 'en',
  };
}

export function toOrganization(o: Pick<OrganizationDto, 'id' | 'name' | 'description' | 'website'>) {
  return {
    id: o.id,
    name: o.name,
    description: o.description ?? '',
    ...(o.website ? { website: o.website } : {}),
  } satisfies HsdsOrganizationListItem;
}

/** The one-to-one fields of a service. */
export function toServiceListItem(group: GroupFields, taxonomy: Taxonomy): HsdsServiceListItem {
  const label = (vocabulary: string, code: string) => taxonomy.label(vocabulary, code) ?? code;
  return {
    id: group.id,
    organization_id: group.organization.id,
    name: group.name,
    description: group.description,
    ...(group.website ? { url: group.website } : {}),
    status: group.temporarily_closed ? 'temporarily closed' : 'active',
    ...(group.temporarily_closed ? { alert: group.closed_note ?? 'Temporarily not meeting.' } : {}),
    application_process: label('access', group.access),
    fees_description: label('cost', group.cost),
    ...(group.age_range?.min != null ? { minimum_age: group.age_range.min } : {}),
    ...(group.age_range?.max != null ? { maximum_age: group.age_range.max } : {}),
    ...(group.last_verified_at ? { assured_date: group.last_verified_at.slice(0, 10) } : {}),
    last_modified: group.updated_at,
  };
}

/** The fully nested service of a group with its meetings. */
export function toService(
  group: GroupWithMeetings,
  taxonomy: Taxonomy,
  base: BaseUrl,
  organization: OrganizationDto | null,
  now: Date,
): HsdsFullService {
  const { meetings } = group;
  const id = group.id;
  const contactId = childId(id, 'contact');
  const contact = group.contact;
  return {
    ...toServiceListItem(group, taxonomy),
    ...(organization ? { organization: toOrganization(organization) } : {}),
    schedules: meetings.flatMap((m) => {
      const schedule = toSchedule(group, m, base, now);
      return schedule ? [schedule] : [];
    }),
    service_at_locations: serviceAtLocations(group),
    languages: group.languages.map((code) => ({
      id: childId(id, 'language', code),
      service_id: id,
      name: taxonomy.label('languages', code) ?? code,
      code,
    })),
    phones:
      group.attendance !== 'in_person' && group.online?.dial_in
        ? [
            {
              id: childId(id, 'phone', 'dial_in'),
              service_id: id,
              number: group.online.dial_in,
              description: 'Dial-in for the online meetings',
            },
          ]
        : [],
    contacts:
      contact && (contact.name || contact.email || contact.phone)
        ? [
            {
              id: contactId,
              service_id: id,
              ...(contact.name ? { name: contact.name } : {}),
              ...(contact.email ? { email: contact.email } : {}),
              phones: contact.phone
                ? [{ id: childId(id, 'contact', 'phone'), contact_id: contactId, number: contact.phone }]
                : [],
            },
          ]
        : [],
    attributes: attributes(group, meetings, taxonomy),
  };
}

function attributes(group: GroupFields, meetings: MeetingDto[], taxonomy: Taxonomy): HsdsAttribute[] {
  const out: HsdsAttribute[] = [];
  for (const [vocabulary, codesOf] of LINKED) {
    for (const code of codesOf(group, meetings)) {
      const term = taxonomy.term(vocabulary, code);
      if (!term) continue; // a code retired from the vocabulary: nothing to link to
      const hsdsTerm = toTaxonomyTerm(term);
      out.push({
        id: childId(group.id, 'attribute', vocabulary, code),
        link_id: group.id,
        link_type: vocabulary,
        link_entity: 'service',
        taxonomy_term_id: hsdsTerm.id,
        taxonomy_term: hsdsTerm,
      });
    }
  }
  return out;
}

function serviceAtLocations(group: GroupFields): HsdsServiceAtLocation[] {
  const out: HsdsServiceAtLocation[] = [];
  const place = group.location;
  if (place && group.attendance !== 'online') {
    const locationId = childId(group.id, 'location', 'physical');
    const area = [place.locality, place.region, place.country].filter(Boolean).join(', ');
    // HSDS requires every part of an address: a precise place without one of them goes without.
    const address =
      !place.approximate &&
      place.street &&
      place.locality &&
      place.region &&
      place.postal_code &&
      place.country
        ? {
            id: childId(group.id, 'address', 'physical'),
            location_id: locationId,
            address_1: place.street,
            city: place.locality,
            state_province: place.region,
            postal_code: place.postal_code,
            country: place.country,
            address_type: 'physical' as const,
          }
        : null;
    out.push({
      id: childId(group.id, 'service_at_location', 'physical'),
      service_id: group.id,
      location_id: locationId,
      location: {
        id: locationId,
        location_type: 'physical',
        ...(area ? { name: area } : {}),
        ...(place.approximate
          ? { description: 'Approximate area only: contact the group for the address.' }
          : {}),
        latitude: place.lat,
        longitude: place.lng,
        addresses: address ? [address] : [],
      },
    });
  }
  if (group.attendance !== 'in_person' && group.online?.url) {
    const locationId = childId(group.id, 'location', 'virtual');
    out.push({
      id: childId(group.id, 'service_at_location', 'virtual'),
      service_id: group.id,
      location_id: locationId,
      location: {
        id: locationId,
        location_type: 'virtual',
        url: group.online.url,
        name: 'Online',
        ...(group.online.notes ? { description: group.online.notes } : {}),
        addresses: [],
      },
    });
  }
  return out;
}

/** UTC offset as HSDS wants it in opens_at ('Z', '-05:00', '+05:30'). */
function offsetSuffix(minutes: number): string {
  if (minutes === 0) return 'Z';
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

export function toSchedule(group: GroupFields, m: MeetingDto, base: BaseUrl, now: Date): HsdsSchedule | null {
  if (!IANAZone.isValidZone(m.timezone)) return null;
  const zone = IANAZone.create(m.timezone);
  // The first meeting after the group was listed, as the iCalendar feed starts its RRULE: stable,
  // so the feed does not change every week.
  const first = nextOccurrence(m, new Date(group.created_at)) ?? nextOccurrence(m, now);
  const next = nextOccurrence(m, now) ?? first;
  const offset = zone.offset((next ?? now).getTime());
  const suffix = offsetSuffix(offset);
  const end = addMinutes(m.start_time, m.duration_minutes);
  const monthly = m.frequency === 'monthly';
  const week = m.week_of_month ?? 1;
  const when = monthly
    ? `Monthly on the ${week === -1 ? 'last' : NTH[week]} ${DAY_NAME[m.day]}`
    : `Weekly on ${DAY_NAME[m.day]}`;
  return {
    id: m.id,
    service_id: group.id,
    freq: monthly ? 'MONTHLY' : 'WEEKLY',
    interval: 1,
    byday: monthly ? `${week}${BYDAY[m.day]}` : BYDAY[m.day],
    wkst: 'MO',
    ...(first ? { dtstart: DateTime.fromJSDate(first, { zone }).toISODate()! } : {}),
    timezone: offset / 60,
    opens_at: `${m.start_time}${suffix}`,
    closes_at: `${end}${suffix}`,
    description: `${when}, ${m.start_time}-${end} (${m.timezone})`,
    attending_type: ATTENDING[m.attendance ?? group.attendance],
    schedule_link: `${base}/v1/groups/${encodeURIComponent(group.slug)}/calendar.ics`,
  };
}
