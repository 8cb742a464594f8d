// Secret API keys: `cir_sk_` + 32 random base64url characters (192 bits). Shown once at creation,
// stored only as a SHA-256 hash. A key belongs to an organization (scope `submit`) or to the
// directory's staff (`moderate`, `admin`).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { Scope } from '../../db/types.js';
import { ProblemError } from '../../lib/problem.js';
import { findKeyByHash, insertKey, listKeys, revokeKey, touchKey } from './keys.repository.js';

export const SECRET_KEY_PREFIX = 'cir_sk_';
const KEY_PATTERN = /^cir_sk_[A-Za-z0-9_-]{32}$/;
/** last_used_at is a hint, not a log: write it at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

export interface Principal {
  keyId: string;
  organizationId: string | null;
  scopes: Scope[];
  /** Trust of the key's organization: trusted organizations publish without review. */
  trusted: boolean;
}

export function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function invalidKey(): ProblemError {
  // Never say which part was wrong, and never echo the key.
  return new ProblemError(
    401,
    'invalid_key',
    'Invalid API key',
    'The API key is malformed, unknown or revoked',
  );
}

export class KeysService {
  constructor(private readonly db: Db) {}

  async create(input: { organizationId: string | null; scopes: Scope[]; name: string }) {
    const key = `${SECRET_KEY_PREFIX}${randomBytes(24).toString('base64url')}`;
    const record = await insertKey(this.db, {
      organizationId: input.organizationId,
      name: input.name,
      scopes: [...new Set(input.scopes)].sort(),
      prefix: key.slice(0, 12),
      secretHash: hashKey(key),
    });
    return { key, record };
  }

  /** The principal of a presented key, or a 401 problem. */
  async authenticate(key: string): Promise<Principal> {
    if (!KEY_PATTERN.test(key)) throw invalidKey();
    const row = await findKeyByHash(this.db, hashKey(key));
    if (!row || row.revoked_at) throw invalidKey();
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await touchKey(this.db, row.id);
    }
    return {
      keyId: row.id,
      organizationId: row.organization_id,
      scopes: row.scopes,
      trusted: row.trust_level === 'trusted',
    };
  }

  list(organizationId: string) {
    return listKeys(this.db, organizationId);
  }

  revoke(id: string) {
    return revokeKey(this.db, id);
  }
}
