// The HTTP ceiling: a bare Fastify hello-world on the same Node, no logging, no plugins. With
// BODY_DIR set, GET /body/<name> answers that file's bytes as JSON: the ceiling for an answer of
// the same size as a Circles answer (S8 sends 33 KB where hello-world sends 17 bytes).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
const dir = process.env.BODY_DIR;
for (const name of dir ? readdirSync(dir) : []) {
  const body = readFileSync(path.join(dir!, name));
  app.get(`/body/${name}`, async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(body),
  );
}
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3100) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.close());
