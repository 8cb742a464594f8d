// The bench database: embedded PostgreSQL under the bench data directory (or DATABASE_URL), with
// 100,000 generated groups, and an organization of the benchmark's own whose groups S9 edits.
import path from 'node:path';
import pg from 'pg';
import { generateGroupBatches } from '../../seeds/generate.js';
import { prepareDatabase } from '../../src/db/bootstrap.js';
import { createDb, type Db } from '../../src/db/connect.js';
import { type EmbeddedServer, startEmbeddedPostgres } from '../../src/db/embedded.js';
import { seedDirectory } from '../../src/db/seed.js';
import { insertGroups } from '../../src/modules/groups/groups.repository.js';
import { KeysService } from '../../src/modules/keys/keys.service.js';
import { insertOrganizations } from '../../src/modules/organizations/organizations.repository.js';

export const BENCH_GROUPS = 100_000;
const WRITER_SLUG = 'bench-writer';
const WRITER_GROUPS = 64;

export interface BenchDatabase {
  url: string;
  embedded: EmbeddedServer | null;
  seededSeconds: number | null;
  stop(): Promise<void>;
}

export async function openBenchDatabase(dataDir: string, log: (m: string) => void): Promise<BenchDatabase> {
  let embedded: EmbeddedServer | null = null;
  let url = process.env.DATABASE_URL;
  if (!url) {
    const dir = path.join(dataDir, 'postgres');
    log(`embedded PostgreSQL in ${path.relative(process.cwd(), dir)}`);
    // Room in memory for the 100,000 groups and their indexes (about 300 MB), as a database
    // server of this size would be given; the default 128 MB makes every search shape read pages
    // back from the OS cache.
    embedded = await startEmbeddedPostgres({ dataDir: dir, log, settings: { shared_buffers: '512MB' } });
    url = embedded.url();
  }
  await prepareDatabase(url, { demoData: false, log });
  const db = createDb({ connectionString: url, max: 2, applicationName: 'circles-bench' });
  let seededSeconds: number | null = null;
  try {
    const { rows } = await (await import('kysely')).sql<{ n: number }>`
      SELECT count(*)::int AS n FROM groups g JOIN organizations o ON o.id = g.organization_id
       WHERE o.slug <> ${WRITER_SLUG}`.execute(db);
    const existing = rows[0]?.n ?? 0;
    if (existing === 0) {
      log(`seeding ${BENCH_GROUPS} groups (once; kept for later runs)`);
      const started = Date.now();
      let last = 0;
      await seedDirectory(db, {
        groups: BENCH_GROUPS,
        seed: 1,
        batchSize: 1000,
        onProgress: (done, total) => {
          if (Date.now() - last > 5000 || done === total) {
            last = Date.now();
            log(`  seeded ${done}/${total}`);
          }
        },
      });
      seededSeconds = (Date.now() - started) / 1000;
      log(`seeded in ${seededSeconds.toFixed(1)} s`);
    } else if (existing < BENCH_GROUPS) {
      throw new Error(
        `the bench database has ${existing} groups, not ${BENCH_GROUPS}: point DATABASE_URL at an empty database or delete the bench data directory`,
      );
    }
    // Measure the steady state autovacuum keeps a live database in: planner statistics current and
    // the visibility map set (counts are index-only scans), whether the data was just seeded or a
    // migration just rewrote the table.
    log('vacuum (analyze)');
    await (await import('kysely')).sql`VACUUM (ANALYZE) groups, meetings, organizations`.execute(db);
  } finally {
    await db.destroy();
  }
  return {
    url,
    embedded,
    seededSeconds,
    stop: async () => {
      await embedded?.stop();
    },
  };
}

export interface Writer {
  key: string;
  groups: { id: string; version: number }[];
}

/**
 * A trusted organization of the benchmark's own (its edits publish at once, as a real nonprofit's
 * would), its published groups, and a fresh submit key for it.
 */
export async function prepareWriter(db: Db): Promise<Writer> {
  let org = await db
    .selectFrom('organizations')
    .select('id')
    .where('slug', '=', WRITER_SLUG)
    .executeTakeFirst();
  if (!org) {
    const [id] = await insertOrganizations(db, [
      {
        slug: WRITER_SLUG,
        name: 'Benchmark Writers Network',
        description: 'Groups the benchmark edits (S9).',
        website: null,
        email: null,
        phone: null,
        trust_level: 'trusted',
      },
    ]);
    org = { id: id! };
    const generated = [
      ...generateGroupBatches({ groups: WRITER_GROUPS, batchSize: WRITER_GROUPS, seed: 4242 }),
    ].flatMap((b) => (b.kind === 'groups' ? b.groups : []));
    await db.transaction().execute((trx) =>
      insertGroups(
        trx,
        generated.map((g, i) => ({
          organizationId: org!.id,
          slug: `bench-writer-${i}`,
          status: 'published',
          input: { ...g, last_verified_at: new Date() },
        })),
      ),
    );
  }
  const { key } = await new KeysService(db).create({
    organizationId: org.id,
    scopes: ['submit'],
    name: 'benchmark S9',
  });
  const groups = await db
    .selectFrom('groups')
    .select(['id', 'version'])
    .where('organization_id', '=', org.id)
    .orderBy('slug')
    .execute();
  return { key, groups };
}

/** Ids of published groups for S6, spread over the whole directory. */
export async function sampleGroupIds(db: Db, count: number): Promise<string[]> {
  const rows = await db
    .selectFrom('groups')
    .select('id')
    .where('status', '=', 'published')
    .orderBy('slug')
    .limit(count)
    .execute();
  return rows.map((r) => r.id);
}

/** Cancels the statements an application is still running (see openCanceller). */
export interface Canceller {
  /** Cancels what `applicationName` runs, again until nothing of it is left running. */
  cancelAll(applicationName: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A load run stops at its deadline, but the requests it left in flight go on in the server: 32
 * searches of 1-6 s each here, which the next scenario must not share the cores with. Waiting for
 * them took about 45 s of a full run; their answers were never going to be counted, so they are
 * cancelled instead. One connection, opened while the machine is idle (under load a new one took
 * 300 ms), used for every cancellation.
 */
export async function openCanceller(url: string): Promise<Canceller> {
  const client = new pg.Client({ connectionString: url, application_name: 'circles-bench-canceller' });
  await client.connect();
  const cancelled = async (applicationName: string) =>
    (
      await client.query<{ n: number }>(
        `SELECT count(pg_cancel_backend(pid))::int AS n FROM pg_stat_activity
          WHERE application_name = $1 AND state = 'active'`,
        [applicationName],
      )
    ).rows[0]!.n;
  return {
    async cancelAll(applicationName) {
      // Statements queued for a pool connection start as the cancelled ones free theirs: go on
      // until two looks 20 ms apart find nothing running, for at most 10 s.
      if ((await cancelled(applicationName)) === 0) return;
      const until = Date.now() + 10_000;
      for (let quiet = 0; quiet < 2 && Date.now() < until; ) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        quiet = (await cancelled(applicationName)) === 0 ? quiet + 1 : 0;
      }
    },
    close: () => client.end(),
  };
}
