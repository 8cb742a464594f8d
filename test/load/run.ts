// `npm run test:load`: the production build under a mixed load, then a soak, with figures.
//
//   load  N s (default 60) of 90% reads across realistic searches and 10% creates, each with its
//         own Idempotency-Key. Pass: no errors, no non-2xx, and one group row per write (writes
//         still in flight when the clock stops are retried with their key, as a client would).
//   soak  N s (default 300) at a moderate fixed rate. Server RSS (/proc/<pid>/status) and the app's
//         Postgres sessions (pg_stat_activity) are sampled every 10 s. Pass: RSS grows less than
//         10% from minute 1 to the end, and the session count stays flat (never above the pool).
//   Then SIGTERM: the server must exit 0 (graceful shutdown).
//
// Flags: --load-seconds 60 --soak-seconds 300 --connections 16 --soak-rate 100 --no-build.
// DATABASE_URL set: a fresh database on that server (dropped after); unset: an embedded PostgreSQL.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmod, mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { sql } from 'kysely';
import pg from 'pg';
import { createDb, type Db } from '../../src/db/connect.js';
import { type EmbeddedServer, freePort, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { KeysService } from '../../src/modules/keys/keys.service.js';
import { insertOrganizations } from '../../src/modules/organizations/organizations.repository.js';

const { values: flags } = parseArgs({
  options: {
    'load-seconds': { type: 'string', default: '60' },
    'soak-seconds': { type: 'string', default: '300' },
    connections: { type: 'string', default: '16' },
    'soak-rate': { type: 'string', default: '100' },
    'sample-seconds': { type: 'string', default: '10' },
    'no-build': { type: 'boolean', default: false },
  },
  strict: true,
});
const num = (name: keyof typeof flags) => {
  const value = Number(flags[name]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number`);
  return value;
};
const LOAD_S = num('load-seconds');
const SOAK_S = num('soak-seconds');
const CONNECTIONS = num('connections');
const SOAK_RATE = num('soak-rate');
const SAMPLE_S = num('sample-seconds');
const POOL = 10;
const APP = 'circles';

const failures: string[] = [];
function check(ok: boolean, what: string) {
  console.log(`${ok ? 'ok    ' : 'FAILED'} ${what}`);
  if (!ok) failures.push(what);
}
function table(title: string, rows: (string | number)[][]) {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  console.log(`\n${title}`);
  rows.forEach((row, n) => {
    console.log(`  ${row.map((c, i) => String(c).padStart(widths[i]!)).join('  ')}`);
    if (n === 0) console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  });
}
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------- database and server ----------

let embedded: EmbeddedServer | null = null;
let tempDir: string | null = null;
let adminUrl = process.env.DATABASE_URL ?? null;
let databaseUrl: string;
const loadDb = `circles_load_${Date.now().toString(36)}`;
let server: ChildProcess | null = null;

async function cleanup() {
  if (server && server.exitCode === null) server.kill('SIGKILL');
  if (adminUrl && !embedded) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${loadDb} WITH (FORCE)`).catch(() => {});
    await client.end();
  }
  await embedded?.stop();
  if (tempDir) await rm(tempDir, { recursive: true, force: true });
}

async function prepare(): Promise<void> {
  if (!flags['no-build']) {
    console.log('# building (npm run build)');
    const build = spawnSync('npm', ['run', 'build', '--silent'], { stdio: 'inherit' });
    if (build.status !== 0) throw new Error('build failed');
  }
  if (adminUrl) {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    await client.query(`CREATE DATABASE ${loadDb}`);
    await client.end();
    const u = new URL(adminUrl);
    u.pathname = `/${loadDb}`;
    databaseUrl = u.toString();
    console.log(`# database: ${loadDb} on ${u.host} (DATABASE_URL)`);
  } else {
    tempDir = await mkdtemp(path.join(os.tmpdir(), 'circles-load-pg-'));
    await chmod(tempDir, 0o755); // as root, the server's own user must enter here
    embedded = await startEmbeddedPostgres({ dataDir: path.join(tempDir, 'data'), persistent: false });
    databaseUrl = embedded.url();
    adminUrl = embedded.url('postgres');
    console.log('# database: embedded PostgreSQL');
  }
}

async function startServer(port: number): Promise<ChildProcess> {
  // With the heap cap `npm start` and the Docker image use, so RSS is measured as deployed.
  const child = spawn(process.execPath, ['--max-old-space-size=320', 'dist/src/server.js'], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      DATABASE_URL: databaseUrl,
      CIRCLES_DEMO_DATA: 'true',
      CIRCLES_DB_POOL_SIZE: String(POOL),
      // The load comes from one address: the budget must not be what is measured.
      CIRCLES_RATE_LIMIT: '1000000',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (c: Buffer) => {
    output += c.toString();
  });
  child.stderr?.on('data', (c: Buffer) => {
    output += c.toString();
    process.stderr.write(c);
  });
  const started = Date.now();
  while (!/ready on/.test(output)) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output}`);
    if (Date.now() - started > 180_000) throw new Error(`server did not start: ${output}`);
    await sleep(100);
  }
  console.log(`# server pid ${child.pid} ready in ${Date.now() - started} ms (demo directory loaded)`);
  return child;
}

// ---------- traffic ----------

const SEARCHES = [
  'condition=depression&near=10001&radius=25mi',
  'condition=anxiety,depression&affinity=women',
  'q=bipolr&attendance=online',
  'q=trauma',
  'q=grief&near=London',
  'near=Austin,%20TX&radius=10mi&facets=condition,affinity,day',
  'condition=ptsd&day=tue,thu&time_of_day=evening',
  'attendance=online&language=es&sort=next_meeting',
  'facets=condition,attendance,cost&limit=50',
  'near=Manchester,%20UK&radius=40km&attendance=in_person,hybrid',
  'condition=alcohol&cost=free&sort=updated&limit=10',
  'q=anx&facets=day,time_of_day',
  'near=94103&radius=50mi&condition=bipolar',
  'age=19&affinity=lgbtq',
  '',
];

async function readPaths(base: string): Promise<string[]> {
  const res = await fetch(`${base}/v1/groups?limit=100`);
  const body = (await res.json()) as { data: { id: string; slug: string }[] };
  const groups = body.data.slice(0, 40);
  return [
    ...SEARCHES.map((q) => `/v1/groups${q ? `?${q}` : ''}`),
    ...SEARCHES.map((q) => `/v1/groups${q ? `?${q}` : ''}`), // searches weigh double
    ...groups.map((g) => `/v1/groups/${g.slug}`),
    ...groups.slice(0, 5).map((g) => `/v1/groups/${g.id}/calendar.ics`),
    '/v1/taxonomy',
    '/v1/taxonomy/conditions',
    '/v1/organizations?limit=5',
    '/v1/crisis-resources?country=US',
    '/v1/feeds/meeting-guide.json?condition=depression',
  ];
}

function writeBody(n: number): string {
  return JSON.stringify({
    name: `Load Circle ${n}`,
    description: 'A peer circle created by the load test.',
    conditions: ['depression'],
    attendance: 'in_person',
    facilitation: 'peer_led',
    access: 'open',
    cost: 'free',
    languages: ['en'],
    location: {
      street: '250 W 26th St',
      locality: 'New York',
      region: 'NY',
      postal_code: '10001',
      country: 'US',
      lat: 40.7467,
      lng: -73.9962,
    },
    meetings: [{ day: 'tue', start_time: '19:00', duration_minutes: 90 }],
  });
}

interface Writes {
  sent: Map<string, string>; // key -> body
  acknowledged: Set<string>;
  refused: Map<string, number>;
}

type RawRequest = autocannon.Request;
/** What setupRequest leaves for onResponse: the idempotency key of a write, or null for a read. */
type Context = { write?: string | null };

function mixedRequests(paths: string[], key: string, writes: Writes, writeShare: number) {
  let n = 0;
  return [
    {
      setupRequest(request: RawRequest, context: Context): RawRequest {
        if (Math.random() < writeShare) {
          const idem = randomUUID();
          const body = writeBody(++n);
          writes.sent.set(idem, body);
          context.write = idem;
          return {
            ...request,
            method: 'POST',
            path: '/v1/groups',
            headers: {
              authorization: `Bearer ${key}`,
              'idempotency-key': idem,
              'content-type': 'application/json',
            },
            body,
          };
        }
        context.write = null;
        const { body: _body, ...rest } = request;
        return {
          ...rest,
          method: 'GET',
          path: paths[Math.floor(Math.random() * paths.length)]!,
          headers: {},
        };
      },
      onResponse(status: number, _body: string, context: Context) {
        const idem = context.write ?? null;
        if (!idem) return;
        if (status === 201) writes.acknowledged.add(idem);
        else writes.refused.set(idem, status);
      },
    },
  ];
}

async function appSessions(db: Db, database: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`
    SELECT count(*)::int AS n FROM pg_stat_activity
    WHERE datname = ${database} AND application_name = ${APP}`.execute(db);
  return rows[0]?.n ?? 0;
}

async function rssKb(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

// ---------- run ----------

async function main() {
  await prepare();
  const port = await freePort();
  server = await startServer(port);
  const pid = server.pid!;
  const base = `http://127.0.0.1:${port}`;
  const db = createDb({ connectionString: databaseUrl, max: 2, applicationName: 'circles-load-check' });
  const database = new URL(databaseUrl).pathname.slice(1);
  try {
    const [orgId] = await insertOrganizations(db, [
      { slug: `load-test-${Date.now()}`, name: 'Load Test Network', trust_level: 'trusted' },
    ]);
    const { key } = await new KeysService(db).create({
      organizationId: orgId!,
      scopes: ['submit'],
      name: 'load test',
    });
    const paths = await readPaths(base);
    // Warm up (place gazetteers, taxonomy, plans): the figures are of a server in service.
    for (const p of new Set(paths)) await fetch(`${base}${p}`).then((r) => r.arrayBuffer());
    const countGroups = async () =>
      Number(
        (
          await db
            .selectFrom('groups')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );

    // ----- load -----
    const writes: Writes = { sent: new Map(), acknowledged: new Set(), refused: new Map() };
    const before = await countGroups();
    console.log(`# load: ${LOAD_S} s, ${CONNECTIONS} connections, 90% reads / 10% keyed creates`);
    const load = await autocannon({
      url: base,
      connections: CONNECTIONS,
      duration: LOAD_S,
      timeout: 10,
      requests: mixedRequests(paths, key, writes, 0.1),
    });
    // Writes still in flight when the clock stopped got no answer: retry them with their key.
    const unanswered = [...writes.sent.keys()].filter(
      (k) => !writes.acknowledged.has(k) && !writes.refused.has(k),
    );
    let retriedOk = 0;
    for (const idem of unanswered) {
      const res = await fetch(`${base}/v1/groups`, {
        method: 'POST',
        headers: {
          authorization: `Bearer ${key}`,
          'idempotency-key': idem,
          'content-type': 'application/json',
        },
        body: writes.sent.get(idem)!,
      });
      if (res.status === 201) retriedOk++;
    }
    const added = (await countGroups()) - before;
    const total = load.requests.total;
    table('load', [
      [
        'requests',
        'req/s',
        'p50 ms',
        'p90 ms',
        'p99 ms',
        'max ms',
        'errors',
        'timeouts',
        'non-2xx',
        'writes acked',
        'in flight at end',
        'rows added',
      ],
      [
        total,
        Math.round(load.requests.average),
        load.latency.p50,
        load.latency.p90,
        load.latency.p99,
        load.latency.max,
        load.errors,
        load.timeouts,
        load.non2xx,
        writes.acknowledged.size,
        unanswered.length,
        added,
      ],
    ]);
    console.log(`  status codes: ${JSON.stringify(load.statusCodeStats)}`);
    check(
      load.errors === 0 && load.timeouts === 0,
      `load: 0 errors (${load.errors}, ${load.timeouts} timeouts)`,
    );
    check(load.non2xx === 0, `load: 0 non-2xx responses (${load.non2xx})`);
    check(writes.refused.size === 0, `load: no write refused (${writes.refused.size})`);
    check(
      retriedOk === unanswered.length,
      `load: ${unanswered.length} writes in flight at the end, retried with their key`,
    );
    check(
      added === writes.acknowledged.size + retriedOk && added === writes.sent.size,
      `load: rows added (${added}) = acknowledged writes (${writes.acknowledged.size} + ${retriedOk} retried)`,
    );
    const duplicates = await sql<{ n: number }>`
      SELECT count(*)::int AS n FROM (SELECT name FROM groups WHERE name LIKE 'Load Circle %'
      GROUP BY name HAVING count(*) > 1) d`.execute(db);
    check(duplicates.rows[0]?.n === 0, 'load: one row per Idempotency-Key');

    // ----- soak -----
    if (SOAK_S > 0) {
      console.log(`# soak: ${SOAK_S} s at ${SOAK_RATE} req/s, sampling every ${SAMPLE_S} s`);
      const soakWrites: Writes = { sent: new Map(), acknowledged: new Set(), refused: new Map() };
      const samples: { t: number; rssKb: number; sessions: number }[] = [];
      const started = Date.now();
      const sample = async () =>
        samples.push({
          t: Math.round((Date.now() - started) / 1000),
          rssKb: await rssKb(pid),
          sessions: await appSessions(db, database),
        });
      await sample();
      const timer = setInterval(() => void sample(), SAMPLE_S * 1000);
      const soak = await autocannon({
        url: base,
        connections: Math.min(CONNECTIONS, 8),
        duration: SOAK_S,
        overallRate: SOAK_RATE,
        timeout: 10,
        requests: mixedRequests(paths, key, soakWrites, 0.1),
      });
      clearInterval(timer);
      await sample();
      table('soak samples', [
        ['t (s)', 'RSS (MiB)', 'app sessions'],
        ...samples.map((s) => [s.t, (s.rssKb / 1024).toFixed(1), s.sessions]),
      ]);
      // Minute 1 is the baseline (warm caches, full pool); a short run takes a third of the way in.
      const baselineAt = Math.min(60, Math.floor(SOAK_S / 3));
      const baseline = samples.find((s) => s.t >= baselineAt) ?? samples[0]!;
      const last = samples.at(-1)!;
      const growth = (last.rssKb - baseline.rssKb) / baseline.rssKb;
      const sessions = samples.filter((s) => s.t >= baseline.t).map((s) => s.sessions);
      table('soak', [
        [
          'requests',
          'req/s',
          'p50 ms',
          'p99 ms',
          'errors',
          'non-2xx',
          `RSS at ${baseline.t} s`,
          'RSS at end',
          'growth',
          'sessions min-max',
        ],
        [
          soak.requests.total,
          Math.round(soak.requests.average),
          soak.latency.p50,
          soak.latency.p99,
          soak.errors,
          soak.non2xx,
          `${(baseline.rssKb / 1024).toFixed(1)} MiB`,
          `${(last.rssKb / 1024).toFixed(1)} MiB`,
          `${(growth * 100).toFixed(1)}%`,
          `${Math.min(...sessions)}-${Math.max(...sessions)}`,
        ],
      ]);
      check(
        soak.errors === 0 && soak.non2xx === 0,
        `soak: 0 errors, 0 non-2xx (${soak.errors}, ${soak.non2xx})`,
      );
      check(
        growth < 0.1,
        `soak: RSS growth from ${baseline.t} s to the end under 10% (${(growth * 100).toFixed(1)}%)`,
      );
      check(
        Math.max(...sessions) <= POOL && last.sessions <= Math.max(...sessions.slice(0, 2)),
        `soak: Postgres sessions flat and within the pool of ${POOL} (${sessions.join(', ')})`,
      );
    }

    // ----- graceful stop -----
    const exited = new Promise<number | null>((resolve) => server!.once('exit', (code) => resolve(code)));
    server.kill('SIGTERM');
    const code = await Promise.race([exited, sleep(20_000).then(() => 'timeout' as const)]);
    check(code === 0, `SIGTERM: the server exits 0 (${code})`);
  } finally {
    await db.destroy();
  }
}

try {
  await main();
} catch (error) {
  failures.push(String(error));
  console.error(error);
} finally {
  await cleanup();
}
console.log(failures.length ? `\n${failures.length} check(s) failed` : '\nall checks passed');
process.exit(failures.length ? 1 : 0);
