// npm run db:seed                          vocabularies, plus the demo directory if there are no groups
// npm run db:seed -- --count 100000        100,000 generated groups (benchmarks), with progress
// npm run db:seed -- --count 5000 --seed 7 --replace   replace the directory with another generated set
// Generated sets go into a database without groups; --replace deletes every group and organization
// first (slugs are unique, so two generated sets can't be mixed).
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../db/bootstrap.js';
import { createDb } from '../db/connect.js';
import { seedDirectory } from '../db/seed.js';
import { countGroups } from '../modules/groups/groups.repository.js';
import { fail, withDatabase } from './database.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    seed: { type: 'string' },
    replace: { type: 'boolean', default: false },
  },
  strict: true,
});
const count = values.count === undefined ? null : Number(values.count);
if (count !== null && (!Number.isInteger(count) || count < 1 || count > 2_000_000)) {
  fail('--count must be a whole number between 1 and 2000000');
}
const seed = values.seed === undefined ? undefined : Number(values.seed);
if (seed !== undefined && !Number.isInteger(seed)) fail('--seed must be a whole number');

await withDatabase(async (url, config) => {
  await prepareDatabase(url, { demoData: count === null && config.demoData, log: (m) => console.log(m) });
  if (count === null) return;
  const db = createDb({ connectionString: url, max: 2 });
  const existing = await countGroups(db);
  if (existing > 0 && !values.replace) {
    await db.destroy();
    fail(`the database already has ${existing} groups; add --replace to delete them and seed ${count}`);
  }
  if (existing > 0) {
    await db.transaction().execute(async (trx) => {
      await trx.deleteFrom('groups').execute();
      await trx.deleteFrom('organizations').execute();
    });
    console.log(`deleted ${existing} groups and their organizations`);
  }
  const started = Date.now();
  let lastPrinted = 0;
  try {
    const result = await seedDirectory(db, {
      groups: count,
      seed: seed ?? 1,
      batchSize: 1000,
      onProgress: (done, total) => {
        const now = Date.now();
        if (done === total || now - lastPrinted > 1000) {
          lastPrinted = now;
          const rate = Math.round(done / Math.max((now - started) / 1000, 0.001));
          process.stdout.write(
            `seeded ${done}/${total} groups (${Math.round((done / total) * 100)}%, ${rate}/s)\n`,
          );
        }
      },
    });
    console.log(
      `done: ${result.groups} groups, ${result.organizations} organizations in ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
  } finally {
    await db.destroy();
  }
}).catch(fail);
