// The OpenAPI document as the code describes it, built without a database: the pool connects
// lazily, so building the app and reading its schemas sends no query.
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

export async function buildOpenApiDocument(): Promise<unknown> {
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' });
  const app = await buildApp({ config, databaseUrl: 'postgres://openapi@127.0.0.1:1/none' });
  try {
    await app.ready();
    return app.swagger();
  } finally {
    await app.close();
  }
}
