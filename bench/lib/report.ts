// The table: Markdown, ready to paste into the README's Benchmarks section.
import type { CpuPerRequest } from './processes.js';

export interface Measured {
  rps: number;
  p50: number;
  p975: number;
  p99: number;
  errors: number;
  non2xx: number;
  cacheHits: number;
  requests: number;
  rssMb: number | null;
  /** CPU per request of the process under test and of PostgreSQL (absent for the hello-world rows made from parts). */
  cpu?: CpuPerRequest;
}

export interface Row {
  name: string;
  result: Measured;
  /**
   * What the row is compared with. With `ratios` (one per round of a comparison measured in
   * turns), the ratio shown is their median, with their range.
   */
  ceiling?: { label: string; rps: number; ratios?: number[] };
  target?: string;
}

export const TARGETS: Record<string, string> = {
  S1: 'p99 ≤ 50 ms',
  S2: 'p99 ≤ 50 ms',
  S3: 'p99 ≤ 50 ms',
  S4: 'p99 ≤ 50 ms',
  S5: 'p99 ≤ 50 ms',
  S6: '≥ 50% of hello-world',
  S8: '≥ 50% of hello-world',
  api: '≥ 70% of raw SQL, p99 ≤ 50 ms',
  peer: '≥ 1.0× PostGraphile',
};

export const SCENARIOS: Record<string, string> = {
  S1: 'text search with typos',
  S2: 'filters: condition + affinity + attendance + day',
  S3: 'near a ZIP, 25 mi, by distance',
  S4: 'S2 with facet counts',
  S5: 'everything together',
  S6: 'one group by id',
  'S6 cold': "one group by id; each group's first read is a miss",
  'S6 warm': 'one group by id; each group read once before',
  S7: 'GraphQL form of S5, nested organization and meetings',
  S8: "one popular query repeated (the widget's first paint)",
  S9: 'S5 reads, 10% authenticated PATCHes',
};

interface Report {
  date: string;
  machine: { cpus: number; cpu: string; node: string; postgres: string; loadavg: number[] };
  settings: { duration: number; connections: number; groups: number | undefined };
  seededSeconds: number | null;
  startup: { freshMs?: number; warmMs?: number };
  s9: Record<string, number> | null;
  rows: Row[];
}

const f0 = (n: number) => Math.round(n).toLocaleString('en-US');
const ms = (n: number) => (n < 10 ? n.toFixed(1) : n.toFixed(0));
const cpuMs = (n: number | null) => (n === null ? '?' : n < 1 ? n.toFixed(2) : n.toFixed(1));

function ratioText(rps: number, ceiling: NonNullable<Row['ceiling']>): string {
  const list = ceiling.ratios;
  if (!list?.length) return `${(rps / ceiling.rps).toFixed(2)} of ${ceiling.label}`;
  const sorted = [...list].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)]!;
  return `${median.toFixed(2)} of ${ceiling.label} (median of ${sorted.length} rounds: ${sorted[0]!.toFixed(2)}–${sorted.at(-1)!.toFixed(2)})`;
}

export function renderMarkdown(report: Report): string {
  const m = report.machine;
  const lines = [
    `${report.settings.groups?.toLocaleString('en-US')} groups; ${report.settings.connections} connections, ${report.settings.duration} s per scenario; ${m.cpus} × ${m.cpu}, Node ${m.node}, PostgreSQL ${m.postgres}; load average at the end ${m.loadavg.join(', ')}; ${report.date.slice(0, 16)}Z`,
    '',
    '| scenario | req/s | p50 ms | p97.5 ms | p99 ms | errors | non-2xx | cache hits | peak RSS MB | CPU ms/req: server + database | ratio | target |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---|',
  ];
  for (const row of report.rows) {
    const r = row.result;
    const label = SCENARIOS[row.name] ? `${row.name} ${SCENARIOS[row.name]}` : row.name;
    const ratio = row.ceiling ? ratioText(r.rps, row.ceiling) : '';
    const hits = r.requests ? `${Math.round((r.cacheHits / r.requests) * 100)}%` : '';
    const cpu = r.cpu ? `${cpuMs(r.cpu.serverMs)} + ${cpuMs(r.cpu.databaseMs)}` : '';
    lines.push(
      `| ${label} | ${f0(r.rps)} | ${ms(r.p50)} | ${ms(r.p975)} | ${ms(r.p99)} | ${r.errors} | ${r.non2xx} | ${hits} | ${r.rssMb === null ? '' : f0(r.rssMb)} | ${cpu} | ${ratio} | ${row.target ?? ''} |`,
    );
  }
  lines.push('');
  if (report.s9)
    lines.push(
      `S9 writes: ${report.s9.patches} PATCHes, ${report.s9.patched} applied, ${report.s9.conflicts} answered 412 (then re-read and retried: ${report.s9.refreshes}), ${report.s9.otherWriteStatus} other statuses.`,
    );
  if (report.startup.freshMs !== undefined)
    lines.push(
      `Start to ready on the demo data: ${(report.startup.freshMs / 1000).toFixed(1)} s on a fresh data directory (initdb, migrations, demo data), ${((report.startup.warmMs ?? 0) / 1000).toFixed(1)} s again (target ≤ 10 s).`,
    );
  if (report.seededSeconds !== null)
    lines.push(`Seeding 100,000 groups: ${report.seededSeconds.toFixed(1)} s (target ≤ 90 s).`);
  return lines.join('\n');
}
