// npm run keys:create -- --scope admin [--name "Ops"]              the first admin key
// npm run keys:create -- --scope submit --organization <uuid>      a key for an organization
// npm run keys:create -- --scope read --origin https://example.org [--organization <uuid>]
//                                                                  a publishable key for a site
// Prints the key once; only its hash is stored.
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../db/bootstrap.js';
import { createDb } from '../db/connect.js';
import type { Scope } from '../db/types.js';
import { isUuid } from '../lib/ids.js';
import { KeysService, normalizeOrigin } from '../modules/keys/keys.service.js';
import { fail, withDatabase } from './database.js';

const { values } = parseArgs({
  options: {
    scope: { type: 'string', multiple: true },
    organization: { type: 'string' },
    name: { type: 'string' },
    origin: { type: 'string', multiple: true },
  },
  strict: true,
});
const scopes = (values.scope ?? []).flatMap((s) => s.split(',')) as Scope[];
if (scopes.length === 0 || !scopes.every((s) => ['submit', 'moderate', 'admin', 'read'].includes(s))) {
  fail('--scope is required: submit, moderate, admin or read (repeat or comma-separate for several)');
}
const origins = values.origin ?? [];
const publishable = scopes.includes('read');
if (publishable && (scopes.length > 1 || origins.length === 0)) {
  fail('a publishable key has --scope read alone and at least one --origin https://...');
}
if (!publishable && origins.length > 0) fail('--origin is only for publishable keys (--scope read)');
if (origins.some((o) => normalizeOrigin(o) === null)) fail('--origin must be like https://example.org');
if (scopes.includes('submit') && !values.organization) fail('a submit key needs --organization <uuid>');
if (values.organization && !isUuid(values.organization)) fail('--organization must be a UUID');

await withDatabase(async (url, config) => {
  await prepareDatabase(url, { demoData: config.demoData, log: () => {} });
  const db = createDb({ connectionString: url, max: 1 });
  try {
    const keys = new KeysService(db);
    const organizationId = values.organization ?? null;
    const name = values.name ?? `${scopes.join('+')} key`;
    const { key, record } = publishable
      ? await keys.createPublishable({ organizationId, name, origins })
      : await keys.create({ organizationId, scopes, name });
    console.error(`created key ${record.id} (${record.prefix}…) with scopes ${record.scopes.join(', ')}`);
    console.error('it is shown once; store it now:');
    console.log(key);
  } finally {
    await db.destroy();
  }
}).catch(fail);
