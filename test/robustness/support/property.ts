// Seeded, reproducible property runs. Every run prints its seed; a failure prints the seed, the
// replay path and the shrunk counterexample.
//   CIRCLES_FUZZ_SEED=<n>   replay a run (the seed a failure printed)
//   CIRCLES_FUZZ_PATH=<p>   with the seed, jump straight to the failing case
//   CIRCLES_FUZZ_RUNS=<n>   more (or fewer) cases than the default, e.g. for a long local run
import fc from 'fast-check';

interface Reporter {
  comment(...message: unknown[]): void;
  fail(message: string): void;
  pass(message: string): void;
}

export function fuzzSeed(): number {
  const raw = process.env.CIRCLES_FUZZ_SEED;
  if (raw !== undefined && raw !== '') {
    const seed = Number(raw);
    if (!Number.isInteger(seed)) throw new Error(`CIRCLES_FUZZ_SEED must be an integer, got "${raw}"`);
    return seed;
  }
  return (Date.now() ^ (Math.random() * 0x100000000)) | 0;
}

export function fuzzRuns(fallback: number): number {
  const raw = process.env.CIRCLES_FUZZ_RUNS;
  return raw ? Math.max(1, Number.parseInt(raw, 10) || fallback) : fallback;
}

/**
 * Runs `predicate` (which throws to fail) over `numRuns` generated values and reports to tap.
 * Shrinking is bounded in time so that a failure still ends the file quickly.
 */
export async function runProperty<T>(
  t: Reporter,
  name: string,
  arbitrary: fc.Arbitrary<T>,
  predicate: (value: T) => Promise<void>,
  numRuns: number,
  file: string,
): Promise<void> {
  const seed = fuzzSeed();
  const path = process.env.CIRCLES_FUZZ_PATH;
  t.comment(
    `${name}: seed ${seed}, ${numRuns} cases (replay: CIRCLES_FUZZ_SEED=${seed} npm test -- ${file})`,
  );
  const started = Date.now();
  const details = await fc.check(fc.asyncProperty(arbitrary, predicate), {
    seed,
    numRuns,
    ...(path ? { path } : {}),
    interruptAfterTimeLimit: 240_000,
    markInterruptAsFailure: true,
  });
  t.comment(`${name}: ${details.numRuns} cases in ${Date.now() - started} ms`);
  if (details.failed) {
    t.fail(
      `${name} failed. Replay with CIRCLES_FUZZ_SEED=${seed} CIRCLES_FUZZ_PATH=${details.counterexamplePath} ` +
        `npm test -- ${file}\n${fc.defaultReportMessage(details)}\n` +
        `error: ${String((details.errorInstance as Error | undefined)?.message ?? details.errorInstance)}`,
    );
  } else {
    t.pass(`${name}: ${details.numRuns} cases hold`);
  }
}

/** Long strings are cut in printed counterexamples (a 300 KB body helps nobody). */
export function printable<T extends object>(value: T): T {
  return Object.assign(value, {
    [fc.toStringMethod]: () =>
      JSON.stringify(value, (_key, v) =>
        typeof v === 'string' && v.length > 400
          ? `${v.slice(0, 400)}...(${v.length} chars)`
          : v && v.type === 'Buffer' && Array.isArray(v.data)
            ? `<${v.data.length} bytes>`
            : v,
      ),
  });
}
