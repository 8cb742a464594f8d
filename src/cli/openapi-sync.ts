// npm run openapi:sync  writes openapi/openapi.json from the route schemas. A test fails when the
// committed file and the code disagree, so run this after changing a route.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { findRepoRoot } from '../lib/paths.js';
import { buildOpenApiDocument } from '../openapi-document.js';

const file = path.join(findRepoRoot(), 'openapi', 'openapi.json');
const document = await buildOpenApiDocument();
await fs.mkdir(path.dirname(file), { recursive: true });
await fs.writeFile(file, `${JSON.stringify(document, null, 2)}\n`);
console.log(
  `wrote ${path.relative(process.cwd(), file)} (${Object.keys((document as { paths: object }).paths).length} paths)`,
);
