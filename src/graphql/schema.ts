// schema/*.graphql is the published contract: loaded at boot, one file per type or area.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '../lib/paths.js';

export function loadSchemaSource(): string {
  const dir = path.join(findRepoRoot(), 'schema');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}
