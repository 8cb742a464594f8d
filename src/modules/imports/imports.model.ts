// Shared shapes of the importers (Meeting Guide JSON feeds, our CSV). Importers are pure: they map
// input to GroupInput objects and per-row errors, and never touch the database.
import type { GroupInput } from '../groups/groups.model.js';

export interface ImportOptions {
  /**
   * Condition codes every imported group gets, e.g. ['alcohol'] for an AA intergroup's feed.
   * Meeting Guide entries say nothing about the condition; a CSV row's empty `conditions` uses these.
   */
  defaultConditions: string[];
  /** IANA timezone for rows with neither a timezone nor coordinates (online-only meetings). */
  defaultTimezone?: string;
  /**
   * Known codes per vocabulary name ('conditions', 'affinities', 'languages', 'accessibility', ...),
   * as loaded from the taxonomy. The importers never emit a code missing from these sets.
   */
  taxonomyCodes: Record<string, Set<string>>;
}

/**
 * One problem with one input row. `field` names the input field (feed key or CSV column) when a
 * value is wrong, or the GroupInput path (e.g. 'location.lat') when something required is missing.
 */
export interface ImportError {
  field: string;
  reason: string;
}

/**
 * The outcome for one group. `index` is the 0-based position of the entry in a Meeting Guide feed,
 * or of the group's first data record in a CSV file (the header is not counted).
 */
export type ImportRow =
  | { index: number; externalId: string | null; ok: true; group: GroupInput }
  | { index: number; externalId: string | null; ok: false; errors: ImportError[] };

/** Vocabularies whose codes the importers emit into GroupInput arrays. */
export const LIST_VOCABULARIES = ['conditions', 'affinities', 'languages', 'accessibility'] as const;
export type ListVocabulary = (typeof LIST_VOCABULARIES)[number];
