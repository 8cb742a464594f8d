// Our CSV import format: one header row, then one row per meeting. Rows that share an external_id are
// one group with several meetings; the group's fields come from its first row and later rows only add
// meetings. Columns may come in any order; only external_id, name, day and start_time are required.
//
//   external_id       the group's id in the source system (required; re-imports match on it)
//   name              1..200 characters
//   description       free text; may be empty
//   conditions        condition codes, separated by ';' (options.defaultConditions are added)
//   affinities        affinity codes, ';'-separated
//   attendance        in_person | online | hybrid; empty: derived, a place (lat/lng or an address)
//                     with online_url is hybrid, a place alone in_person, online_url alone online
//   facilitation      peer_led (default) | professional | co_facilitated
//   access            open (default) | closed | registration
//   cost              free (default) | donation | sliding_scale | fee
//   languages         BCP 47 codes from the languages vocabulary, ';'-separated; empty: en
//   accessibility     accessibility codes, ';'-separated
//   street, locality, region, postal_code, country (ISO 3166 code or English name)
//   lat, lng          decimal degrees; required for in_person and hybrid groups (we don't geocode)
//   approximate       yes | no (default): show only the area, never the street
//   online_url        http(s) link to join
//   timezone          IANA zone; empty: derived from lat/lng, else options.defaultTimezone
//   day               mon | tue | wed | thu | fri | sat | sun
//   start_time        HH:MM, 24-hour, local to the group
//   duration_minutes  5..720; default 60
//   frequency         weekly (default) | monthly
//   week_of_month     monthly only: 1..5, or -1 for the last
//
// The file is RFC 4180: comma-separated, fields with commas, quotes or line breaks in double quotes, a
// quote inside a quoted field doubled. LF, CRLF and CR line ends and a UTF-8 byte order mark are
// accepted; header names are matched case-insensitively ("External ID" is external_id); wholly empty
// rows are skipped. Every value is trimmed. A row's spreadsheet number is its ImportRow index + 2.

import {
  ACCESS,
  ATTENDANCE,
  type Attendance,
  COST,
  DAYS,
  type Day,
  FACILITATION,
  type GroupInput,
  type LocationInput,
  type MeetingInput,
} from '../groups/groups.model.js';
import {
  canonicalMeetings,
  checkOptions,
  DEFAULT_DURATION,
  DURATION_MAX,
  DURATION_MIN,
  isHttpUrl,
  isKnownTimezone,
  NAME_MAX_LENGTH,
  normalizeCountry,
  parseClock,
  readCoordinates,
  sortedUnique,
} from './fields.js';
import type { ImportError, ImportOptions, ImportRow, ListVocabulary } from './imports.model.js';

export const CSV_COLUMNS = [
  'external_id',
  'name',
  'description',
  'conditions',
  'affinities',
  'attendance',
  'facilitation',
  'access',
  'cost',
  'languages',
  'accessibility',
  'street',
  'locality',
  'region',
  'postal_code',
  'country',
  'lat',
  'lng',
  'approximate',
  'online_url',
  'timezone',
  'day',
  'start_time',
  'duration_minutes',
  'frequency',
  'week_of_month',
] as const;
export type CsvColumn = (typeof CSV_COLUMNS)[number];

const REQUIRED_COLUMNS: readonly CsvColumn[] = ['external_id', 'name', 'day', 'start_time'];

/**
 * Maps a CSV file to one ImportRow per group, in order of each group's first row. Problems with rows
 * are reported per group (every problem, each naming its column and spreadsheet row); a file that
 * cannot be read as CSV, or whose header is wrong, throws an Error saying why.
 */
export function parseCsv(text: string, options: ImportOptions): ImportRow[] {
  checkOptions(options);
  const [header, ...records] = readCsvRecords(text);
  if (header === undefined) throw new Error('The CSV file is empty; it needs a header row');
  const columns = readHeader(header.fields);

  // Group rows by external_id, in order of first appearance.
  const groups = new Map<string, { index: number; rows: Row[] }>();
  const results: { index: number; result: ImportRow }[] = [];
  records.forEach((record, index) => {
    if (record.fields.every((f) => f.trim() === '')) return;
    const row: Row = { index, number: index + 2, get: (column) => cell(record.fields, columns, column) };
    const errors: ImportError[] = [];
    if (record.fields.length !== header.fields.length) {
      errors.push({
        field: '(row)',
        reason: `row ${row.number}: has ${record.fields.length} fields; the header has ${header.fields.length}`,
      });
    }
    const externalId = row.get('external_id');
    if (externalId === '') {
      errors.push({ field: 'external_id', reason: `row ${row.number}: is required` });
    }
    if (errors.length > 0 && externalId === '') {
      results.push({ index, result: { index, externalId: null, ok: false, errors } });
      return;
    }
    row.errors = errors;
    const group = groups.get(externalId);
    if (group) group.rows.push(row);
    else groups.set(externalId, { index, rows: [row] });
  });

  for (const [externalId, { index, rows }] of groups) {
    results.push({ index, result: mapGroup(externalId, index, rows, options) });
  }
  return results.sort((a, b) => a.index - b.index).map((r) => r.result);
}

interface Row {
  /** 0-based index among the data records. */
  index: number;
  /** Spreadsheet row number (the header is row 1). */
  number: number;
  get(column: CsvColumn): string;
  errors?: ImportError[];
}

function cell(fields: string[], columns: Map<CsvColumn, number>, column: CsvColumn): string {
  const at = columns.get(column);
  return at === undefined ? '' : (fields[at] ?? '').trim();
}

function readHeader(fields: string[]): Map<CsvColumn, number> {
  const columns = new Map<CsvColumn, number>();
  const unknown: string[] = [];
  fields.forEach((raw, at) => {
    const name = raw
      .trim()
      .toLowerCase()
      .replace(/[\s-]+/g, '_');
    if (name === '') return; // an unnamed trailing column, as spreadsheets export
    if (!(CSV_COLUMNS as readonly string[]).includes(name)) {
      unknown.push(raw.trim());
      return;
    }
    if (columns.has(name as CsvColumn)) throw new Error(`The CSV header names the column "${name}" twice`);
    columns.set(name as CsvColumn, at);
  });
  if (unknown.length > 0) {
    throw new Error(
      `The CSV header has unknown columns: ${unknown.map((u) => `"${u}"`).join(', ')}. Known columns: ${CSV_COLUMNS.join(', ')}`,
    );
  }
  const missing = REQUIRED_COLUMNS.filter((c) => !columns.has(c));
  if (missing.length > 0) throw new Error(`The CSV header lacks required columns: ${missing.join(', ')}`);
  return columns;
}

function mapGroup(externalId: string, index: number, rows: Row[], options: ImportOptions): ImportRow {
  const first = rows[0]!;
  const errors: ImportError[] = rows.flatMap((r) => r.errors ?? []);
  const at = `row ${first.number}: `;
  const fail = (field: string, reason: string) => errors.push({ field, reason: at + reason });

  const name = first.get('name');
  if (name === '') fail('name', 'is required');
  else if ([...name].length > NAME_MAX_LENGTH) fail('name', `must be at most ${NAME_MAX_LENGTH} characters`);

  const codes = (column: ListVocabulary) => {
    const known = options.taxonomyCodes[column]!;
    const list = splitCodes(first.get(column));
    for (const code of list) if (!known.has(code)) fail(column, `unknown code "${code}"`);
    return list.filter((code) => known.has(code));
  };
  const conditions = sortedUnique([...options.defaultConditions, ...codes('conditions')]);
  const affinities = sortedUnique(codes('affinities'));
  const languageList = codes('languages');
  const languages = sortedUnique(splitCodes(first.get('languages')).length === 0 ? ['en'] : languageList);
  const accessibility = sortedUnique(codes('accessibility'));

  const choice = <T extends string>(
    column: CsvColumn & string,
    allowed: readonly T[],
    fallback: T | null,
  ): T | null => {
    const value = first.get(column).toLowerCase();
    if (value === '') return fallback;
    const vocabulary = options.taxonomyCodes[column];
    if (!(allowed as readonly string[]).includes(value) || (vocabulary && !vocabulary.has(value))) {
      fail(column, `unknown code "${value}" (one of ${allowed.join(', ')})`);
      return fallback;
    }
    return value as T;
  };
  const facilitation = choice('facilitation', FACILITATION, 'peer_led')!;
  const access = choice('access', ACCESS, 'open')!;
  const cost = choice('cost', COST, 'free')!;
  const statedAttendance = choice<Attendance>('attendance', ATTENDANCE, null);

  const onlineUrl = first.get('online_url') || null;
  if (onlineUrl !== null && !isHttpUrl(onlineUrl)) fail('online_url', 'must be an http(s) URL');

  const coordinateErrors: ImportError[] = [];
  const { point, invalid: pointInvalid } = readCoordinates(
    first.get('lat'),
    first.get('lng'),
    { lat: 'lat', lng: 'lng' },
    coordinateErrors,
  );
  for (const e of coordinateErrors) fail(e.field, e.reason);

  // Unstated attendance: a place (coordinates or an address) makes it in person, hybrid with a link;
  // a link alone, online. Neither reads as in person, which then asks for coordinates.
  const hasPlace =
    point !== null || pointInvalid || first.get('street') !== '' || first.get('locality') !== '';
  const attendance: Attendance =
    statedAttendance ??
    (hasPlace ? (onlineUrl !== null ? 'hybrid' : 'in_person') : onlineUrl !== null ? 'online' : 'in_person');

  let location: LocationInput | null = null;
  if (attendance !== 'online' && point === null && !pointInvalid) {
    const kind = attendance === 'hybrid' ? 'hybrid' : 'in-person';
    fail('location.lat', `coordinates are required for ${kind} meetings`);
  }
  if (point !== null) {
    const locality = first.get('locality');
    if (locality === '') fail('locality', 'is required with coordinates');
    const countryText = first.get('country');
    const country = countryText === '' ? null : normalizeCountry(countryText);
    if (countryText === '') fail('country', 'is required with coordinates');
    else if (country === null) fail('country', `"${countryText}" is not a known country`);
    const approximate = readYesNo(first.get('approximate'));
    if (approximate === null) fail('approximate', 'must be yes or no');
    if (locality !== '' && country !== null) {
      location = {
        street: first.get('street') || null,
        locality,
        region: first.get('region') || null,
        postal_code: first.get('postal_code') || null,
        country,
        lat: point.lat,
        lng: point.lng,
        approximate: approximate ?? false,
      };
    }
  }

  let timezone: string | null = first.get('timezone') || null;
  if (timezone !== null && !isKnownTimezone(timezone)) {
    fail('timezone', `"${timezone}" is not an IANA timezone`);
    timezone = null;
  } else if (timezone === null && point === null) {
    timezone = options.defaultTimezone ?? null;
    if (timezone === null && attendance === 'online') {
      fail('timezone', 'is required for groups without coordinates (in the file or as the default timezone)');
    }
  }

  const meetings: MeetingInput[] = [];
  for (const row of rows) {
    const meeting = readMeeting(row, errors);
    if (meeting) meetings.push(meeting);
  }

  if (errors.length > 0) return { index, externalId, ok: false, errors };

  const group: GroupInput = {
    external_id: externalId,
    slug: null,
    name,
    description: first.get('description'),
    conditions,
    affinities,
    attendance,
    facilitation,
    access,
    cost,
    languages,
    accessibility,
    age_min: null,
    age_max: null,
    location,
    online: onlineUrl !== null ? { url: onlineUrl, dial_in: null, notes: null } : null,
    contact: null,
    website: null,
    timezone,
    temporarily_closed: false,
    closed_note: null,
    last_verified_at: null,
    meetings: canonicalMeetings(meetings),
  };
  return { index, externalId, ok: true, group };
}

function readMeeting(row: Row, errors: ImportError[]): MeetingInput | null {
  const at = `row ${row.number}: `;
  const fail = (field: string, reason: string) => errors.push({ field, reason: at + reason });
  let ok = true;

  const dayText = row.get('day').toLowerCase();
  const day = (DAYS as readonly string[]).includes(dayText) ? (dayText as Day) : null;
  if (day === null) {
    fail('day', dayText === '' ? 'is required' : `"${dayText}" is not one of ${DAYS.join(', ')}`);
    ok = false;
  }

  const startText = row.get('start_time');
  const start = startText === '' ? null : parseClock(startText);
  if (start === null) {
    fail('start_time', startText === '' ? 'is required' : `"${startText}" is not a 24-hour HH:MM time`);
    ok = false;
  }

  let duration = DEFAULT_DURATION;
  const durationText = row.get('duration_minutes');
  if (durationText !== '') {
    duration = /^\d+$/.test(durationText) ? Number(durationText) : Number.NaN;
    if (!(duration >= DURATION_MIN && duration <= DURATION_MAX)) {
      fail('duration_minutes', `must be a whole number from ${DURATION_MIN} to ${DURATION_MAX}`);
      ok = false;
    }
  }

  const frequencyText = row.get('frequency').toLowerCase() || 'weekly';
  const weekText = row.get('week_of_month');
  let weekOfMonth: number | null = null;
  if (frequencyText !== 'weekly' && frequencyText !== 'monthly') {
    fail('frequency', `"${frequencyText}" is not weekly or monthly`);
    ok = false;
  } else if (frequencyText === 'monthly') {
    weekOfMonth = /^-?\d$/.test(weekText) ? Number(weekText) : null;
    if (weekOfMonth === null || !(weekOfMonth === -1 || (weekOfMonth >= 1 && weekOfMonth <= 5))) {
      fail(
        'week_of_month',
        weekText === '' ? 'is required for monthly meetings' : 'must be 1 to 5, or -1 for the last',
      );
      ok = false;
    }
  } else if (weekText !== '') {
    fail('week_of_month', 'is only for monthly meetings');
    ok = false;
  }

  if (!ok || day === null || start === null) return null;
  return {
    frequency: frequencyText as MeetingInput['frequency'],
    day,
    week_of_month: weekOfMonth,
    start_time: start,
    duration_minutes: duration,
  };
}

/** Codes of a ';'-separated cell, trimmed and lower-cased ('Depression; anxiety' -> two codes). */
function splitCodes(value: string): string[] {
  return value
    .split(';')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '');
}

function readYesNo(value: string): boolean | null | undefined {
  const t = value.toLowerCase();
  if (t === '') return undefined;
  if (t === 'yes' || t === 'true' || t === '1') return true;
  if (t === 'no' || t === 'false' || t === '0') return false;
  return null;
}

export interface CsvRecord {
  /** Line of the file the record starts on (1-based); differs from the row number after multi-line fields. */
  line: number;
  fields: string[];
}

/**
 * Splits RFC 4180 text into records of raw (untrimmed) fields. Lenient where spreadsheets and hand
 * editing differ harmlessly: blanks around a quoted field are dropped, a quote inside an unquoted field
 * is kept as a character. Throws for a quoted field that never closes or text after a closing quote,
 * since either would misalign every later row.
 */
export function readCsvRecords(input: string): CsvRecord[] {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  const n = text.length;
  const records: CsvRecord[] = [];
  if (n === 0) return records;
  let fields: string[] = [];
  let line = 1;
  let recordLine = 1;
  let i = 0;
  for (;;) {
    let j = i;
    while (j < n && (text[j] === ' ' || text[j] === '\t')) j++;
    if (text[j] === '"') {
      let value = '';
      let k = j + 1;
      for (;;) {
        const quote = text.indexOf('"', k);
        if (quote === -1) throw new Error(`CSV line ${line}: a quoted field is never closed`);
        value += text.slice(k, quote);
        if (text[quote + 1] === '"') {
          value += '"';
          k = quote + 2;
        } else {
          k = quote + 1;
          break;
        }
      }
      line += (text.slice(j, k).match(/\r\n|\r|\n/g) ?? []).length;
      while (k < n && (text[k] === ' ' || text[k] === '\t')) k++;
      if (k < n && text[k] !== ',' && text[k] !== '\n' && text[k] !== '\r') {
        throw new Error(`CSV line ${line}: unexpected text after a closing quote`);
      }
      fields.push(value);
      i = k;
    } else {
      let k = i;
      while (k < n) {
        const c = text.charCodeAt(k);
        if (c === 44 /* , */ || c === 10 /* \n */ || c === 13 /* \r */) break;
        k++;
      }
      fields.push(text.slice(i, k));
      i = k;
    }
    if (i >= n) {
      records.push({ line: recordLine, fields });
      return records;
    }
    if (text[i] === ',') {
      i++;
      continue;
    }
    i += text[i] === '\r' && text[i + 1] === '\n' ? 2 : 1;
    records.push({ line: recordLine, fields });
    fields = [];
    line++;
    recordLine = line;
    if (i >= n) return records; // a final line break ends the last record, not a new one
  }
}
