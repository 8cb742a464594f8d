// npm run bench:explain: EXPLAIN (ANALYZE, BUFFERS) of every statement of each search shape at
// 100,000 groups, saved under bench/results/explain/. Flags a sequential scan of groups in a shape
// whose filter is selective (the page and count should come from an index there).
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createPool } from '../src/db/connect.js';
import { openBenchDatabase } from './lib/database.js';
import type { Params } from './lib/params.js';
import { SqlCapture } from './lib/raw-sql.js';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string', default: '.bench-data' },
    out: { type: 'string', default: 'bench/results/explain' },
  },
  strict: true,
});

interface Shape {
  name: string;
  params: Params;
  /** A selective filter: a sequential scan of groups is a bug here. */
  selective: boolean;
}

const SHAPES: Shape[] = [
  { name: 'S1-text-typo', params: { q: 'bipolr support' }, selective: true },
  { name: 'S1-text-prefix', params: { q: 'schizo' }, selective: true },
  { name: 'S1-text-prefix-common', params: { q: 'griev' }, selective: false },
  {
    name: 'S2-filters',
    params: { condition: 'ptsd', affinity: 'veterans_military', attendance: 'in_person,hybrid', day: 'tue' },
    selective: true,
  },
  { name: 'S3-near-zip', params: { near: '10001', radius: '25mi' }, selective: false },
  {
    name: 'S3-near-zip-in-person',
    params: { near: '78701', radius: '25mi', attendance: 'in_person' },
    selective: true,
  },
  {
    name: 'S4-filters-facets',
    params: {
      condition: 'depression',
      affinity: 'women',
      attendance: 'online',
      day: 'wed,thu',
      facets: 'condition,affinity,attendance,day,language',
    },
    selective: true,
  },
  {
    name: 'S5-everything',
    params: {
      q: 'anxiety',
      attendance: 'in_person,hybrid',
      day: 'mon,tue',
      near: '60601',
      radius: '25mi',
      facets: 'condition,attendance,day',
    },
    selective: true,
  },
  { name: 'default-updated', params: {}, selective: false },
  { name: 'sort-next-meeting', params: { condition: 'grief_loss', sort: 'next_meeting' }, selective: true },
  {
    name: 'facets-everything-empty-query',
    params: { facets: 'condition,affinity,attendance,day,time_of_day' },
    selective: false,
  },
];

const database = await openBenchDatabase(path.resolve(values['data-dir']), (m) => console.error(m));
const capture = new SqlCapture(database.url);
const pool = createPool({ connectionString: database.url, max: 2, applicationName: 'circles-bench' });
mkdirSync(values.out, { recursive: true });
const flagged: string[] = [];
try {
  for (const shape of SHAPES) {
    const request = await capture.capture(shape.params);
    const parts: string[] = [
      `# ${shape.name}: ${new URLSearchParams(shape.params).toString() || '(no parameters)'}`,
      '',
    ];
    let i = 0;
    let total = 0;
    for (const statement of request.flat()) {
      i++;
      const { rows } = await pool.query(
        `EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`,
        statement.parameters as unknown[],
      );
      const plan = rows.map((r: Record<string, string>) => r['QUERY PLAN']).join('\n');
      const ms = Number(/Execution Time: ([\d.]+) ms/.exec(plan)?.[1] ?? 0);
      total += ms;
      const seq = /Seq Scan on groups/.test(plan);
      if (seq && shape.selective) flagged.push(`${shape.name} statement ${i}`);
      parts.push(
        `## statement ${i}${seq ? ' (SEQUENTIAL SCAN OF groups)' : ''}: ${ms.toFixed(1)} ms`,
        '',
        statement.sql.trim(),
        '',
        plan,
        '',
      );
    }
    writeFileSync(path.join(values.out, `${shape.name}.txt`), parts.join('\n'));
    console.log(
      `${shape.name.padEnd(32)} ${String(request.flat().length).padStart(2)} statements ${total.toFixed(1).padStart(8)} ms`,
    );
  }
} finally {
  await pool.end();
  await capture.close();
  await database.stop();
}
if (flagged.length) {
  console.log(`\nsequential scans of groups under a selective filter:\n  ${flagged.join('\n  ')}`);
  process.exitCode = 1;
} else {
  console.log('\nno sequential scan of groups under a selective filter');
}
