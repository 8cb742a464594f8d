// How many rows a table holds: tests check that a refused write left nothing behind.
import type { Db } from '../../src/db/connect.js';
import type { Database } from '../../src/db/types.js';

export async function countRows(db: Db, table: keyof Database): Promise<number> {
  const row = await db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
