// In-memory cache of public read results (searches, one group), invalidated by any write to the
// directory, on every instance, before the write's effect could be missed by a later read.
//
// How: each transaction that writes groups, meetings, organizations or taxonomy terms bumps a
// generation number in Postgres at commit (migration 20261123000500). Every cached read first
// learns the current generation with a read that STARTED AFTER the request arrived, so a write
// committed before the request came in is always seen, whichever instance made it. Entries tagged
// with an older generation are dropped. Concurrent requests share that read (reads start at most
// once a millisecond, at most two at a time), so under load the check costs a fraction of a query
// per request rather than a query each. LISTEN/NOTIFY was the alternative; it is
// asynchronous, so a read right after a write (even on the same instance) could still get the old
// answer. We chose correctness.
//
// Answers also expire on their own: at the first next-meeting time they show (after which that
// group's next meeting, and next_meeting order, change) and after maxAgeMs at the latest (staleness
// flags move with the clock). Only the Postgres engine's answers are cached: a Meilisearch index
// lags the database by design, so a generation bump could be followed by an old index answer.
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import { FACETS } from './query.js';

/** Reads the current generation from the database. */
export type GenerationReader = () => Promise<string>;

/**
 * Generation reads on their own small pool (`circles-cache` in pg_stat_activity), not the app's:
 * a hit must not wait for a connection behind searches that hold the app's pool (in the bench's
 * S1, hits waited a median 115-200 ms for their read on the app's pool, 27-47 ms on their own;
 * the rest is two cores busy with searches). A named statement is parsed and planned once per
 * connection.
 */
export function generationReader(pool: pg.Pool): GenerationReader {
  const query = {
    name: 'circles-cache-generation',
    text: 'SELECT generation::text AS generation FROM cache_generation',
  };
  return async () => (await pool.query<{ generation: string }>(query)).rows[0]?.generation ?? '0';
}

export interface ResultCacheOptions {
  /** Memory the cached answers may take; the least recently used go first. */
  maxBytes?: number;
  maxAgeMs?: number;
  /**
   * Least time between the starts of two generation reads. Under load, hits then share one read
   * per interval instead of one per round trip (about 13 requests a read at 11,000 req/s in the
   * bench); each waits for the next read, at most this long plus the read.
   */
  readIntervalMs?: number;
  /**
   * Generation reads that may be under way at once. With one, a request arriving just after a
   * read started waited for that read to end and then for a whole read of its own. Two let the
   * next read start on time (bench S6 warm 11,000-14,600 -> 14,700-18,000 req/s; three measured
   * no better).
   */
  maxReadsInFlight?: number;
  now?: () => number;
}

/** How long a value may be kept and how much memory it takes. */
export interface CachePolicy<T> {
  /** Epoch ms after which the value is out of date (null: no earlier limit than maxAgeMs). */
  expiresAt?: (value: T) => number | null;
  /** Bytes the value holds (for the memory budget). */
  bytes: (value: T) => number;
}

interface Entry {
  value: unknown;
  generation: string;
  expiresAt: number;
  bytes: number;
}

// 64 MB holds about 2,000 search pages of 20 groups (33 KB each) or 30,000 single groups: in our
// benchmark, the hot set of a widget-heavy day. Entries are bytes already serialized.
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

export class ResultCache {
  // lru-cache, not a Map re-inserted on every hit: V8's Map costs time proportional to its size
  // for a delete-then-set of the same key (14 µs per hit at 5,000 entries, measured in the bench).
  private readonly entries: LRUCache<string, Entry>;
  private readonly maxBytes: number;
  private readonly maxAgeMs: number;
  private readonly now: () => number;
  /** The latest generation read from the database. */
  private known: string | null = null;
  private readonly readIntervalMs: number;
  private readonly maxReadsInFlight: number;
  /** Generation reads under way. */
  private readonly reading = new Set<Promise<string>>();
  /** The read that starts next, shared by everyone who asks meanwhile. */
  private next: Promise<string> | null = null;
  /** Sequence numbers: of the last read started, and of the newest one whose answer is known. */
  private started = 0;
  private applied = 0;
  /** When the last generation read started (performance.now()). */
  private lastReadAt = Number.NEGATIVE_INFINITY;
  /** Computations under way, so that concurrent misses of one key compute it once. */
  private readonly computing = new Map<string, { generation: string; promise: Promise<unknown> }>();

  /** `readGeneration` null: the cache is off, every read computed. */
  constructor(
    private readonly readGeneration: GenerationReader | null,
    options: ResultCacheOptions = {},
  ) {
    this.maxBytes = options.maxBytes ?? DEFAULT_CACHE_BYTES;
    this.entries = new LRUCache<string, Entry>({
      maxSize: this.maxBytes,
      sizeCalculation: (entry) => Math.max(1, entry.bytes),
    });
    this.maxAgeMs = options.maxAgeMs ?? 60_000;
    this.readIntervalMs = options.readIntervalMs ?? 1;
    this.maxReadsInFlight = options.maxReadsInFlight ?? 2;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.readGeneration !== null;
  }

  get size(): number {
    return this.entries.size;
  }

  /** Bytes held by the cached values. */
  get usedBytes(): number {
    return this.entries.calculatedSize;
  }

  /**
   * The cached value for `key`, or `compute()`'s, cached until `policy.expiresAt(value)` or
   * maxAgeMs, whichever comes first. Errors are never cached.
   */
  async fetch<T>(
    key: string,
    compute: () => Promise<T>,
    policy: CachePolicy<T>,
  ): Promise<{ value: T; hit: boolean }> {
    if (!this.readGeneration) return { value: await compute(), hit: false };
    let generation: string;
    try {
      generation = await this.generation();
    } catch {
      // Can't tell whether the cache is current: answer from the source, which reports its own errors.
      return { value: await compute(), hit: false };
    }
    // get() also marks the entry most recently used: the least recently used go first.
    const entry = this.entries.get(key);
    if (entry && entry.generation === generation && entry.expiresAt > this.now()) {
      return { value: entry.value as T, hit: true };
    }
    // Drop an expired or superseded entry; keep one newer than this request's generation (reads can
    // finish out of order, and a request that got an older read's answer just doesn't use it).
    const expired = entry?.generation === generation;
    if (entry && (expired || entry.generation !== this.known)) this.entries.delete(key);
    // Join a computation of the same key started under the same generation: it began after every
    // write this request must see had committed (else the generation would differ).
    const shared = this.computing.get(key);
    if (shared && shared.generation === generation) return { value: (await shared.promise) as T, hit: false };
    const promise = compute();
    this.computing.set(key, { generation, promise });
    let value: T;
    try {
      value = await promise;
    } finally {
      if (this.computing.get(key)?.promise === promise) this.computing.delete(key);
    }
    // A newer generation seen meanwhile means this value may already be out of date: don't keep it.
    if (this.known === generation) {
      const limit = this.now() + this.maxAgeMs;
      const until = Math.min(limit, policy.expiresAt?.(value) ?? limit);
      const bytes = policy.bytes(value);
      if (until > this.now() && bytes <= this.maxBytes) {
        this.entries.set(key, { value, generation, expiresAt: until, bytes });
      }
    }
    return { value, hit: false };
  }

  clear(): void {
    this.entries.clear();
  }

  /**
   * The current generation, from a read that started after this call. Reads start at most once
   * per readIntervalMs, and at most maxReadsInFlight at a time; callers meanwhile share the next.
   */
  generation(): Promise<string> {
    if (this.next) return this.next;
    const wait = this.lastReadAt + this.readIntervalMs - performance.now();
    if (wait <= 0 && this.reading.size < this.maxReadsInFlight) return this.startRead();
    const next: Promise<string> = this.slot().then(() => {
      this.next = null;
      return this.startRead();
    });
    this.next = next;
    return next;
  }

  /** Resolves when a read may start: a free slot, and the interval since the last start passed. */
  private async slot(): Promise<void> {
    while (this.reading.size >= this.maxReadsInFlight) {
      await Promise.race([...this.reading].map((r) => r.catch(() => undefined)));
    }
    await pause(this.lastReadAt + this.readIntervalMs - performance.now());
  }

  private startRead(): Promise<string> {
    this.lastReadAt = performance.now();
    const read = this.read(++this.started).finally(() => this.reading.delete(read));
    this.reading.add(read);
    return read;
  }

  private async read(sequence: number): Promise<string> {
    const generation = await this.readGeneration!();
    // Reads may finish out of order: only a later-started read than the last applied one may
    // change what is known (an earlier one's answer is still right for its own callers).
    if (sequence > this.applied) {
      this.applied = sequence;
      if (generation !== this.known) {
        this.known = generation;
        this.clear();
      }
    }
    return generation;
  }
}

function pause(ms: number): Promise<void> | undefined {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : undefined;
}

/** The earliest of some ISO 8601 times (next meetings), in epoch ms, or null. */
export function earliest(times: (string | null | undefined)[]): number | null {
  let min: number | null = null;
  for (const t of times) {
    if (!t) continue;
    const ms = Date.parse(t);
    if (Number.isFinite(ms) && (min === null || ms < min)) min = ms;
  }
  return min;
}

// Parameters that take comma lists, whose order never changes the answer.
const LISTS = new Set<string>([...FACETS, 'facets']);

/**
 * A query string in a canonical form: parameters in name order, comma lists trimmed, deduplicated
 * and sorted (their order never changes the answer). Free text and places are kept as sent (but
 * trimmed): cursors are bound to them.
 */
export function normalizedQuery(query: Record<string, unknown>): string {
  const parts: [string, string][] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (raw === undefined || raw === null) continue;
    let value = String(raw).trim();
    if (LISTS.has(name)) {
      value = [...new Set(value.split(',').map((v) => v.trim()))].sort().join(',');
    }
    parts.push([name, value]);
  }
  parts.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return JSON.stringify(parts);
}

/**
 * normalizedQuery() of a route's validated query, remembered by the request's raw URL: building
 * the key was 5% of a cache hit's CPU (bench S8, the widget's first paint), and a popular URL
 * repeats. The validated query is a function of the URL (the route's schema coerces and fills in
 * defaults the same way every time), so the key is too. At most `max` URLs of up to 1 KB are kept
 * (forgotten all at once when full: a few MB at worst, and a flood of one-off URLs costs nothing
 * more than normalizing them would).
 */
export function queryKeys(max = 2_000): (url: string, query: Record<string, unknown>) => string {
  const keys = new Map<string, string>();
  return (url, query) => {
    let key = keys.get(url);
    if (key === undefined) {
      key = normalizedQuery(query);
      if (url.length <= 1024) {
        if (keys.size >= max) keys.clear();
        keys.set(url, key);
      }
    }
    return key;
  };
}
