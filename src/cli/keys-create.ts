// npm run keys:create -- --scope admin [--name "Ops"]              the first admin key
// npm run keys:create -- --scope submit --organization <uuid>      a key for an organization
// Prints the key once; only its hash is stored.
import { parseArgs } from 'node:util';
import { prepareDatabase } from '../db/bootstrap.js';
import { createDb } from '../db/connect.js';
import type { Scope } from '../db/types.js';
import { isUuid } from '../lib/ids.js';
import { KeysService } from '../modules/keys/keys.service.js';
import { fail, withDatabase } from './database.js';

const { values } = parseArgs({
  options: {
    scope: { type: 'string', multiple: true },
    organization: { type: 'string' },
    name: { type: 'string' },
  },
  strict: true,
});
const scopes = (values.scope ?? []).flatMap((s) => s.split(',')) as Scope[];
if (scopes.length === 0 || !scopes.every((s) => ['submit', 'moderate', 'admin'].includes(s))) {
  fail('--scope is required: submit, moderate or admin (repeat or comma-separate for several)');
}
if (scopes.includes('submit') && !values.organization) fail('a submit key needs --organization <uuid>');
if (values.organization && !isUuid(values.organization)) fail('--organization must be a UUID');

await withDatabase(async (url, config) => {
  await prepareDatabase(url, { demoData: config.demoData, log: () => {} });
  const db = createDb({ connectionString: url, max: 1 });
  try {
    const { key, record } = await new KeysService(db).create({
      organizationId: values.organization ?? null,
      scopes,
      name: values.name ?? `${scopes.join('+')} key`,
    });
    console.error(`created key ${record.id} (${record.prefix}…) with scopes ${record.scopes.join(', ')}`);
    console.error('it is shown once; store it now:');
    console.log(key);
  } finally {
    await db.destroy();
  }
}).catch(fail);
