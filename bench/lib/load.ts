// autocannon, driven for a fixed time at a fixed number of connections, each request drawn from a
// pregenerated list by a seeded generator.
import autocannon from 'autocannon';
import { Rng } from './random.js';

export interface RequestSpec {
  method?: 'GET' | 'POST' | 'PATCH';
  path: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface LoadResult {
  requests: number;
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
  statuses: Record<string, number>;
  /** Responses that said `x-result-cache: hit`. */
  cacheHits: number;
}

export interface LoadOptions {
  url: string;
  connections: number;
  duration: number;
  seed: number;
  /** Picks the next request; called once per request. */
  next: (rng: Rng, context: Record<string, unknown>) => RequestSpec;
  /** Sees every response (status, body, headers) with the context its request was built in. */
  onResponse?: (
    status: number,
    body: string,
    context: Record<string, unknown>,
    headers: Record<string, string>,
  ) => void;
}

export async function load(options: LoadOptions): Promise<LoadResult> {
  const rng = new Rng(options.seed);
  const statuses: Record<string, number> = {};
  let cacheHits = 0;
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: options.duration,
    timeout: 10,
    requests: [
      {
        setupRequest: (_req: unknown, context: Record<string, unknown>) => {
          const spec = options.next(rng, context);
          return {
            method: spec.method ?? 'GET',
            path: spec.path,
            headers: spec.body
              ? { 'content-type': 'application/json', ...spec.headers }
              : (spec.headers ?? {}),
            ...(spec.body ? { body: spec.body } : {}),
          };
        },
        onResponse: (
          status: number,
          body: string,
          context: Record<string, unknown>,
          headers: Record<string, string>,
        ) => {
          statuses[status] = (statuses[status] ?? 0) + 1;
          if (headers['x-result-cache'] === 'hit') cacheHits++;
          options.onResponse?.(status, body, context, headers);
        },
      },
    ],
  } as autocannon.Options);
  return {
    requests: result.requests.total,
    rps: result.requests.average,
    p50: result.latency.p50,
    p975: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    statuses,
    cacheHits,
  };
}

/** Latency percentile (ms) of a sorted list. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}
