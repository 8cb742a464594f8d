// The only file that listens. Starts an embedded PostgreSQL when DATABASE_URL is unset, brings the
// database up to date, and shuts everything down gracefully on SIGINT/SIGTERM.
import path from 'node:path';
import closeWithGrace from 'close-with-grace';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { prepareDatabase } from './db/bootstrap.js';
import { type EmbeddedServer, startEmbeddedPostgres } from './db/embedded.js';
import { warmPlaces } from './geo/places.js';

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
