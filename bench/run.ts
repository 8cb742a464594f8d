// npm run bench [-- --duration 5 --connections 32 --only S1,S8 --skip-build --skip-startup --cpu-prof
//                  --node-options=--max-old-space-size=512 --out file.json]
// Builds, prepares the bench database (100,000 groups), then measures Circles, its ceilings and a
// peer, one process at a time, and prints a Markdown table; figures go to bench/results/latest.json
// (bench/results/partial.json for a run with --only).
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../src/db/connect.js';
import { presetState, searchParams } from '../src/widget/state.js';
import { openBenchDatabase, openCanceller, prepareWriter, sampleGroupIds } from './lib/database.js';
import { type LoadResult, load, type RequestSpec } from './lib/load.js';
import {
  CIRCLES_PEER_QUERY,
  generateParams,
  POSTGRAPHILE_PEER_QUERY,
  S7_QUERY,
  s7Variables,
  toPath,
} from './lib/params.js';
import { type Child, type CpuPerRequest, countCpu, sampleRss, spawnServer } from './lib/processes.js';
import type { Rng } from './lib/random.js';
import { type CapturedRequest, type RawResult, replay, SqlCapture } from './lib/raw-sql.js';
import { type Row, renderMarkdown, TARGETS } from './lib/report.js';

const { values } = parseArgs({
  options: {
    // 4 s per scenario and 60 captured requests keep a full run under 5 minutes on this 2-core
    // machine, seeding included (on the seeded database: 7 s and 100 took 350 s; 6 s, 297-324 s;
    // 5 s, 284-302 s; 4 s, 291 s, then 228-234 s once what a run leaves in flight was cancelled
    // instead of waited for; from a fresh clone, 293 s). The turns behind the S6/S8 and GraphQL
    // targets keep their 2-second slices.
    duration: { type: 'string', default: '4' },
    warmup: { type: 'string', default: '1' },
    connections: { type: 'string', default: '32' },
    'list-size': { type: 'string', default: '2000' },
    capture: { type: 'string', default: '60' },
    seed: { type: 'string', default: '42' },
    only: { type: 'string' },
    'data-dir': { type: 'string', default: '.bench-data' },
    'skip-build': { type: 'boolean', default: false },
    'skip-startup': { type: 'boolean', default: false },
    // V8 CPU profiles of the Circles servers, written under bench/results/profiles/ when they stop.
    'cpu-prof': { type: 'boolean', default: false },
    // NODE_OPTIONS of the Circles servers; the default is the heap cap `npm start` and the
    // Dockerfile set (it keeps RSS under 400 MB). E.g. --node-options=--max-old-space-size=512.
    'node-options': { type: 'string' },
    // Default: bench/results/latest.json (the README's figures) for a full run; a run of some
    // scenarios (--only) writes bench/results/partial.json instead, so it never replaces them.
    out: { type: 'string' },
  },
  strict: true,
});
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const seed = Number(values.seed);
const only = values.only ? new Set(values.only.split(',').map((s) => s.trim().toUpperCase())) : null;
const wanted = (name: string) => !only || only.has(name);
const began = Date.now();
const say = (m: string) =>
  console.error(`[bench ${((Date.now() - began) / 1000).toFixed(0).padStart(3)}s] ${m}`);

const root = path.resolve(import.meta.dirname, '..');
process.chdir(root);

if (!values['skip-build']) {
  say('npm run build');
  const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const database = await openBenchDatabase(path.resolve(values['data-dir']), say);
const url = database.url;
const db = createDb({ connectionString: url, max: 2, applicationName: 'circles-bench' });
const writer = await prepareWriter(db);
const groupIds = await sampleGroupIds(db, 5000);
const pgVersion =
  (await sql<{ v: string }>`SELECT current_setting('server_version') AS v`.execute(db)).rows[0]?.v ?? '?';
const groupCount = (await sql<{ n: number }>`SELECT count(*)::int AS n FROM groups`.execute(db)).rows[0]?.n;
await db.destroy();
const canceller = await openCanceller(url);

const params = generateParams(seed, Number(values['list-size']));
const SEARCHES = ['S1', 'S2', 'S3', 'S4', 'S5'] as const;

// The exact statements of each search scenario, for the raw-SQL ceiling.
const captured: Partial<Record<(typeof SEARCHES)[number], CapturedRequest[]>> = {};
if (SEARCHES.some(wanted)) {
  const capture = new SqlCapture(url);
  for (const name of SEARCHES) {
    if (!wanted(name)) continue;
    // Two requests at a time, one per core (one by one took 20 s here).
    const wantedParams = params[name].slice(0, Number(values.capture));
    const list: CapturedRequest[] = new Array(wantedParams.length);
    let nextIndex = 0;
    const worker = async () => {
      for (let i = nextIndex++; i < wantedParams.length; i = nextIndex++) {
        list[i] = await capture.capture(wantedParams[i]!);
      }
    };
    await Promise.all([worker(), worker()]);
    captured[name] = list;
    const statements = list.reduce((n, r) => n + r.flat().length, 0) / list.length;
    say(`captured the SQL of ${list.length} ${name} requests (${statements.toFixed(1)} statements each)`);
  }
  await capture.close();
}

const rows: Row[] = [];

type Measurement = LoadResult & { rssMb: number | null; cpu: CpuPerRequest };
const results: Record<string, unknown> = {};

/** Picks the next request of a scenario. */
type NextRequest = (rng: Rng, context: Record<string, unknown>) => RequestSpec;

// The servers measured in turns (alternate()) get this much more warm-up first: after the usual
// second, PostGraphile answered 20-50% more in a second run than in its first.
const TURNS_WARMUP = 3;
async function warmUp(child: Child, next: NextRequest) {
  if (warmup > 0) await load({ url: child.url, connections, duration: TURNS_WARMUP, seed: seed + 2, next });
}

interface MeasureOptions {
  onResponse?: Parameters<typeof load>[0]['onResponse'];
  /** Called after the warm-up, right before the measured run. */
  beforeMeasure?: () => void;
  /** Seconds measured (default: --duration). */
  seconds?: number;
  /** Seconds of warm-up first (default: --warmup). */
  warmupSeconds?: number;
}

async function measure(
  child: Child,
  name: string,
  next: NextRequest,
  { onResponse, beforeMeasure, seconds = duration, warmupSeconds = warmup }: MeasureOptions = {},
): Promise<Measurement> {
  // Requests a run leaves behind (autocannon stops waiting, the server does not) must not slow the next.
  await child.settle();
  if (warmupSeconds > 0) {
    await load({
      url: child.url,
      connections,
      duration: warmupSeconds,
      seed: seed + 1,
      next,
      ...(onResponse ? { onResponse } : {}),
    });
    await child.settle();
  }
  beforeMeasure?.();
  const stopRss = sampleRss(child.proc.pid);
  const stopCpu = countCpu(child.proc.pid);
  const result = await load({
    url: child.url,
    connections,
    duration: seconds,
    seed,
    next,
    ...(onResponse ? { onResponse } : {}),
  });
  const rssMb = stopRss();
  const cpu = stopCpu(result.requests);
  const out = { ...result, rssMb, cpu };
  results[name] = out;
  say(
    `${name}: ${result.rps.toFixed(0)} req/s, p50 ${result.p50} ms, p99 ${result.p99} ms, errors ${result.errors}, non-2xx ${result.non2xx}, cache hits ${result.cacheHits}, peak RSS ${rssMb?.toFixed(0)} MB, CPU ms/request: server ${cpu.serverMs?.toFixed(2)}, database ${cpu.databaseMs?.toFixed(2)}`,
  );
  return out;
}

// The machine's speed drifts from minute to minute and from second to second (hello-world alone:
// 12,000-41,000 req/s on one day here; 14,700 then 24,200 req/s 15 s apart), so a ceiling or peer
// measured even a minute apart from Circles moves the ratio by as much as any change we measure.
// So a target's comparison is measured in turns: the ceiling, each compared scenario, the ceiling
// again, ... ROUNDS times, each slice 2 s (or a ROUNDS-th of --duration), and the ceiling once
// more at the end. Each round's ratio is to the mean of the two ceiling slices around it, seconds
// away; the table shows the median of the rounds' ratios and their range.
const ROUNDS = 3;

interface Side {
  child: Child;
  name: string;
  next: NextRequest;
}

async function alternate(
  ceiling: Side,
  compared: Side[],
): Promise<{ ceilings: Measurement[]; slices: Measurement[][] }> {
  // Half a second of warm-up per slice: the servers are warm already (warmUp() before the turns);
  // it lets the connections open and settle. A second per slice made a full run ~10 s longer.
  const slice = { seconds: Math.max(2, duration / ROUNDS), warmupSeconds: Math.min(warmup, 0.5) };
  const ceilings = [await measure(ceiling.child, `${ceiling.name} (1)`, ceiling.next, slice)];
  const slices: Measurement[][] = compared.map(() => []);
  for (let round = 1; round <= ROUNDS; round++) {
    for (const [i, side] of compared.entries()) {
      slices[i]!.push(await measure(side.child, `${side.name} (${round})`, side.next, slice));
    }
    ceilings.push(await measure(ceiling.child, `${ceiling.name} (${round + 1})`, ceiling.next, slice));
  }
  return { ceilings, slices };
}

/** Each round's rate over the mean of the ceiling slices before and after it. */
function ratiosAround(slices: Measurement[], ceilings: Measurement[]): number[] {
  return slices.map((m, round) => m.rps / ((ceilings[round]!.rps + ceilings[round + 1]!.rps) / 2));
}

/** Measurements of one server in slices, as one: mean rates and CPU, summed counts, worst p99. */
function combined(parts: Measurement[]): Measurement {
  const mean = (values: number[]) => values.reduce((a, b) => a + b, 0) / values.length;
  const meanOrNull = (values: (number | null)[]) =>
    values.some((v) => v === null) ? null : mean(values as number[]);
  const sum = (pick: (m: Measurement) => number) => parts.reduce((n, m) => n + pick(m), 0);
  return {
    requests: sum((m) => m.requests),
    rps: mean(parts.map((m) => m.rps)),
    p50: mean(parts.map((m) => m.p50)),
    p975: mean(parts.map((m) => m.p975)),
    p99: Math.max(...parts.map((m) => m.p99)),
    errors: sum((m) => m.errors),
    non2xx: sum((m) => m.non2xx),
    statuses: {},
    cacheHits: sum((m) => m.cacheHits),
    rssMb: Math.max(...parts.map((m) => m.rssMb ?? 0)) || null,
    cpu: {
      serverMs: meanOrNull(parts.map((m) => m.cpu.serverMs)),
      databaseMs: meanOrNull(parts.map((m) => m.cpu.databaseMs)),
    },
  };
}

async function startHello(answers: Partial<Record<'S6' | 'S8', Answer>> = {}): Promise<Child> {
  const bodyDir = mkdtempSync(path.join(os.tmpdir(), 'circles-bench-bodies-'));
  for (const [name, answer] of Object.entries(answers)) {
    writeFileSync(path.join(bodyDir, name), answer.body);
    writeFileSync(path.join(bodyDir, `${name}.headers.json`), JSON.stringify(answer.headers));
  }
  const child = await spawnServer({
    name: 'hello-world',
    args: ['--import', 'tsx', 'bench/hello.ts'],
    env: { BODY_DIR: bodyDir },
    readyPath: '/',
  });
  const stop = child.stop;
  return {
    ...child,
    stop: async () => {
      await stop();
      rmSync(bodyDir, { recursive: true, force: true });
    },
  };
}

const get = (p: string): RequestSpec => ({ path: p });
// What the widget's browser sends (Chromium's list): Circles as deployed answers it compressed,
// as a visitor's browser gets it. The comparisons of the API layer (cache off against raw SQL,
// GraphQL against PostGraphile, which does not compress) send no Accept-Encoding.
const BROWSER = { 'accept-encoding': 'gzip, deflate, br, zstd' };
const browserGet = (p: string): RequestSpec => ({ path: p, headers: BROWSER });
const graphql = (query: string, variables: Record<string, unknown>): RequestSpec => ({
  method: 'POST',
  path: '/graphql',
  body: JSON.stringify({ query, variables }),
});

function circlesEnv(cache: boolean): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DATABASE_URL: url,
    HOST: '127.0.0.1',
    // One client address sends everything: the per-client budget would answer 429 at once.
    CIRCLES_RATE_LIMIT: '1000000',
    CIRCLES_DEMO_DATA: 'false',
    CIRCLES_RESULT_CACHE: cache ? 'on' : 'off',
    LOG_LEVEL: 'warn',
    NODE_OPTIONS: values['node-options'] ?? '--max-old-space-size=320',
  };
}

async function startCircles(cache: boolean): Promise<Child> {
  const child = await spawnServer({
    name: cache ? 'circles' : 'circles (result cache off)',
    args: [
      ...(values['cpu-prof']
        ? ['--cpu-prof', `--cpu-prof-dir=${path.resolve('bench/results/profiles')}`]
        : []),
      'dist/src/server.js',
    ],
    env: circlesEnv(cache),
    readyPath: '/readyz',
    // The app's pool (src/db/connect.ts), not its freshness reads (circles-cache).
    cancelLeftovers: () => canceller.cancelAll('circles'),
  });
  say(`${child.name} ready in ${child.readyMs} ms (pid ${child.proc.pid})`);
  return child;
}

// ---- Circles as deployed (result cache on).
// S8 is what the widget's first paint sends for the README's embed example
// (`<circles-finder condition="depression" near="10001">`): built by the widget's own code, so the
// two cannot drift apart (ten groups and the facet counts for its chips), with the headers its
// cross-origin fetch carries.
const EMBED_EXAMPLE: Record<string, string> = { condition: 'depression', near: '10001' };
const S8_PATH = `/v1/groups?${searchParams(
  presetState((name) => EMBED_EXAMPLE[name] ?? null),
  null,
)}`;
const WIDGET = { ...BROWSER, accept: 'application/json', origin: 'https://harbor.example' };
/** An answer as Circles sent it: its bytes (compressed, as a browser gets them) and headers. */
interface Answer {
  body: Buffer;
  headers: Record<string, string>;
}
// What Node's HTTP server writes for any server, the hello-world included: not copied.
const SERVER_HEADERS = new Set(['date', 'connection', 'keep-alive', 'content-length', 'transfer-encoding']);
// One answer of S6 and S8 each: the hello-world ceiling then sends the same answer, bytes and
// headers. Read with node:http, which (unlike fetch) does not decompress.
const answers: Partial<Record<'S6' | 'S8', Answer>> = {};
const answerOf = (child: Child, p: string, headers: Record<string, string> = BROWSER) =>
  new Promise<Answer>((resolve, reject) => {
    http
      .get(child.url + p, { headers }, (res) => {
        const chunks: Buffer[] = [];
        const own: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (!SERVER_HEADERS.has(name) && value !== undefined) own[name] = String(value);
        }
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ body: Buffer.concat(chunks), headers: own }));
      })
      .on('error', reject);
  });
const circles: Record<string, Measurement> = {};
let s9: Record<string, number> | null = null;
let hello: Measurement | null = null;
/** Each round's ratio of S6 warm and of S8 to the hello-world slices around it. */
const helloRatios: Partial<Record<'S6' | 'S8', number[]>> = {};
/** The same, to the hello-world sending S6's or S8's own answer (bytes and headers), right after each round. */
const sizedRatios: Partial<Record<'S6' | 'S8', number[]>> = {};
const helloSized: Partial<Record<'S6' | 'S8', Measurement>> = {};
const described = ({ body, headers }: Answer) =>
  `${Math.round(body.length / 1024)} KB and ${Object.keys(headers).length} headers`;
if (['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'].some(wanted)) {
  const child = await startCircles(true);
  results.circlesReadyMs = child.readyMs;
  for (const name of SEARCHES) {
    if (wanted(name))
      circles[name] = await measure(child, name, (r) =>
        browserGet(toPath('/v1/groups', r.pick(params[name]))),
      );
  }
  const s6 = (r: Rng) => browserGet(`/v1/groups/${r.pick(groupIds)}`);
  if (wanted('S6')) {
    // Cold: the first read of each of the 5,000 groups is a miss (a statement), as after a deploy.
    circles.S6 = await measure(child, 'S6', s6);
    // Warm: each group read once before, the steady state of a set of popular groups.
    let next = 0;
    const readAll = async () => {
      while (next < groupIds.length) await answerOf(child, `/v1/groups/${groupIds[next++]}`);
    };
    await Promise.all(Array.from({ length: connections }, readAll));
  }
  if (wanted('S6')) answers.S6 = await answerOf(child, `/v1/groups/${groupIds[0]}`);
  if (wanted('S8')) {
    // Twice: the second is the hit every S8 request gets, with its headers.
    await answerOf(child, S8_PATH, WIDGET);
    answers.S8 = await answerOf(child, S8_PATH, WIDGET);
    results.S8path = S8_PATH;
  }
  if (wanted('S6') || wanted('S8')) {
    // The HTTP ceilings, up beside Circles and measured in turns with S6 warm and S8 (see
    // alternate()): the 17-byte hello-world, and hello-world sending S6's and S8's own answers
    // (bytes and headers).
    const helloChild = await startHello(answers);
    // Per answer measured: Circles serving it, then hello-world sending it, in each round.
    const pairs = (['S6', 'S8'] as const).flatMap((key) => {
      const answer = answers[key];
      if (!answer) return [];
      const circlesSide: Side = {
        child,
        name: key === 'S6' ? 'S6 warm' : 'S8',
        next: key === 'S6' ? s6 : () => ({ path: S8_PATH, headers: WIDGET }),
      };
      const sizedSide: Side = {
        child: helloChild,
        name: `hello-world sending ${key}'s answer (${described(answer)})`,
        next: () => get(`/body/${key}`),
      };
      return [{ key, circlesSide, sizedSide }];
    });
    const paths = ['/', ...pairs.map((p) => `/body/${p.key}`)];
    await warmUp(helloChild, (r) => get(r.pick(paths)));
    // Circles too, when it has not just served S6 (cold, then every group once), which warms the
    // same hit path: in runs of S8 alone its first round had come out at half the speed of the others.
    if (!wanted('S6')) for (const { circlesSide } of pairs) await warmUp(circlesSide.child, circlesSide.next);
    const turns = await alternate(
      { child: helloChild, name: 'hello-world', next: () => get('/') },
      pairs.flatMap((p) => [p.circlesSide, p.sizedSide]),
    );
    hello = combined(turns.ceilings);
    results['hello-world'] = hello;
    for (const [i, { key, circlesSide, sizedSide }] of pairs.entries()) {
      const slices = turns.slices[2 * i]!;
      const sizedSlices = turns.slices[2 * i + 1]!;
      const served = combined(slices);
      circles[key === 'S6' ? 'S6warm' : 'S8'] = served;
      helloSized[key] = combined(sizedSlices);
      results[circlesSide.name] = served;
      results[sizedSide.name] = helloSized[key];
      helloRatios[key] = ratiosAround(slices, turns.ceilings);
      // The sized hello-world's slice follows Circles' in the same round, seconds apart.
      sizedRatios[key] = slices.map((m, round) => m.rps / sizedSlices[round]!.rps);
    }
    await helloChild.stop();
  }
  if (wanted('S7'))
    circles.S7 = await measure(child, 'S7', (r) => ({
      ...graphql(S7_QUERY, s7Variables(r.pick(params.S5))),
      headers: BROWSER,
    }));
  if (wanted('S9')) {
    const state = writer.groups.map((g) => ({ ...g, busy: false, refresh: false }));
    const counts = { reads: 0, patches: 0, patched: 0, conflicts: 0, refreshes: 0, otherWriteStatus: 0 };
    let edits = 0;
    const auth = { authorization: `Bearer ${writer.key}` };
    const next: NextRequest = (r, context) => {
      if (r.chance(0.1)) {
        const start = r.int(state.length);
        for (let i = 0; i < state.length; i++) {
          const index = (start + i) % state.length;
          const g = state[index]!;
          if (g.busy) continue;
          g.busy = true;
          context.group = index;
          if (g.refresh) {
            // After a 412: read the current ETag before trying again (counted as a retry).
            context.kind = 'refresh';
            return { path: `/v1/groups/${g.id}`, headers: auth };
          }
          context.kind = 'patch';
          edits++;
          return {
            method: 'PATCH',
            path: `/v1/groups/${g.id}`,
            headers: { ...auth, 'if-match': `"${g.version}"` },
            body: JSON.stringify({
              description: `A peer circle for adults, edited by the benchmark (edit ${edits}).`,
            }),
          };
        }
      }
      context.kind = 'read';
      return browserGet(toPath('/v1/groups', r.pick(params.S5)));
    };
    const onResponse = (
      status: number,
      _body: string,
      context: Record<string, unknown>,
      headers: Record<string, string>,
    ) => {
      if (context.kind === 'read') {
        counts.reads++;
        return;
      }
      const g = state[context.group as number]!;
      g.busy = false;
      const version = Number(/"(\d+)"/.exec(headers.etag ?? '')?.[1]);
      if (context.kind === 'refresh') {
        counts.refreshes++;
        if (Number.isFinite(version)) g.version = version;
        g.refresh = false;
        return;
      }
      counts.patches++;
      if (status === 200 && Number.isFinite(version)) {
        counts.patched++;
        g.version = version;
      } else if (status === 412) {
        counts.conflicts++;
        g.refresh = true;
      } else {
        counts.otherWriteStatus++;
      }
    };
    circles.S9 = await measure(child, 'S9', next, {
      onResponse,
      beforeMeasure: () => {
        for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
        // Requests the warmup left unanswered: their groups are free again (a stale ETag answers 412).
        for (const g of state) g.busy = false;
      },
    });
    s9 = counts;
    results.S9writes = counts;
    say(`S9 writes: ${JSON.stringify(counts)}`);
  }
  await child.stop();
}

// ---- Circles without the result cache: the API layer over the same SQL, and the peer query.
const uncached: Record<string, Measurement> = {};
let peer: Measurement | null = null;
let peerRatios: number[] | null = null;
if ([...SEARCHES, 'PEER'].some(wanted)) {
  const child = await startCircles(false);
  for (const name of SEARCHES) {
    if (wanted(name))
      uncached[name] = await measure(child, `${name} (cache off)`, (r) =>
        get(toPath('/v1/groups', r.pick(params[name]))),
      );
  }
  if (wanted('PEER')) {
    // The peer, up beside Circles: measured right before and right after it.
    const postgraphile = await spawnServer({
      name: 'postgraphile',
      args: ['--import', 'tsx', 'bench/postgraphile.ts'],
      env: { DATABASE_URL: url },
      readyPath: '/ready',
      cancelLeftovers: () => canceller.cancelAll('postgraphile'),
    });
    const peerQuery = (r: Rng) => {
      const p = r.pick(params.peer);
      return graphql(POSTGRAPHILE_PEER_QUERY, { conditions: [p.condition], attendance: p.attendance });
    };
    const circlesQuery = (r: Rng) => {
      const p = r.pick(params.peer);
      return graphql(CIRCLES_PEER_QUERY, {
        condition: [p.condition],
        attendance: [p.attendance.toUpperCase()],
      });
    };
    await warmUp(postgraphile, peerQuery);
    await warmUp(child, circlesQuery);
    const turns = await alternate(
      { child: postgraphile, name: 'peer query, PostGraphile 4', next: peerQuery },
      [{ child, name: 'peer query, Circles GraphQL (cache off)', next: circlesQuery }],
    );
    peer = combined(turns.ceilings);
    uncached.PEER = combined(turns.slices[0]!);
    peerRatios = ratiosAround(turns.slices[0]!, turns.ceilings);
    results['peer query, PostGraphile 4'] = peer;
    results['peer query, Circles GraphQL (cache off)'] = uncached.PEER;
    await postgraphile.stop();
  }
  await child.stop();
}

// ---- The database ceiling: the same statements through pg, no server running.
const raw: Record<string, RawResult & { cpu: CpuPerRequest }> = {};
for (const name of SEARCHES) {
  const list = captured[name];
  if (!list) continue;
  if (warmup > 0)
    await replay(url, list, { connections, duration: warmup, seed: seed + 1, poolSize: 10, canceller });
  // The "server" here is this process, sending the statements through pg.
  const stopCpu = countCpu(process.pid);
  const replayed = await replay(url, list, { connections, duration, seed, poolSize: 10, canceller });
  raw[name] = { ...replayed, cpu: stopCpu(replayed.requests) };
  results[`${name} raw SQL`] = raw[name];
  say(
    `${name} raw SQL: ${raw[name].rps.toFixed(0)} req/s, p50 ${raw[name].p50.toFixed(1)} ms, p99 ${raw[name].p99.toFixed(1)} ms`,
  );
}

await canceller.close();
await database.stop();

// ---- npm start on the demo data: a fresh data directory (initdb, migrations, demo), then again.
const startup: { freshMs?: number; warmMs?: number } = {};
if (!values['skip-startup'] && !only) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'circles-bench-start-'));
  // The embedded server runs initdb as its own user, which must be able to enter the directory.
  chmodSync(dir, 0o755);
  try {
    for (const kind of ['freshMs', 'warmMs'] as const) {
      const child = await spawnServer({
        name: 'circles on the demo data',
        args: ['dist/src/server.js'],
        env: { HOST: '127.0.0.1', CIRCLES_DATA_DIR: dir, LOG_LEVEL: 'warn' },
        readyPath: '/readyz',
        timeoutMs: 120_000,
      });
      startup[kind] = child.readyMs;
      await child.stop();
    }
    say(`npm start to ready on the demo data: fresh ${startup.freshMs} ms, again ${startup.warmMs} ms`);
  } catch (error) {
    say(`could not time the start on the demo data: ${(error as Error).message.split('\n')[0]}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- Report.
for (const name of ['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'] as const) {
  const c = circles[name];
  if (!c) continue;
  const served = name === 'S6' || name === 'S8' ? name : null;
  const ratios = served ? helloRatios[served] : undefined;
  const ceiling = ratios && hello ? { label: 'hello-world', rps: hello.rps, ratios } : null;
  // S6's target is judged warm (every group read once before); the cold run is shown above it,
  // against the mean of the hello-world slices.
  const warm = name === 'S6' ? circles.S6warm : undefined;
  rows.push({
    name: warm ? 'S6 cold' : name,
    result: c,
    ...(warm ? {} : { target: TARGETS[name] }),
    ...(ceiling ? { ceiling: warm ? { label: ceiling.label, rps: ceiling.rps } : ceiling } : {}),
  });
  if (warm) rows.push({ name: 'S6 warm', result: warm, target: TARGETS.S6, ...(ceiling ? { ceiling } : {}) });
  const sized = served ? helloSized[served] : undefined;
  const answer = served ? answers[served] : undefined;
  const sizedList = served ? sizedRatios[served] : undefined;
  if (sized && answer && sizedList)
    rows.push({
      name: `${name} vs the same answer`,
      result: warm ?? c,
      ceiling: { label: `hello-world sending its ${described(answer)}`, rps: sized.rps, ratios: sizedList },
    });
  if ((SEARCHES as readonly string[]).includes(name)) {
    const u = uncached[name];
    const r = raw[name as (typeof SEARCHES)[number]];
    if (u)
      rows.push({
        name: `${name} cache off`,
        result: u,
        target: TARGETS.api,
        ...(r ? { ceiling: { label: 'raw SQL', rps: r.rps } } : {}),
      });
    if (r) rows.push({ name: `${name} raw SQL`, result: { ...r, non2xx: 0, cacheHits: 0, rssMb: null } });
  }
}
if (hello)
  rows.push({
    name: `hello-world (in turns with S6 warm and S8, ${ROUNDS + 1} slices)`,
    result: hello,
  });
for (const [name, sized] of Object.entries(helloSized)) {
  const answer = answers[name as 'S6' | 'S8'];
  if (answer)
    rows.push({
      name: `hello-world sending ${name}'s answer (${described(answer)})`,
      // Its copied x-result-cache header says hit: it is no cache.
      result: { ...sized, cacheHits: 0, rssMb: null },
    });
}
if (uncached.PEER) {
  rows.push({
    name: 'peer: Circles GraphQL',
    result: uncached.PEER,
    target: TARGETS.peer,
    ...(peer && peerRatios ? { ceiling: { label: 'PostGraphile', rps: peer.rps, ratios: peerRatios } } : {}),
  });
}
if (peer)
  rows.push({
    name: `peer: PostGraphile 4 (in turns with Circles, ${ROUNDS + 1} slices)`,
    result: peer,
  });

const machine = {
  cpus: os.cpus().length,
  cpu: os.cpus()[0]?.model ?? '?',
  memoryGb: Math.round(os.totalmem() / 2 ** 30),
  node: process.version,
  postgres: pgVersion,
  loadavg: os.loadavg().map((n) => Math.round(n * 100) / 100),
};
const report = {
  date: new Date().toISOString(),
  machine,
  settings: {
    duration,
    warmup,
    connections,
    seed,
    groups: groupCount,
    listSize: Number(values['list-size']),
  },
  seededSeconds: database.seededSeconds,
  startup,
  s9,
  rows,
  results,
  totalSeconds: Math.round((Date.now() - began) / 1000),
};
const out = values.out ?? (only ? 'bench/results/partial.json' : 'bench/results/latest.json');
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
console.log(renderMarkdown(report));
say(`done in ${report.totalSeconds} s; figures in ${out}`);
