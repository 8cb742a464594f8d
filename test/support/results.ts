// Counts the results tap saved per test file (.tap/test-results/*.tap). A "test" here is a
// top-level subtest of a file: one behaviour a user would notice, not each assertion in it.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { Parser } from 'tap-parser';

export interface Counts {
  passed: number;
  failed: number;
  skipped: number;
}

async function files(dir: string): Promise<string[]> {
  const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
  const out: string[] = [];
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await files(full)));
    else if (entry.name.endsWith('.tap')) out.push(full);
  }
  return out;
}

export async function countResults(dir: string): Promise<Counts> {
  const counts: Counts = { passed: 0, failed: 0, skipped: 0 };
  for (const file of await files(dir)) {
    const text = await fs.readFile(file, 'utf8');
    const fileCounts: Counts = { passed: 0, failed: 0, skipped: 0 };
    await new Promise<void>((resolve) => {
      const parser = new Parser((final) => {
        // A file that died before reporting its plan counts as one failure; so does one that reported
        // nothing at all (it failed to load: tap leaves its results empty, which reads as "no tests").
        const empty = final.count === 0 && final.plan.skipReason === 'no tests found';
        if ((!final.ok || empty) && fileCounts.failed === 0) fileCounts.failed += 1;
        resolve();
      });
      parser.on('assert', (result: { ok: boolean; skip?: unknown; todo?: unknown }) => {
        if (result.skip || result.todo) fileCounts.skipped += 1;
        else if (result.ok) fileCounts.passed += 1;
        else fileCounts.failed += 1;
      });
      parser.end(text);
    });
    counts.passed += fileCounts.passed;
    counts.failed += fileCounts.failed;
    counts.skipped += fileCounts.skipped;
  }
  return counts;
}
