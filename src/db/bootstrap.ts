// Bring a database up to date: migrations, vocabularies, and (when empty) the demo directory.
// Used by `npm start`, `npm run db:migrate` / `db:seed`, and the test runner's template database.

import { DEMO_GROUPS } from '../../seeds/generate.js';
import { countGroups } from '../modules/groups/groups.repository.js';
import { createDb } from './connect.js';
import { migrateToLatest } from './migrator.js';
import { seedDirectory, seedTaxonomy } from './seed.js';

export interface PrepareOptions {
  demoData: boolean;
  log: (message: string) => void;
}

export async function prepareDatabase(
  connectionString: string,
  { demoData, log }: PrepareOptions,
): Promise<void> {
  const db = createDb({ connectionString, max: 2, applicationName: 'circles-bootstrap' });
  try {
    const applied = await migrateToLatest(db);
    if (applied.length) log(`applied migrations: ${applied.join(', ')}`);
    const terms = await seedTaxonomy(db);
    log(`taxonomy: ${terms} terms`);
    if (demoData && (await countGroups(db)) === 0) {
      const started = Date.now();
      const result = await seedDirectory(db, { groups: DEMO_GROUPS, showcase: true });
      log(
        `demo data: ${result.groups} groups of ${result.organizations} organizations in ${Date.now() - started} ms`,
      );
    }
  } finally {
    await db.destroy();
  }
}
