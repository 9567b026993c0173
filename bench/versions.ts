// Version comparisons per second for every registered scheme, on the rows of
// its shared vector tables: `compare` over `<scheme>.tsv` and `satisfies`
// over `<scheme>-ranges.tsv` where the scheme has ranges.
//
// Each figure is the median of RUNS runs. A run repeats the table's rows
// enough times to last about RUN_TOTAL_MS / RUNS, judged from timed passes
// after a warm-up, so every scheme gets about the same measuring time
// whatever its speed. Run alone with `node dist/bench/versions.js`.
import fs from 'node:fs';
import os from 'node:os';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { getScheme, schemeNames } from '../src/versioning/index.js';
import type { RangeOptions, VersionScheme } from '../src/versioning/types.js';
import { sharedPath } from '../test/shared.js';
import { unescapeField } from '../test/versioning/vector-escapes.js';
import { readVectors, type VectorRow } from '../test/versioning/vectors.js';
import { median } from './median.js';

/** Measuring time per scheme and operation, shared among the runs. */
const RUN_TOTAL_MS = 1000;
/** Untimed warm-up, so the JIT has compiled the calls before they are timed. */
const WARM_UP_MS = 200;
/** Timed passes that choose the repeat count. */
const CALIBRATION_MS = 100;

export interface VersionBenchRow {
  scheme: string;
  operation: 'compare' | 'satisfies';
  /** Vector rows timed, each once per repeat. */
  rows: number;
  /** Vector rows left out because the scheme rejects one of their values. */
  rejected: number;
  /** How many times each run repeats the rows. */
  repeats: number;
  /** Median of the runs, in calls per second. */
  perSecond: number;
  /** Each run's calls per second. */
  runs: number[];
}

/** One timed call on prepared arguments; returns a number so that the work cannot be dropped. */
type Call = () => number;

// Every result is added to this module-level value, so the compiler cannot
// drop a call as unused.
let sink = 0;

/** Times `compare` and `satisfies` for every registered scheme that has vector files. */
export async function benchVersions(runs: number): Promise<VersionBenchRow[]> {
  const results: VersionBenchRow[] = [];

  for (const name of schemeNames()) {
    const scheme = getScheme(name);

    if (fs.existsSync(sharedPath('vectors', `${name}.tsv`))) {
      const { calls, rejected } = compareCalls(scheme, readVectors(`${name}.tsv`));
      results.push({ scheme: name, operation: 'compare', rejected, ...timeCalls(calls, runs) });
    }

    if (scheme.satisfies !== undefined && fs.existsSync(sharedPath('vectors', `${name}-ranges.tsv`))) {
      const { calls, rejected } = satisfiesCalls(scheme, readVectors(`${name}-ranges.tsv`));
      results.push({ scheme: name, operation: 'satisfies', rejected, ...timeCalls(calls, runs) });
    }
  }

  return results;
}

/** Returns one call per row that the scheme compares without an error. */
function compareCalls(scheme: VersionScheme, rows: VectorRow[]): { calls: Call[]; rejected: number } {
  const calls: Call[] = [];
  for (const row of rows) {
    const left = unescapeField(row.left!);
    const right = unescapeField(row.right!);
    calls.push(() => scheme.compare(left, right));
  }
  return keepWorkingCalls(calls);
}

/** Returns one call per range row that the scheme matches without an error, with the row's options. */
function satisfiesCalls(scheme: VersionScheme, rows: VectorRow[]): { calls: Call[]; rejected: number } {
  const satisfies = scheme.satisfies!.bind(scheme);
  const calls: Call[] = [];
  for (const row of rows) {
    const version = unescapeField(row.version!);
    const range = unescapeField(row.range!);
    const options = rangeOptions(row.options ?? '');
    calls.push(() => Number(satisfies(version, range, options)));
  }
  return keepWorkingCalls(calls);
}

/**
 * Maps the options column onto RangeOptions: node-semver's `loose` and
 * `includePrerelease`, and PEP 440's `prereleases=True`. Other options of
 * the reference libraries have no RangeOptions field and are left out.
 */
function rangeOptions(column: string): RangeOptions {
  const options: RangeOptions = {};
  for (const option of column.split(',')) {
    if (option === 'loose') options.loose = true;
    if (option === 'includePrerelease' || option === 'prereleases=True') options.includePrerelease = true;
  }
  return options;
}

/** Drops the calls that throw, such as rows that need an option the scheme's compare does not take. */
function keepWorkingCalls(calls: Call[]): { calls: Call[]; rejected: number } {
  const working = calls.filter((call) => {
    try {
      sink += call();
      return true;
    } catch {
      return false;
    }
  });
  return { calls: working, rejected: calls.length - working.length };
}

function timeCalls(calls: Call[], runs: number): Omit<VersionBenchRow, 'scheme' | 'operation' | 'rejected'> {
  const repeats = repeatsFor(calls, RUN_TOTAL_MS / runs);

  const perRun: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    for (let repeat = 0; repeat < repeats; repeat++) {
      for (const call of calls) sink += call();
    }
    const seconds = (performance.now() - started) / 1000;
    perRun.push((repeats * calls.length) / seconds);
  }

  return { rows: calls.length, repeats, perSecond: median(perRun), runs: perRun };
}

/**
 * Runs the calls for WARM_UP_MS so the JIT compiles them, then times passes
 * for CALIBRATION_MS and returns the repeat count that fills `targetMs`.
 */
function repeatsFor(calls: Call[], targetMs: number): number {
  if (calls.length === 0) return 0;
  runFor(calls, WARM_UP_MS);

  const started = performance.now();
  const passes = runFor(calls, CALIBRATION_MS);
  const msPerPass = (performance.now() - started) / passes;
  return Math.max(1, Math.round(targetMs / msPerPass));
}

/** Runs whole passes over the calls until `ms` have passed; returns the pass count. */
function runFor(calls: Call[], ms: number): number {
  let passes = 0;
  const started = performance.now();
  while (performance.now() - started < ms) {
    for (const call of calls) sink += call();
    passes++;
  }
  return passes;
}

function formatRate(perSecond: number): string {
  return Math.round(perSecond).toLocaleString('en-US');
}

/** Prints the results as a Markdown section for BENCHMARKS.md. */
export function printVersionBench(results: VersionBenchRow[], runs: number): void {
  const missing = ['dpkg', 'rpm', 'apk', 'semver', 'pep440', 'maven', 'gem', 'golang', 'nuget', 'composer'].filter(
    (name) => !schemeNames().includes(name),
  );

  console.log('## Version comparisons');
  console.log('');
  console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, Node.js ${process.version}.`);
  console.log(`Median of ${runs} runs; each run repeats the vector rows for about ${Math.round(RUN_TOTAL_MS / runs)} ms.`);
  if (missing.length > 0) console.log(`Schemes not registered, so not measured: ${missing.join(', ')}.`);
  console.log('');
  console.log('| scheme | operation | rows | repeats | median calls/s | runs (calls/s) |');
  console.log('|---|---|---|---|---|---|');
  for (const result of results) {
    const rows = result.rejected > 0 ? `${result.rows} (+${result.rejected} rejected)` : `${result.rows}`;
    console.log(
      `| ${result.scheme} | ${result.operation} | ${rows} | ${result.repeats} | ${formatRate(result.perSecond)} | ${result.runs.map(formatRate).join(', ')} |`,
    );
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const runs = Number(process.env.BENCH_RUNS ?? 5);
  printVersionBench(await benchVersions(runs), runs);
}
