// The peer: PostGraphile 4 as a library over the same database, on Node's own HTTP server (its
// documented standalone setup). Same pool size as Circles' default (10).

import http from 'node:http';
import { createRequire } from 'node:module';
import path from 'node:path';
import pg from 'pg';

// npm left two copies of graphql 15 (under postgraphile/ and graphile-build-pg/) beside the app's
// graphql 16, and PostGraphile refuses to mix them ("from another module or realm"). In this
// process every `graphql` import resolves to the copy under postgraphile/.
const require = createRequire(import.meta.url);
const graphqlDir = path.dirname(require.resolve('postgraphile/node_modules/graphql/package.json'));
const Module = require('node:module') as {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
};
const resolve = Module._resolveFilename;
Module._resolveFilename = (request: string, ...rest: unknown[]) => {
  if (request === 'graphql' || request.startsWith('graphql/')) {
    return resolve(path.join(graphqlDir, request.slice('graphql'.length)), ...rest);
  }
  return resolve(request, ...rest);
};
const { postgraphile } = require('postgraphile') as typeof import('postgraphile');

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  max: 10,
  // The bench cancels what a run leaves this application running (Child.settle()).
  application_name: 'postgraphile',
});
const middleware = postgraphile(pool, 'public', {
  graphqlRoute: '/graphql',
  graphiql: false,
  disableQueryLog: true,
  watchPg: false,
  retryOnInitFail: false,
  enableQueryBatching: false,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  dynamicJson: true,
});
const server = http.createServer((req, res) => {
  if (req.url === '/ready') {
    // Ready once the schema is built from the database (PostGraphile introspects at start).
    middleware.getGraphQLSchema().then(
      () => res.end('ok'),
      () => {
        res.statusCode = 503;
        res.end();
      },
    );
    return;
  }
  middleware(req, res);
});
server.listen(Number(process.env.PORT ?? 3200), '127.0.0.1');
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    server.close();
    void pool.end();
  });
