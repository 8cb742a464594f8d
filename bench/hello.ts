// The HTTP ceiling: a bare Fastify hello-world on the same Node, no logging, no plugins.
import Fastify from 'fastify';

const app = Fastify({ logger: false });
app.get('/', async () => ({ hello: 'world' }));
await app.listen({ host: '127.0.0.1', port: Number(process.env.PORT ?? 3100) });
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => app.close());
