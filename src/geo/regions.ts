// What may follow a place name: "Austin, TX", "Toronto, Ontario", "Glasgow, Scotland",
// "London, UK", "Portland, ME, USA". A qualifier narrows a name to one or more scopes.

import { foldText } from './normalize.js';

/** A part of the world a place must lie in. `admin` is the gazetteer's first-level region code. */
export interface Scope {
  country: string;
  admin?: string;
}

// US states use the postal abbreviation both in the ZIP data and as the GeoNames admin code.
// Territories are included because the ZIP data files them as states ("San Juan, PR").
const US_STATES: ReadonlyArray<readonly [abbr: string, name: string]> = [
  ['AL', 'Alabama'],
  ['AK', 'Alaska'],
  ['AZ', 'Arizona'],
  ['AR', 'Arkansas'],
  ['CA', 'California'],
  ['CO', 'Colorado'],
  ['CT', 'Connecticut'],
  ['DE', 'Delaware'],
  ['DC', 'District of Columbia'],
  ['FL', 'Florida'],
  ['GA', 'Georgia'],
  ['HI', 'Hawaii'],
  ['ID', 'Idaho'],
  ['IL', 'Illinois'],
  ['IN', 'Indiana'],
  ['IA', 'Iowa'],
  ['KS', 'Kansas'],
  ['KY', 'Kentucky'],
  ['LA', 'Louisiana'],
  ['ME', 'Maine'],
  ['MD', 'Maryland'],
  ['MA', 'Massachusetts'],
  ['MI', 'Michigan'],
  ['MN', 'Minnesota'],
  ['MS', 'Mississippi'],
  ['MO', 'Missouri'],
  ['MT', 'Montana'],
  ['NE', 'Nebraska'],
  ['NV', 'Nevada'],
  ['NH', 'New Hampshire'],
  ['NJ', 'New Jersey'],
  ['NM', 'New Mexico'],
  ['NY', 'New York'],
  ['NC', 'North Carolina'],
  ['ND', 'North Dakota'],
  ['OH', 'Ohio'],
  ['OK', 'Oklahoma'],
  ['OR', 'Oregon'],
  ['PA', 'Pennsylvania'],
  ['RI', 'Rhode Island'],
  ['SC', 'South Carolina'],
  ['SD', 'South Dakota'],
  ['TN', 'Tennessee'],
  ['TX', 'Texas'],
  ['UT', 'Utah'],
  ['VT', 'Vermont'],
  ['VA', 'Virginia'],
  ['WA', 'Washington'],
  ['WV', 'West Virginia'],
  ['WI', 'Wisconsin'],
  ['WY', 'Wyoming'],
  ['PR', 'Puerto Rico'],
  ['VI', 'U.S. Virgin Islands'],
  ['GU', 'Guam'],
  ['AS', 'American Samoa'],
  ['MP', 'Northern Mariana Islands'],
];

// GeoNames files Canadian provinces under numeric admin codes, not postal abbreviations.
const CA_PROVINCES: ReadonlyArray<readonly [abbr: string, name: string, admin: string]> = [
  ['AB', 'Alberta', '01'],
  ['BC', 'British Columbia', '02'],
  ['MB', 'Manitoba', '03'],
  ['NB', 'New Brunswick', '04'],
  ['NL', 'Newfoundland and Labrador', '05'],
  ['NS', 'Nova Scotia', '07'],
  ['ON', 'Ontario', '08'],
  ['PE', 'Prince Edward Island', '09'],
  ['QC', 'Quebec', '10'],
  ['SK', 'Saskatchewan', '11'],
  ['YT', 'Yukon', '12'],
  ['NT', 'Northwest Territories', '13'],
  ['NU', 'Nunavut', '14'],
];

const UK_NATIONS: ReadonlyArray<readonly [name: string, admin: string]> = [
  ['England', 'ENG'],
  ['Scotland', 'SCT'],
  ['Wales', 'WLS'],
  ['Northern Ireland', 'NIR'],
];

// Everyday names that Intl.DisplayNames does not produce.
const COUNTRY_ALIASES: Readonly<Record<string, string>> = {
  usa: 'US',
  'united states of america': 'US',
  america: 'US',
  'great britain': 'GB',
  britain: 'GB',
  'czech republic': 'CZ',
  'ivory coast': 'CI',
  holland: 'NL',
};

const US_STATE_BY_KEY = new Map<string, string>();
for (const [abbr, name] of US_STATES) {
  US_STATE_BY_KEY.set(foldText(abbr), abbr);
  US_STATE_BY_KEY.set(foldText(name), abbr);
}
US_STATE_BY_KEY.set('virgin islands', 'VI');

const CA_PROVINCE_BY_KEY = new Map<string, { abbr: string; admin: string }>();
for (const [abbr, name, admin] of CA_PROVINCES) {
  CA_PROVINCE_BY_KEY.set(foldText(abbr), { abbr, admin });
  CA_PROVINCE_BY_KEY.set(foldText(name), { abbr, admin });
}
CA_PROVINCE_BY_KEY.set('newfoundland', { abbr: 'NL', admin: '05' });
CA_PROVINCE_BY_KEY.set('pei', { abbr: 'PE', admin: '09' });

const CA_PROVINCE_ABBR_BY_ADMIN = new Map(CA_PROVINCES.map(([abbr, , admin]) => [admin, abbr]));

const UK_NATION_BY_KEY = new Map(UK_NATIONS.map(([name, admin]) => [foldText(name), admin]));

let countryByKey: Map<string, string> | undefined;
let shortNames: Intl.DisplayNames | undefined;

function shortCountryNames(): Intl.DisplayNames {
  shortNames ??= new Intl.DisplayNames(['en'], { type: 'region', style: 'short', fallback: 'none' });
  return shortNames;
}

// Built from ICU rather than a hand-kept list, so every ISO 3166 code and its English long and
// short names ("United Kingdom", "UK") are recognised. Probing all 676 letter pairs takes ~2 ms.
function countryIndex(): Map<string, string> {
  if (countryByKey) return countryByKey;
  const long = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  const short = shortCountryNames();
  const index = new Map<string, string>();
  for (let a = 65; a <= 90; a++) {
    for (let b = 65; b <= 90; b++) {
      const code = String.fromCharCode(a, b);
      const name = long.of(code);
      if (!name) continue;
      // ICU also names reserved aliases ("UK" is "United Kingdom"); the first code with a
      // name (alphabetically the ISO one, "GB") keeps it, and the alias points there.
      const canonical = index.get(foldText(name)) ?? code;
      index.set(foldText(name), canonical);
      index.set(foldText(code), canonical);
      const shortName = short.of(code);
      if (shortName && !index.has(foldText(shortName))) index.set(foldText(shortName), canonical);
    }
  }
  for (const [alias, code] of Object.entries(COUNTRY_ALIASES)) index.set(alias, code);
  countryByKey = index;
  return index;
}

/**
 * Every reading of one qualifier, most likely first. A two-letter code that is both a US state
 * and a country ("CA", "GA", "IN") is read as the state first: "City, ST" is the dominant way
 * to write a US place, and the country reading is still tried when the state has no such city.
 */
export function scopesForQualifier(qualifier: string): Scope[] {
  let key = foldText(qualifier);
  const scopes: Scope[] = [];
  const state = US_STATE_BY_KEY.get(key);
  if (state) scopes.push({ country: 'US', admin: state });
  const province = CA_PROVINCE_BY_KEY.get(key);
  if (province) scopes.push({ country: 'CA', admin: province.admin });
  const nation = UK_NATION_BY_KEY.get(key);
  if (nation) scopes.push({ country: 'GB', admin: nation });
  if (key.startsWith('the ')) key = key.slice(4);
  const country = countryIndex().get(key);
  if (country) scopes.push({ country });
  return scopes;
}

/**
 * Combines several qualifiers ("ME", "USA") into the scopes that satisfy all of them, keeping the
 * order of the first. An empty result means the qualifiers contradict each other or are unknown.
 */
export function intersectScopes(lists: ReadonlyArray<readonly Scope[]>): Scope[] {
  let result: Scope[] = [{ country: '' }];
  for (const list of lists) {
    const next: Scope[] = [];
    for (const a of result) {
      for (const b of list) {
        const merged = mergeScopes(a, b);
        if (merged && !next.some((s) => s.country === merged.country && s.admin === merged.admin)) {
          next.push(merged);
        }
      }
    }
    result = next;
  }
  return result.filter((s) => s.country !== '');
}

function mergeScopes(a: Scope, b: Scope): Scope | null {
  const country = a.country || b.country;
  if (a.country && b.country && a.country !== b.country) return null;
  if (a.admin && b.admin && a.admin !== b.admin) return null;
  const admin = a.admin ?? b.admin;
  return admin ? { country, admin } : { country };
}

/** "Austin, TX", "London, ON, Canada", "Glasgow, UK", "Washington, D.C.", "Singapore". */
export function placeLabel(name: string, country: string, admin: string): string {
  if (country === 'US') return name.includes(',') ? name : `${name}, ${admin}`;
  const province = country === 'CA' ? CA_PROVINCE_ABBR_BY_ADMIN.get(admin) : undefined;
  if (province) return `${name}, ${province}, Canada`;
  const countryName = shortCountryNames().of(country) ?? country;
  // City-states: "Singapore", not "Singapore, Singapore".
  if (foldText(countryName).startsWith(foldText(name))) return name;
  return `${name}, ${countryName}`;
}
