// sqlmap (Debian's package) against the main GET routes of a real listening server: the string
// query parameters of /v1/groups and the Meeting Guide feed, the cursor of /v1/organizations, and
// the path parameters of /v1/groups/{idOrSlug}, its calendar and /v1/taxonomy/{vocabulary}.
// Fails on any injection sqlmap reports, and checks sqlmap really tested each target (it must
// conclude "not injectable" for each) and that Postgres refused no statement meanwhile.
// Skipped, with the reason, where sqlmap is not installed (a fresh machine with only Node.js);
// .ci/run installs it.
//
// Budget, about 60 s per lane on a 2-core machine: --dbms=PostgreSQL (only its payloads),
// --level=1 --risk=1 (no OR-based or heavy payloads that could change data), techniques B, E, U
// and T (boolean-blind, error-based, UNION, time-based; stacked queries need a second statement,
// which the time-based probe also covers through pg_sleep), --time-sec=2 so a time-based probe
// costs seconds, not tens, and one sqlmap process over a bulk file of targets.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { buildWorld, errorLogs, short } from './support/world.js';

const sqlmap = spawnSync('sh', ['-c', 'command -v sqlmap'], { encoding: 'utf8' }).stdout.trim();
if (!sqlmap) {
  t.test(
    'sqlmap finds no injectable parameter',
    { skip: 'sqlmap is not installed (apt-get install sqlmap; .ci/run does)' },
    async () => {},
  );
} else {
  const world = await buildWorld(t);
  const { app } = world;
  let requests = 0;
  await app.inject({ url: '/v1/groups?near=London&limit=1' }); // load the gazetteer once
  const cursor = (await app.inject({ url: '/v1/organizations?limit=1' })).json().meta.next_cursor as string;
  await app.listen({ port: 0, host: '127.0.0.1' });
  app.server.on('request', () => requests++);
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const slug = world.published.slugs[0]!;

  // `*` marks a path injection point.
  const targets = [
    `${base}/v1/groups?q=depression&condition=depression&near=10001&radius=25mi`,
    `${base}/v1/groups/${slug}*`,
    `${base}/v1/groups/${slug}*/calendar.ics`,
    `${base}/v1/organizations?limit=1&cursor=${cursor}`,
    `${base}/v1/taxonomy/conditions*`,
    `${base}/v1/feeds/meeting-guide.json?q=grief&affinity=women`,
  ];

  t.test('sqlmap finds no injectable parameter', async (t) => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'circles-sqlmap-'));
    t.teardown(() => rm(dir, { recursive: true, force: true }));
    const bulk = path.join(dir, 'targets.txt');
    await writeFile(bulk, `${targets.join('\n')}\n`);
    const args = [
      '-m',
      bulk,
      '--batch',
      '--flush-session',
      `--output-dir=${path.join(dir, 'out')}`,
      '--dbms=PostgreSQL',
      '--level=1',
      '--risk=1',
      '--technique=BEUT',
      '--time-sec=2',
      '--timeout=10',
      '--retries=0',
      '--threads=2',
      '--skip-waf',
      '--disable-coloring',
      // Not asked: never update, never follow anything but the target.
      '--answers=follow=N,update=N',
    ];
    const started = Date.now();
    const output = await new Promise<{ code: number | null; text: string }>((resolve) => {
      const child = spawn(sqlmap, args, {
        stdio: ['ignore', 'pipe', 'pipe'],
        env: { ...process.env, HOME: dir },
      });
      let text = '';
      child.stdout.on('data', (d) => (text += d));
      child.stderr.on('data', (d) => (text += d));
      const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, text });
      });
    });
    t.comment(`sqlmap: ${targets.length} targets, ${requests} requests, ${Date.now() - started} ms`);
    const findings = output.text
      .split('\n')
      .filter(
        (line) =>
          /identified the following injection point|parameter '[^']+' is vulnerable|parameter '[^']+' (appears|seems) to be '.*' injectable|might be injectable|\bType: (boolean|error|UNION|time|stacked)/i.test(
            line,
          ) && !/(does not seem|do not appear|not injectable)/i.test(line),
      );
    t.same(findings, [], 'no injection found');
    const concluded = output.text.match(/do(?:es)? not (?:seem|appear) to be injectable/gi)?.length ?? 0;
    t.ok(
      concluded >= targets.length,
      `sqlmap concluded "not injectable" ${concluded} times for ${targets.length} targets`,
    );
    t.ok(requests > targets.length * 20, `sqlmap really sent its probes (${requests} requests)`);
    if (findings.length || concluded < targets.length) t.comment(short(output.text, 20_000));
    t.same(
      world.queryErrors.map((e) => `${e.error} :: ${short(e.sql, 200)}`),
      [],
      'Postgres refused no statement',
    );
    t.same(
      errorLogs(world).map((l) => short(JSON.stringify(l), 300)),
      [],
      'no error-level log lines',
    );
  });
}
