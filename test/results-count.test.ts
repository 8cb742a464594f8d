// The last line of `npm test` ("N passed, N failed, N skipped") counts what tap saved per file.
// A file that could not even load leaves an empty result: that must count as a failure, not as
// nothing (it once read "0 failed" under a red run).
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import t from 'tap';
import { countResults } from './support/results.js';

async function count(files: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'circles-results-'));
  try {
    for (const [name, text] of Object.entries(files)) await writeFile(path.join(dir, `${name}.tap`), text);
    return await countResults(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

t.test('passing, failing and skipped subtests are counted one by one', async (t) => {
  const counts = await count({
    a: 'TAP version 14\nok 1 - works\nnot ok 2 - breaks\nok 3 - later # SKIP no server\n1..3\n',
  });
  t.same(counts, { passed: 1, failed: 1, skipped: 1 });
});

t.test('a file that failed to load (empty results) counts as one failure', async (t) => {
  const counts = await count({ good: 'TAP version 14\nok 1 - works\n1..1\n', broken: '' });
  t.same(counts, { passed: 1, failed: 1, skipped: 0 });
});

t.test('a file that died before its plan counts as one failure', async (t) => {
  const counts = await count({ died: 'TAP version 14\nok 1 - works\n' });
  t.same(counts, { passed: 1, failed: 1, skipped: 0 });
});
