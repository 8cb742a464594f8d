// The parts of the API's responses the widget reads (see openapi/openapi.json for the whole).

export interface Meeting {
  frequency: 'weekly' | 'monthly';
  day: string;
  week_of_month: number | null;
  start_time: string;
  duration_minutes: number;
  timezone: string;
  next_start: string | null;
}

export interface Group {
  id: string;
  slug: string;
  name: string;
  description: string;
  organization: { name: string };
  conditions: string[];
  affinities: string[];
  attendance: string;
  facilitation: string;
  access: string;
  cost: string;
  languages: string[];
  accessibility: string[];
  location: {
    street: string | null;
    locality: string | null;
    region: string | null;
    postal_code: string | null;
    approximate: boolean;
  } | null;
  online: { url: string | null; dial_in: string | null; notes: string | null } | null;
  contact: { name: string | null; email: string | null; phone: string | null } | null;
  website: string | null;
  temporarily_closed: boolean;
  closed_note: string | null;
  meetings: Meeting[];
  next_meeting: string | null;
  distance_km: number | null;
  distance_mi: number | null;
}

export interface FacetValue {
  value: string;
  count: number;
}

export interface GroupList {
  data: Group[];
  meta: { total: number; next_cursor: string | null; place: { label: string } | null };
  facets?: Record<string, FacetValue[]>;
}

export interface CrisisResource {
  name: string;
  description: { en: string; es: string };
  phone: string | null;
  text: string | null;
  chat_url: string | null;
  url: string;
  available: { en: string; es: string };
}

export interface Vocabulary {
  code: string;
  terms: { code: string; labels: Record<string, string> }[];
}
