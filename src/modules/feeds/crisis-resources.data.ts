// Crisis lines shown next to the directory: peer support groups are not crisis services, and
// anyone in danger needs these first. Keyed by ISO 3166-1 alpha-2; DEFAULT for every other country.
// The numbers and links were written from knowledge, not checked online (no network where they were
// written): verify them against each service's own site before a release.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '../../lib/paths.js';

export interface LocalizedText {
  en: string;
  es: string;
}

export interface CrisisResource {
  id: string;
  name: string;
  description: LocalizedText;
  /** Numbers to call, as dialed in the country. */
  phone: string | null;
  /** Number to text, when the service takes texts. */
  text: string | null;
  /** Web chat, when the service has one. */
  chat_url: string | null;
  url: string;
  available: LocalizedText;
}

export const DEFAULT_COUNTRY = 'DEFAULT';

/** Loaded once from seeds/crisis-resources.json: the lines are data, so a new country is a row. */
export const CRISIS_RESOURCES: Readonly<Record<string, readonly CrisisResource[]>> = (
  JSON.parse(readFileSync(path.join(findRepoRoot(), 'seeds', 'crisis-resources.json'), 'utf8')) as {
    countries: Record<string, CrisisResource[]>;
  }
).countries;

/** Aliases people send for countries we list (UK is GB's common name). */
export const COUNTRY_ALIASES: Readonly<Record<string, string>> = { UK: 'GB' };
