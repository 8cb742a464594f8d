// The HTTP ceiling: a bare Fastify hello-world on the same Node, no logging, no plugins. With
// BODY_DIR set, GET /body/<name> answers that file's bytes with the headers in <name>.headers.json:
// the ceiling for sending exactly what Circles sends (S8: 4 KB compressed and 12 headers, where
// hello-world sends 17 bytes and content-type).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const dir = process.env.BODY_DIR;
for (const name of dir ? readdirSync(dir) : []) {
  if (name.endsWith('.headers.json')) continue;
  const body = readFileSync(path.join(dir!, name));
  const headers: Record<string, string> = JSON.parse(
    readFileSync(path.join(dir!, `${name}.headers.json`), 'utf8'),
  );
  app.get(`/body/${name}`, async (_request, reply) => reply.headers(headers).send(body));
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3100) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.close());
