// Feeds: the directory in formats other tools read (Meeting Guide JSON, iCalendar), and the crisis
// lines every client should be able to show.
import type { FastifyInstance } from 'fastify';
import type { Static } from 'typebox';
import { invalidParameter } from '../../lib/problem.js';
import type { SearchGroupsParams } from '../groups/groups.schemas.js';
import { COUNTRY_ALIASES, CRISIS_RESOURCES, DEFAULT_COUNTRY } from './crisis-resources.data.js';
import {
  crisisResourcesSchema,
  groupCalendarSchema,
  type MeetingGuideQuery,
  meetingGuideFeedSchema,
} from './feeds.schemas.js';
import { groupCalendar } from './ical.js';
import {
  type GroupWithMeetings,
  type MeetingGuideEntry,
  toMeetingGuideEntries,
} from './meeting-guide-export.js';

/** Pages of 100 groups; the guard stops a runaway loop, far above the directory's size. */
const PAGE_SIZE = 100;
const MAX_PAGES = 500;

const regionNames = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });

/** An ISO 3166-1 alpha-2 code CLDR knows (ZZ, "Unknown Region", is not a country). */
function isCountryCode(code: string): boolean {
  return /^[A-Z]{2}$/.test(code) && code !== 'ZZ' && regionNames.of(code) !== undefined;
}

export default async function feedsRoutes(app: FastifyInstance) {
  app.get<{ Querystring: Static<typeof MeetingGuideQuery> }>(
    '/v1/feeds/meeting-guide.json',
    { schema: meetingGuideFeedSchema },
    async (request) => {
      const entries: MeetingGuideEntry[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < MAX_PAGES; page++) {
        const params: SearchGroupsParams = {
          ...request.query,
          limit: PAGE_SIZE,
          ...(cursor ? { cursor } : {}),
        };
        // The feed lists every group: it needs no count.
        const result = await app.groups.searchPage(params, { countTotal: false });
        const meetings = await app.groups.meetingsByGroup(
          result.groups.map((g) => g.id),
          result.now,
        );
        for (const group of result.groups) {
          const withMeetings: GroupWithMeetings = { ...group, meetings: meetings.get(group.id) ?? [] };
          entries.push(...toMeetingGuideEntries(withMeetings));
        }
        cursor = result.meta.next_cursor;
        if (!cursor) break;
      }
      return entries;
    },
  );

  app.get<{ Params: { idOrSlug: string } }>(
    '/v1/groups/:idOrSlug/calendar.ics',
    { schema: groupCalendarSchema },
    async (request, reply) => {
      // No principal: the calendar is public, so drafts and other unpublished groups are "not found".
      const { group } = await app.groups.getFor(request.params.idOrSlug, null);
      reply
        .type('text/calendar; charset=utf-8')
        .header('content-disposition', `inline; filename="${group.slug}.ics"`);
      return groupCalendar(group as GroupWithMeetings, new Date());
    },
  );

  app.get<{ Querystring: { country?: string } }>(
    '/v1/crisis-resources',
    { schema: crisisResourcesSchema },
    async (request) => {
      const raw = request.query.country?.trim();
      let country = DEFAULT_COUNTRY;
      if (raw !== undefined) {
        const upper = raw.toUpperCase();
        const code = COUNTRY_ALIASES[upper] ?? upper;
        if (!isCountryCode(code)) {
          throw invalidParameter('country', 'must be an ISO 3166-1 alpha-2 country code, such as US or GB');
        }
        if (CRISIS_RESOURCES[code]) country = code;
      }
      return { data: { country, resources: CRISIS_RESOURCES[country] ?? [] } };
    },
  );
}
