// Who may see and change what. A submit key acts for its own organization only; moderators and
// admins see every group. Anything else is answered as if the group did not exist.
import { invalidParameter, ProblemError } from '../../lib/problem.js';
import type { Principal } from '../keys/keys.service.js';

export function ownsGroup(principal: Principal | null, organizationId: string): boolean {
  return Boolean(principal?.organizationId && principal.organizationId === organizationId);
}

export function canModerate(principal: Principal | null): boolean {
  return Boolean(principal?.scopes.some((s) => s === 'moderate' || s === 'admin'));
}

/**
 * `If-Match: "3"` (or W/"3", or the `"3.<content hash>"` a GET sends: see plugins/http-cache.ts)
 * -> 3; a missing header is a 428, a malformed one a 400.
 */
export function parseIfMatch(header: string | undefined): number {
  if (!header) {
    throw new ProblemError(
      428,
      'precondition_required',
      'Precondition required',
      'Send If-Match with the ETag you read',
      [{ name: 'If-Match', in: 'header', reason: 'is required' }],
    );
  }
  const match = /^(?:W\/)?"(\d+)(?:\.[A-Za-z0-9_-]+)?"$/.exec(header.trim());
  if (!match) throw invalidParameter('If-Match', 'must be an ETag like "3"', 'header');
  return Number(match[1]);
}

export function etag(version: number): string {
  return `"${version}"`;
}
