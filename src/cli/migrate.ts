// npm run db:migrate            apply every pending migration
// npm run db:migrate -- --down  revert the latest migration
import { createDb } from '../db/connect.js';
import { migrateDown, migrateToLatest } from '../db/migrator.js';
import { fail, withDatabase } from './database.js';

const down = process.argv.includes('--down');

await withDatabase(async (url) => {
  const db = createDb({ connectionString: url, max: 1 });
  try {
    const names = down ? await migrateDown(db) : await migrateToLatest(db);
    console.log(names.length ? `${down ? 'reverted' : 'applied'}: ${names.join(', ')}` : 'nothing to do');
  } finally {
    await db.destroy();
  }
}).catch(fail);
