// API keys. Secret keys: `cir_sk_` + 32 random base64url characters (192 bits), shown once at
// creation, stored only as a SHA-256 hash; they belong to an organization (scope `submit`) or to
// the directory's staff (`moderate`, `admin`).
// Publishable keys: `cir_pk_` + 32 characters, the same storage, scope `read` only, bound to the
// origins allowed to use them. They are not secrets (they sit in an embedding page's source): they
// name the embedding site and stop other sites from passing as it, and they never grant more than
// an anonymous read (no drafts, no higher rate limit: a widget's visitors are many people).
import { createHash, randomBytes } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { Scope } from '../../db/types.js';
import { ProblemError } from '../../lib/problem.js';
import { findKeyByHash, insertKey, listKeys, revokeKey, touchKey } from './keys.repository.js';

export const SECRET_KEY_PREFIX = 'cir_sk_';
export const PUBLISHABLE_KEY_PREFIX = 'cir_pk_';
const KEY_PATTERN = /^cir_sk_[A-Za-z0-9_-]{32}$/;
const PUBLISHABLE_PATTERN = /^cir_pk_[A-Za-z0-9_-]{32}$/;
/** last_used_at is a hint, not a log: write it at most once a minute per key. */
const TOUCH_EVERY_MS = 60_000;

export interface Principal {
  keyId: string;
  organizationId: string | null;
  scopes: Scope[];
  /** Trust of the key's organization: trusted organizations publish without review. */
  trusted: boolean;
}

/** Who embeds: the publishable key a request came with (never a principal). */
export interface Publisher {
  keyId: string;
  organizationId: string | null;
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

/**
 * `https://Example.org:443` -> `https://example.org`; null for anything that is not an http(s)
 * origin (including the literal `null` a sandboxed page sends).
 */
export function normalizeOrigin(value: string | undefined): string | null {
  if (!value || !/^https?:\/\/[^/\s?#]+$/i.test(value)) return null;
  try {
    return new URL(value).origin;
  } catch {
    return null;
  }
}

export class KeysService {
  constructor(private readonly db: Db) {}

  async create(input: { organizationId: string | null; scopes: Scope[]; name: string }) {
    return this.insert(SECRET_KEY_PREFIX, { ...input, allowedOrigins: null });
  }

  /** A publishable key for `origins` (already validated as http(s) origins). */
  async createPublishable(input: { organizationId: string | null; name: string; origins: string[] }) {
    const origins = [...new Set(input.origins.map((o) => normalizeOrigin(o) ?? o))].sort();
    return this.insert(PUBLISHABLE_KEY_PREFIX, {
      organizationId: input.organizationId,
      name: input.name,
      scopes: ['read'],
      allowedOrigins: origins,
    });
  }

  private async insert(
    prefix: string,
    input: { organizationId: string | null; scopes: Scope[]; name: string; allowedOrigins: string[] | null },
  ) {
    const key = `${prefix}${randomBytes(24).toString('base64url')}`;
    const record = await insertKey(this.db, {
      organizationId: input.organizationId,
      name: input.name,
      scopes: [...new Set(input.scopes)].sort(),
      prefix: key.slice(0, 12),
      secretHash: hashKey(key),
      allowedOrigins: input.allowedOrigins,
    });
    return { key, record };
  }

  /** The principal of a presented secret key, or a 401 problem. */
  async authenticate(key: string): Promise<Principal> {
    const row = KEY_PATTERN.test(key) ? await this.findLive(key) : null;
    if (!row || row.allowed_origins) throw invalidKey();
    return {
      keyId: row.id,
      organizationId: row.organization_id,
      scopes: row.scopes,
      trusted: row.trust_level === 'trusted',
    };
  }

  /**
   * The publisher of a presented publishable key, if the request comes from one of its origins.
   * Browsers always send Origin on the cross-origin requests an embedded widget makes; a request
   * without one (or from another origin) is refused, so a copied key is useless elsewhere in a browser.
   */
  async authenticatePublishable(key: string, origin: string | undefined): Promise<Publisher> {
    const row = PUBLISHABLE_PATTERN.test(key) ? await this.findLive(key) : null;
    if (!row?.allowed_origins) throw invalidKey();
    const from = normalizeOrigin(origin);
    if (!from || !row.allowed_origins.includes(from)) {
      throw new ProblemError(
        403,
        'origin_not_allowed',
        'Origin not allowed',
        'This publishable key is bound to other origins; send it only from its own sites',
        [{ name: 'Origin', in: 'header', reason: 'is not an allowed origin of this key' }],
      );
    }
    return { keyId: row.id, organizationId: row.organization_id };
  }

  private async findLive(key: string) {
    const row = await findKeyByHash(this.db, hashKey(key));
    if (!row || row.revoked_at) return null;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > TOUCH_EVERY_MS) {
      await touchKey(this.db, row.id);
    }
    return row;
  }

  list(organizationId: string) {
    return listKeys(this.db, organizationId);
  }

  revoke(id: string) {
    return revokeKey(this.db, id);
  }
}
