// The domain shape of a group as it is written (by seeds today, by the write API later).
// Arrays hold taxonomy codes; see seeds/taxonomy/*.json for the vocabularies.

export const ATTENDANCE = ['in_person', 'online', 'hybrid'] as const;
export const FACILITATION = ['peer_led', 'professional', 'co_facilitated'] as const;
export const ACCESS = ['open', 'closed', 'registration'] as const;
export const COST = ['free', 'donation', 'sliding_scale', 'fee'] as const;
export const GROUP_STATUS = ['draft', 'pending_review', 'published', 'rejected', 'archived'] as const;
export const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export const TIMES_OF_DAY = ['morning', 'afternoon', 'evening', 'night'] as const;

export type Attendance = (typeof ATTENDANCE)[number];
export type Facilitation = (typeof FACILITATION)[number];
export type Access = (typeof ACCESS)[number];
export type Cost = (typeof COST)[number];
export type GroupStatus = (typeof GROUP_STATUS)[number];
export type Day = (typeof DAYS)[number];
export type TimeOfDay = (typeof TIMES_OF_DAY)[number];

export interface MeetingInput {
  /** 'weekly', or 'monthly' on the nth weekday (week_of_month 1..5, or -1 for the last). */
  frequency: 'weekly' | 'monthly';
  day: Day;
  week_of_month?: number | null;
  /** Local wall-clock start, 'HH:MM' (24h). */
  start_time: string;
  duration_minutes: number;
  /** IANA timezone; defaults to the group's timezone. */
  timezone?: string | null;
  /** Only when a meeting differs from its group (e.g. one online session of an in-person group). */
  attendance?: Attendance | null;
}

export interface LocationInput {
  street?: string | null;
  locality: string;
  region?: string | null;
  postal_code?: string | null;
  /** ISO 3166-1 alpha-2, e.g. 'US', 'GB'. */
  country: string;
  lat: number;
  lng: number;
  /** Show only the area, never the street address. */
  approximate?: boolean;
}

export interface OnlineInput {
  url?: string | null;
  dial_in?: string | null;
  notes?: string | null;
}

export interface ContactInput {
  /** First names only. */
  name?: string | null;
  email?: string | null;
  phone?: string | null;
}

export interface GroupInput {
  external_id?: string | null;
  slug?: string | null;
  name: string;
  description: string;
  conditions: string[];
  affinities: string[];
  attendance: Attendance;
  facilitation: Facilitation;
  access: Access;
  cost: Cost;
  /** BCP 47 codes from the languages vocabulary. */
  languages: string[];
  accessibility: string[];
  age_min?: number | null;
  age_max?: number | null;
  location?: LocationInput | null;
  online?: OnlineInput | null;
  contact?: ContactInput | null;
  website?: string | null;
  /** IANA timezone; derived from location coordinates when absent. Required for online-only groups. */
  timezone?: string | null;
  temporarily_closed?: boolean;
  closed_note?: string | null;
  last_verified_at?: Date | null;
  meetings: MeetingInput[];
}

export interface OrganizationInput {
  slug: string;
  name: string;
  description?: string | null;
  website?: string | null;
  email?: string | null;
  phone?: string | null;
  /** 'trusted' organizations publish directly; 'new' ones go to review (see the moderation issue). */
  trust_level: 'new' | 'trusted';
}
