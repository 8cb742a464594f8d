// npm run bench [-- --duration 6 --connections 32 --only S1,S8 --skip-build --skip-startup --cpu-prof
//                  --node-options=--max-old-space-size=512]
// Builds, prepares the bench database (100,000 groups), then measures Circles, its ceilings and a
// peer, one process at a time, and prints a Markdown table; figures go to bench/results/latest.json.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { createDb } from '../src/db/connect.js';
import { openBenchDatabase, prepareWriter, sampleGroupIds } from './lib/database.js';
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
    // 6 s per scenario and 60 captured requests keep a full run under 5 minutes on a slow day of
    // this 2-core machine (7 s, 100 and a 3 s bracket warm-up took 412 s with seeding, 350 without).
    duration: { type: 'string', default: '6' },
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
    out: { type: 'string', default: 'bench/results/latest.json' },
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

const params = generateParams(seed, Number(values['list-size']));
const SEARCHES = ['S1', 'S2', 'S3', 'S4', 'S5'] as const;

// The exact statements of each search scenario, for the raw-SQL ceiling.
const captured: Partial<Record<(typeof SEARCHES)[number], CapturedRequest[]>> = {};
if (SEARCHES.some(wanted)) {
  const capture = new SqlCapture(url);
  for (const name of SEARCHES) {
    if (!wanted(name)) continue;
    const list: CapturedRequest[] = [];
    for (const p of params[name].slice(0, Number(values.capture))) list.push(await capture.capture(p));
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

// A server measured twice (a bracketed ceiling or peer), what it is compared with, and the
// hello-worlds sending S6's and S8's bytes get this much more warm-up first: after the usual
// second, PostGraphile answered 20-50% more in its second run than in its first, which made the
// mean of the two favour Circles.
const BRACKET_WARMUP = 3;
async function warmUp(child: Child, next: NextRequest) {
  if (warmup > 0) await load({ url: child.url, connections, duration: BRACKET_WARMUP, seed: seed + 2, next });
}

async function measure(
  child: Child,
  name: string,
  next: NextRequest,
  onResponse?: Parameters<typeof load>[0]['onResponse'],
  beforeMeasure?: () => void,
): Promise<Measurement> {
  // Requests a run leaves behind (autocannon stops waiting, the server does not) must not slow the next.
  await child.settle();
  if (warmup > 0) {
    await load({
      url: child.url,
      connections,
      duration: warmup,
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
    duration,
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

// The machine's speed drifts from minute to minute (hello-world 21,000-38,000 req/s in one hour
// here), so a ceiling or peer measured minutes apart from Circles would move the ratio by as much.
// Each one that a target compares with is measured twice, right before and right after Circles,
// and the mean of the two is the figure.
function bracketed(before: Measurement, after: Measurement): Measurement {
  const mean = (a: number, b: number) => (a + b) / 2;
  const meanOrNull = (a: number | null, b: number | null) => (a === null || b === null ? null : mean(a, b));
  return {
    requests: before.requests + after.requests,
    rps: mean(before.rps, after.rps),
    p50: mean(before.p50, after.p50),
    p975: mean(before.p975, after.p975),
    p99: Math.max(before.p99, after.p99),
    errors: before.errors + after.errors,
    non2xx: before.non2xx + after.non2xx,
    statuses: {},
    cacheHits: before.cacheHits + after.cacheHits,
    rssMb: Math.max(before.rssMb ?? 0, after.rssMb ?? 0) || null,
    cpu: {
      serverMs: meanOrNull(before.cpu.serverMs, after.cpu.serverMs),
      databaseMs: meanOrNull(before.cpu.databaseMs, after.cpu.databaseMs),
    },
  };
}

async function startHello(bodies: Partial<Record<'S6' | 'S8', Buffer>> = {}): Promise<Child> {
  const bodyDir = mkdtempSync(path.join(os.tmpdir(), 'circles-bench-bodies-'));
  for (const [name, body] of Object.entries(bodies)) writeFileSync(path.join(bodyDir, name), body);
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
  });
  say(`${child.name} ready in ${child.readyMs} ms (pid ${child.proc.pid})`);
  return child;
}

// ---- Circles as deployed (result cache on).
const S8_PATH = '/v1/groups?condition=depression&near=10001&radius=25mi';
// One answer of S6 and S8 each, as Circles sent it to a browser (compressed): the hello-world
// ceiling then sends the same bytes. Read with node:http, which (unlike fetch) does not decompress.
const bodies: Partial<Record<'S6' | 'S8', Buffer>> = {};
const bodyOf = (child: Child, p: string) =>
  new Promise<Buffer>((resolve, reject) => {
    http
      .get(child.url + p, { headers: BROWSER }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve(Buffer.concat(chunks)));
      })
      .on('error', reject);
  });
const circles: Record<string, Measurement> = {};
let s9: Record<string, number> | null = null;
let hello: Measurement | null = null;
if (['S1', 'S2', 'S3', 'S4', 'S5', 'S6', 'S7', 'S8', 'S9'].some(wanted)) {
  const child = await startCircles(true);
  results.circlesReadyMs = child.readyMs;
  // The HTTP ceiling, up beside Circles: measured right before S6 warm and right after S8.
  const helloChild = wanted('S6') || wanted('S8') ? await startHello() : null;
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
      while (next < groupIds.length) await bodyOf(child, `/v1/groups/${groupIds[next++]}`);
    };
    await Promise.all(Array.from({ length: connections }, readAll));
  }
  if (helloChild) await warmUp(helloChild, () => get('/'));
  const helloBefore = helloChild ? await measure(helloChild, 'hello-world (before)', () => get('/')) : null;
  if (wanted('S6')) {
    circles.S6warm = await measure(child, 'S6 warm', s6);
    bodies.S6 = await bodyOf(child, `/v1/groups/${groupIds[0]}`);
  }
  if (wanted('S8')) {
    circles.S8 = await measure(child, 'S8', () => browserGet(S8_PATH));
    bodies.S8 = await bodyOf(child, S8_PATH);
  }
  if (helloChild && helloBefore) {
    const helloAfter = await measure(helloChild, 'hello-world (after)', () => get('/'));
    hello = bracketed(helloBefore, helloAfter);
    results['hello-world'] = hello;
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
    circles.S9 = await measure(child, 'S9', next, onResponse, () => {
      for (const key of Object.keys(counts) as (keyof typeof counts)[]) counts[key] = 0;
      // Requests the warmup left unanswered: their groups are free again (a stale ETag answers 412).
      for (const g of state) g.busy = false;
    });
    s9 = counts;
    results.S9writes = counts;
    say(`S9 writes: ${JSON.stringify(counts)}`);
  }
  await child.stop();
}

// ---- The HTTP ceilings for S6's and S8's own answers: hello-world sending the same bytes.
const helloSized: Partial<Record<'S6' | 'S8', Measurement>> = {};
const kb = (body: Buffer) => `${Math.round(body.length / 1024)} KB`;
if (Object.keys(bodies).length > 0) {
  const child = await startHello(bodies);
  for (const [name, body] of Object.entries(bodies) as ['S6' | 'S8', Buffer][]) {
    // Warmed as long as the 17-byte one, which they stand beside in the table.
    await warmUp(child, () => get(`/body/${name}`));
    helloSized[name] = await measure(child, `hello-world sending ${name}'s ${kb(body)}`, () =>
      get(`/body/${name}`),
    );
  }
  await child.stop();
}

// ---- Circles without the result cache: the API layer over the same SQL, and the peer query.
const uncached: Record<string, Measurement> = {};
let peer: Measurement | null = null;
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
    const before = await measure(postgraphile, 'peer query, PostGraphile 4 (before)', peerQuery);
    uncached.PEER = await measure(child, 'peer query, Circles GraphQL (cache off)', circlesQuery);
    const after = await measure(postgraphile, 'peer query, PostGraphile 4 (after)', peerQuery);
    peer = bracketed(before, after);
    results['peer query, PostGraphile 4'] = peer;
    await postgraphile.stop();
  }
  await child.stop();
}

// ---- The database ceiling: the same statements through pg, no server running.
const raw: Record<string, RawResult & { cpu: CpuPerRequest }> = {};
for (const name of SEARCHES) {
  const list = captured[name];
  if (!list) continue;
  if (warmup > 0) await replay(url, list, { connections, duration: warmup, seed: seed + 1, poolSize: 10 });
  // The "server" here is this process, sending the statements through pg.
  const stopCpu = countCpu(process.pid);
  const replayed = await replay(url, list, { connections, duration, seed, poolSize: 10 });
  raw[name] = { ...replayed, cpu: stopCpu(replayed.requests) };
  results[`${name} raw SQL`] = raw[name];
  say(
    `${name} raw SQL: ${raw[name].rps.toFixed(0)} req/s, p50 ${raw[name].p50.toFixed(1)} ms, p99 ${raw[name].p99.toFixed(1)} ms`,
  );
}

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
  const ceiling = (name === 'S6' || name === 'S8') && hello ? { label: 'hello-world', rps: hello.rps } : null;
  // S6's target is judged warm (every group read once before); the cold run is shown above it.
  const warm = name === 'S6' ? circles.S6warm : undefined;
  rows.push({
    name: warm ? 'S6 cold' : name,
    result: c,
    ...(warm ? {} : { target: TARGETS[name] }),
    ...(ceiling ? { ceiling } : {}),
  });
  if (warm) rows.push({ name: 'S6 warm', result: warm, target: TARGETS.S6, ...(ceiling ? { ceiling } : {}) });
  const sized = name === 'S6' || name === 'S8' ? helloSized[name] : undefined;
  const body = name === 'S6' || name === 'S8' ? bodies[name] : undefined;
  if (sized && body)
    rows.push({
      name: `${name} vs the same bytes`,
      result: warm ?? c,
      ceiling: { label: `hello-world sending ${kb(body)}`, rps: sized.rps },
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
    name: 'hello-world (mean of the runs before S6 warm and after S8)',
    result: hello,
  });
for (const [name, sized] of Object.entries(helloSized)) {
  const body = bodies[name as 'S6' | 'S8'];
  if (body)
    rows.push({ name: `hello-world sending ${name}'s ${kb(body)}`, result: { ...sized, rssMb: null } });
}
if (uncached.PEER) {
  rows.push({
    name: 'peer: Circles GraphQL',
    result: uncached.PEER,
    target: TARGETS.peer,
    ...(peer ? { ceiling: { label: 'PostGraphile', rps: peer.rps } } : {}),
  });
}
if (peer)
  rows.push({
    name: 'peer: PostGraphile 4 (mean of the runs before and after Circles)',
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
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
console.log(renderMarkdown(report));
say(`done in ${report.totalSeconds} s; figures in ${values.out}`);
