// Feed import benchmarks. For every file in the shared feeds folder and its
// osv-recorded/ subfolder, it measures the import time and peak RSS of
// `db import` into a fresh store, with each import in a child process, and
// the store's size on disk. Files that no parser accepts are listed as
// skipped. Then it measures one store with every accepted file, its export
// as a bundle, and the bundle's import into an empty store.
//
// Run standalone: `node dist/bench/feeds.js`.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sharedFeedFiles } from '../test/feeds/shared-feed-files.js';
import { sharedPath } from '../test/shared.js';
import type { FeedChildResult } from './feeds-child.js';
import { median } from './median.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const CHILD = fileURLToPath(new URL('./feeds-child.js', import.meta.url));
const MIB = 1 << 20;

interface Measured {
  runs: FeedChildResult[];
  /** Store file size after each run, bytes (the database and its WAL file). */
  sizes: number[];
}

/** A file no parser accepted, or one whose import failed. */
interface NotImported {
  file: string;
  reason: string;
}

/** Runs one child operation and returns its result. It throws on a crash, but not on a rejected input. */
async function runChild(args: string[]): Promise<FeedChildResult> {
  const proc = spawn(process.execPath, [CHILD, ...args], {
    env: { ...process.env, LAYERLENS_LOG_LEVEL: 'error' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
  proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => proc.on('error', reject).on('exit', resolve));
  if (code !== 0) throw new Error(`${args.join(' ')} exited with ${code}: ${stderr.slice(-2000)}`);
  return JSON.parse(stdout.trim().split('\n').pop() ?? '') as FeedChildResult;
}

/** Size of a SQLite store on disk: the database file plus its WAL file, if one is left. */
function storeSize(db: string): number {
  let size = 0;
  for (const file of [db, `${db}-wal`]) {
    if (fs.existsSync(file)) size += fs.statSync(file).size;
  }
  return size;
}

/**
 * Runs the measured child `runs` times, each with a store in a fresh folder
 * that is removed afterwards. `first` is a run already made, counted as run 1.
 */
async function measure(work: string, args: (db: string, dir: string) => string[], runs = RUNS, first?: Measured): Promise<Measured> {
  const measured: Measured = { runs: [...(first?.runs ?? [])], sizes: [...(first?.sizes ?? [])] };
  while (measured.runs.length < runs) {
    const dir = fs.mkdtempSync(path.join(work, 'run-'));
    const db = path.join(dir, 'store.db');
    try {
      measured.runs.push(await runChild(args(db, dir)));
      measured.sizes.push(storeSize(db));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  return measured;
}

function recordCount(result: FeedChildResult): number {
  return Object.values(result.feeds).reduce((sum, count) => sum + count, 0);
}

function row(label: string, measured: Measured, feeds: string): string {
  const ms = measured.runs.map((result) => result.ms);
  const rss = measured.runs.map((result) => result.maxRssMiB);
  const last = measured.runs[measured.runs.length - 1];
  return `| ${label} | ${feeds} | ${recordCount(last)} | ${median(ms).toFixed(0)} | ${ms.map((value) => value.toFixed(0)).join(', ')} | ${median(rss).toFixed(0)} | ${(median(measured.sizes) / MIB).toFixed(2)} |`;
}

export async function printFeedBench(): Promise<void> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-feeds-'));
  const feedsFolder = sharedPath('feeds');
  const accepted: string[] = [];
  const skipped: NotImported[] = [];
  const failed: NotImported[] = [];
  const rows: string[] = [];

  try {
    const baseline = await measure(work, (db) => ['open', db]);

    for (const file of sharedFeedFiles()) {
      const label = `\`${path.relative(feedsFolder, file)}\``;
      // The first run doubles as a probe, so that a file no parser accepts is not imported five times.
      const probe = await measure(work, (db) => ['import', db, file], 1);
      const rejected = probe.runs[0].rejected;
      if (rejected !== undefined) {
        const entry = { file: path.relative(feedsFolder, file), reason: rejected };
        if (/no known feed found/.test(rejected)) skipped.push(entry);
        else failed.push(entry);
        continue;
      }
      const measured = await measure(work, (db) => ['import', db, file], RUNS, probe);
      accepted.push(file);
      rows.push(row(label, measured, Object.keys(measured.runs[0].feeds).sort().join(', ') || 'none (no records of a known ecosystem)'));
    }

    const all = await measure(work, (db) => ['import', db, ...accepted]);

    // One store with every accepted file is exported RUNS times. Then one of its bundles is imported RUNS times.
    const sourceDb = path.join(work, 'source.db');
    const bundle = path.join(work, 'bundle.tar.gz');
    await runChild(['import', sourceDb, ...accepted]);
    const exported = await measure(work, (_db, dir) => ['export', sourceDb, path.join(dir, 'bundle.tar.gz')]);
    exported.sizes = exported.sizes.map(() => storeSize(sourceDb));
    await runChild(['export', sourceDb, bundle]);
    const bundleImport = await measure(work, (db) => ['import', db, bundle]);

    console.log('## Importing feeds');
    console.log('');
    console.log(`Machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}.`);
    console.log(`Command: \`npm run bench\`, or \`node dist/bench/feeds.js\` for this section alone (median of ${RUNS} runs; each import into a fresh store, each run in a child process).`);
    console.log('');
    console.log('| input | feeds | records | median ms | runs (ms) | median peak RSS MiB | store MiB |');
    console.log('|---|---|---|---|---|---|---|');
    console.log(row('open and close an empty store (baseline)', baseline, '-'));
    for (const line of rows) console.log(line);
    console.log(row(`all ${accepted.length} files above, one \`db import\``, all, `${Object.keys(all.runs[0].feeds).length} feeds`));
    console.log(row('`db export` of that store', exported, `${Object.keys(exported.runs[0].feeds).length} feeds`));
    console.log(row('`db import` of the bundle into an empty store', bundleImport, `${Object.keys(bundleImport.runs[0].feeds).length} feeds`));
    console.log('');
    console.log(`Bundle size: ${(fs.statSync(bundle).size / MIB).toFixed(2)} MiB (gzip tar).`);
    console.log('');
    if (skipped.length > 0) {
      console.log('Skipped (no parser accepts them):');
      console.log('');
      for (const entry of skipped) console.log(`- \`${entry.file}\``);
      console.log('');
    }
    if (failed.length > 0) {
      console.log('Failed (a parser accepts them, and the import rejected them):');
      console.log('');
      for (const entry of failed) console.log(`- \`${entry.file}\`: ${entry.reason}`);
      console.log('');
    }
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await printFeedBench();
}
