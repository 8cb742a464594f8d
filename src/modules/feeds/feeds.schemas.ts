// Route schemas of the feeds: the Meeting Guide export, the iCalendar files, the crisis lines.
import { Type } from 'typebox';
import { problemResponses } from '../../lib/schemas.js';
import { SearchGroupsQuery } from '../groups/groups.schemas.js';

const {
  limit: _limit,
  cursor: _cursor,
  facets: _facets,
  sort: _sort,
  ...filters
} = SearchGroupsQuery.properties;

export const MeetingGuideQuery = Type.Object(filters, { additionalProperties: false });

const MeetingGuideEntrySchema = Type.Object(
  {
    name: Type.String({ examples: ['Tuesday Evening Depression Circle'] }),
    slug: Type.String({
      description: 'Group slug and the meeting number: unique in the feed',
      examples: ['tuesday-evening-depression-circle-3f2a-1'],
    }),
    day: Type.Integer({ minimum: 0, maximum: 6, description: '0 Sunday .. 6 Saturday', examples: [2] }),
    time: Type.String({ pattern: '^\\d{2}:\\d{2}$', examples: ['19:00'] }),
    end_time: Type.String({ pattern: '^\\d{2}:\\d{2}$', examples: ['20:30'] }),
    timezone: Type.String({ examples: ['America/New_York'] }),
    types: Type.Array(Type.String(), {
      description: 'Meeting Guide type codes (data/types.json of the spec)',
      examples: [['O', 'LGBTQ', 'X', 'EN']],
    }),
    notes: Type.Optional(Type.String()),
    address: Type.Optional(Type.String({ description: 'Street; absent when approximate' })),
    city: Type.Optional(Type.String({ examples: ['New York'] })),
    state: Type.Optional(Type.String({ examples: ['NY'] })),
    postal_code: Type.Optional(Type.String({ examples: ['10001'] })),
    country: Type.Optional(Type.String({ examples: ['US'] })),
    latitude: Type.Optional(Type.Number()),
    longitude: Type.Optional(Type.Number()),
    approximate: Type.Optional(Type.Union([Type.Literal('yes'), Type.Literal('no')])),
    regions: Type.Optional(Type.Array(Type.String(), { examples: [['Online']] })),
    conference_url: Type.Optional(Type.String()),
    conference_url_notes: Type.Optional(Type.String()),
    conference_phone: Type.Optional(Type.String()),
    url: Type.Optional(Type.String()),
    updated: Type.String({ description: 'UTC, YYYY-MM-DD HH:MM:SS', examples: ['2026-03-01 14:32:23'] }),
    entity: Type.String({ description: 'The organization behind the group' }),
    contact_1_name: Type.Optional(Type.String()),
    contact_1_email: Type.Optional(Type.String()),
    contact_1_phone: Type.Optional(Type.String()),
  },
  { additionalProperties: false },
);

export const meetingGuideFeedSchema = {
  tags: ['feeds'],
  summary: 'Published groups as a Meeting Guide JSON feed',
  description:
    "One entry per weekly meeting, in the Code4Recovery Meeting Guide format (github.com/code4recovery/spec), for TSML UI, the 12 Step Meeting List plugin and other readers of that format. Takes the filters of GET /v1/groups. Monthly meetings are left out: the format is weekly only (they are in each group's calendar.ics).",
  querystring: MeetingGuideQuery,
  response: {
    200: Type.Array(MeetingGuideEntrySchema, {
      examples: [
        [
          {
            name: 'Tuesday Evening Depression Circle',
            slug: 'tuesday-evening-depression-circle-3f2a-1',
            day: 2,
            time: '19:00',
            end_time: '20:30',
            timezone: 'America/New_York',
            types: ['EN', 'O', 'X'],
            address: '350 5th Ave',
            city: 'New York',
            state: 'NY',
            postal_code: '10001',
            country: 'US',
            latitude: 40.7484,
            longitude: -73.9857,
            approximate: 'no',
            updated: '2026-03-01 14:32:23',
            entity: 'Example Peer Network',
          },
        ],
      ],
    }),
    ...problemResponses(400, 429, 500),
  },
};

export const groupCalendarSchema = {
  tags: ['feeds'],
  summary: "A group's meetings as an iCalendar file",
  description:
    'text/calendar: one recurring VEVENT per meeting (weekly, or monthly on the nth or last weekday) in the meeting timezone, with VTIMEZONE definitions. UIDs are stable, so calendars can subscribe.',
  params: Type.Object({
    idOrSlug: Type.String({ maxLength: 200, examples: ['tuesday-evening-depression-circle-3f2a'] }),
  }),
  querystring: Type.Object({}, { additionalProperties: false }),
  produces: ['text/calendar'],
  response: {
    200: Type.String({
      description: 'An iCalendar (RFC 5545) document',
      examples: [
        'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Circles//Peer Support Directory//EN\r\n…\r\nBEGIN:VEVENT\r\nUID:5d2c…@circles\r\nDTSTART;TZID=America/New_York:20260106T190000\r\nDURATION:PT90M\r\nRRULE:FREQ=WEEKLY;BYDAY=TU\r\nSUMMARY:Tuesday Evening Depression Circle\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n',
      ],
    }),
    ...problemResponses(400, 404, 429, 500),
  },
};

const Localized = Type.Object({ en: Type.String(), es: Type.String() });

const CrisisResourceSchema = Type.Object({
  id: Type.String({ examples: ['us-988'] }),
  name: Type.String({ examples: ['988 Suicide & Crisis Lifeline'] }),
  description: Localized,
  phone: Type.Union([Type.String(), Type.Null()], { examples: ['988'] }),
  text: Type.Union([Type.String(), Type.Null()], { examples: ['988'] }),
  chat_url: Type.Union([Type.String(), Type.Null()], { examples: ['https://988lifeline.org/chat/'] }),
  url: Type.String({ examples: ['https://988lifeline.org/'] }),
  available: Localized,
});

export const CrisisQuery = Type.Object(
  {
    country: Type.Optional(
      Type.String({
        maxLength: 10,
        description:
          'ISO 3166-1 alpha-2 country code (UK is read as GB). Without it, or for a country we have no list for, an international directory.',
        examples: ['US'],
      }),
    ),
  },
  { additionalProperties: false },
);

export const crisisResourcesSchema = {
  tags: ['feeds'],
  summary: 'Crisis lines for a country',
  description:
    'Peer support groups are not crisis services. These are the lines to show people who may be in danger, with English and Spanish labels.',
  querystring: CrisisQuery,
  response: {
    200: Type.Object(
      {
        data: Type.Object({
          country: Type.String({ description: 'The country of the list, or DEFAULT', examples: ['US'] }),
          resources: Type.Array(CrisisResourceSchema),
        }),
      },
      {
        examples: [
          {
            data: {
              country: 'US',
              resources: [
                {
                  id: 'us-988',
                  name: '988 Suicide & Crisis Lifeline',
                  description: { en: 'Call or text 988.', es: 'Llama o envía un mensaje de texto al 988.' },
                  phone: '988',
                  text: '988',
                  chat_url: 'https://988lifeline.org/chat/',
                  url: 'https://988lifeline.org/',
                  available: {
                    en: '24 hours a day, 7 days a week',
                    es: 'Las 24 horas, los 7 días de la semana',
                  },
                },
              ],
            },
          },
        ],
      },
    ),
    ...problemResponses(400, 429, 500),
  },
};
