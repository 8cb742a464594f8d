// Opaque pagination cursors. A cursor carries the position after which the next page starts and a
// fingerprint of the query it belongs to, so a cursor pasted onto another query is refused instead
// of silently returning a wrong page. It also pins "now", so that next-meeting order is stable
// while a client pages through one search.
import { createHash } from 'node:crypto';
import { isUuid } from './ids.js';
import { invalidParameter, ProblemError } from './problem.js';

export interface CursorData {
  /** Sort key of the last item of the previous page. */
  k: number;
  /** Id of the last item of the previous page (tie breaker). */
  id: string;
  /** Fingerprint of the query. */
  f: string;
  /** "now" of the first page, epoch milliseconds. */
  n: number;
  /** The engine whose order the position belongs to (positions of one engine mean nothing to another). */
  e?: 'postgres' | 'meilisearch';
}

// Part of every fingerprint. Bump it when the meaning of a sort key changes, so that cursors
// issued before are refused as belonging to another query rather than read in the new meaning.
// 2: sort=updated keys are microseconds since 1970 (were seconds).
const CURSOR_FORMAT = 2;

export function fingerprint(parts: unknown): string {
  return createHash('sha256')
    .update(JSON.stringify([CURSOR_FORMAT, parts]))
    .digest('base64url')
    .slice(0, 16);
}

export function encodeCursor(data: CursorData): string {
  return Buffer.from(JSON.stringify(data)).toString('base64url');
}

export function decodeCursor(raw: string, expectedFingerprint: string): CursorData {
  let data: unknown;
  try {
    data = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor('is not a cursor returned by this API');
  }
  const c = data as Partial<CursorData> | null;
  if (
    !c ||
    typeof c !== 'object' ||
    typeof c.k !== 'number' ||
    typeof c.id !== 'string' ||
    !isUuid(c.id) ||
    typeof c.f !== 'string' ||
    typeof c.n !== 'number' ||
    !Number.isFinite(c.n)
  ) {
    throw invalidCursor('is not a cursor returned by this API');
  }
  if (c.f !== expectedFingerprint)
    throw invalidCursor('belongs to a different query; start again without it');
  return c as CursorData;
}

function invalidCursor(reason: string): ProblemError {
  const problem = invalidParameter('cursor', reason);
  return new ProblemError(400, 'invalid_cursor', 'Invalid cursor', problem.message, problem.invalidParams);
}
