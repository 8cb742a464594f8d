// A loopback stand-in for the few Meilisearch endpoints the indexer calls (add documents, delete
// documents, get a task), for fault tests of OUR code: outbox semantics, retries, concurrency.
// It never counts as evidence that we work with the real engine (FIELD-NOTES); the engine tests
// run against a real server when MEILISEARCH_URL is set.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StandIn {
  url: string;
  /** Every document received, in order, as [id, version]. */
  received: { id: string; version: number }[];
  deleted: string[];
  /** Make the next task(s) fail, or answer 503 to everything. */
  mode: 'ok' | 'fail-tasks' | 'down';
  close(): Promise<void>;
}

export async function startStandIn(): Promise<StandIn> {
  let nextTask = 1;
  const tasks = new Map<number, { status: string; error?: { message: string } }>();
  const state: StandIn = {
    url: '',
    received: [],
    deleted: [],
    mode: 'ok',
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const enqueue = (res: http.ServerResponse, indexUid: string, type: string) => {
    const uid = nextTask++;
    tasks.set(
      uid,
      state.mode === 'fail-tasks'
        ? { status: 'failed', error: { message: 'No changes were made to the database (stand-in)' } }
        : { status: 'succeeded' },
    );
    res.writeHead(202, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        taskUid: uid,
        indexUid,
        status: 'enqueued',
        type,
        enqueuedAt: new Date().toISOString(),
      }),
    );
  };
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (state.mode === 'down') {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ message: 'unavailable', code: 'unavailable', type: 'system', link: '' }));
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const documents = /^\/indexes\/([^/]+)\/documents$/.exec(url.pathname);
      const deletion = /^\/indexes\/([^/]+)\/documents\/delete-batch$/.exec(url.pathname);
      const task = /^\/tasks\/(\d+)$/.exec(url.pathname);
      if (req.method === 'POST' && documents) {
        if (state.mode !== 'fail-tasks') {
          for (const d of JSON.parse(body) as { id: string; version: number }[])
            state.received.push({ id: d.id, version: d.version });
        }
        return enqueue(res, documents[1]!, 'documentAdditionOrUpdate');
      }
      if (req.method === 'POST' && deletion) {
        if (state.mode !== 'fail-tasks') state.deleted.push(...(JSON.parse(body) as string[]));
        return enqueue(res, deletion[1]!, 'documentDeletion');
      }
      if (req.method === 'GET' && task) {
        const uid = Number(task[1]);
        const t = tasks.get(uid);
        res.writeHead(t ? 200 : 404, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            t
              ? { uid, taskUid: uid, indexUid: 'groups', type: 'documentAdditionOrUpdate', ...t }
              : { message: 'not found' },
          ),
        );
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({
          message: `stand-in does not serve ${req.method} ${url.pathname}`,
          code: 'not_found',
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return state;
}
