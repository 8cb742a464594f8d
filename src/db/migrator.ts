import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import {
  type Kysely,
  type Migration,
  type MigrationProvider,
  type MigrationResultSet,
  Migrator,
} from 'kysely';

// migrations/ sits at the top level. From src/db (tsx) and from dist/src/db (compiled) it is two
// levels up, so one relative path serves both ways of running.
const MIGRATIONS_DIR = fileURLToPath(new URL('../../migrations/', import.meta.url));

// biome-ignore lint/suspicious/noExplicitAny: migrations and the migrator work on any schema.
type AnyDb = Kysely<any>;

class DirectoryMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await fs.readdir(MIGRATIONS_DIR))
      .filter((f) => /\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
    const migrations: Record<string, Migration> = {};
    for (const file of files) {
      const name = file.replace(/\.(ts|js)$/, '');
      migrations[name] = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, file)).href)) as Migration;
    }
    return migrations;
  }
}

export function createMigrator(db: AnyDb): Migrator {
  return new Migrator({ db, provider: new DirectoryMigrationProvider() });
}

function check({ error, results }: MigrationResultSet): MigrationResultSet {
  const failed = results?.find((r) => r.status === 'Error');
  if (error || failed) {
    const reason = error instanceof Error ? error.message : String(error ?? 'unknown error');
    throw new Error(`migration ${failed?.migrationName ?? ''} failed: ${reason}`);
  }
  return { error, results };
}

export async function migrateToLatest(db: AnyDb): Promise<string[]> {
  const { results } = check(await createMigrator(db).migrateToLatest());
  return (results ?? []).map((r) => r.migrationName);
}

export async function migrateDown(db: AnyDb): Promise<string[]> {
  const { results } = check(await createMigrator(db).migrateDown());
  return (results ?? []).map((r) => r.migrationName);
}

/** Names of migrations that exist on disk but have not been applied. */
export async function pendingMigrations(db: AnyDb): Promise<string[]> {
  const all = await createMigrator(db).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}
