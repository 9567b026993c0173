// One measured database operation, in a process of its own so that its peak
// RSS is its own: `import DB FILE...` (feed files and bundles, as `db import`
// reads them), `export DB BUNDLE`, or `open DB` (the baseline: open and
// close the store). Prints one JSON line: a FeedChildResult.
import { Writable } from 'node:stream';
import { isUserError } from '../src/errors.js';
import { exportBundle } from '../src/feeds/bundle.js';
import { importFilesAndBundles } from '../src/cli/db-bundle.js';
import { openStore } from '../src/store/index.js';

export interface FeedChildResult {
  /** Wall time of the operation itself, without process start and module loading. */
  ms: number;
  /** Peak resident set size of the process, MiB (getrusage ru_maxrss). */
  maxRssMiB: number;
  /** Feed name → record count of its current operation, after the operation. */
  feeds: Record<string, number>;
  /** The UserError message when the operation rejected its input. */
  rejected?: string;
}

async function main(): Promise<void> {
  const [mode, db, ...files] = process.argv.slice(2);
  const store = await openStore(db);
  const started = process.hrtime.bigint();
  let rejected: string | undefined;

  try {
    if (mode === 'import') await importFilesAndBundles(store, files, discard(), true);
    else if (mode === 'export') await exportBundle(store, files[0]);
    else if (mode !== 'open') throw new Error(`unknown mode ${mode}; use import, export or open`);
  } catch (err) {
    if (!isUserError(err)) throw err;
    rejected = err.message;
  }

  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  const feeds = Object.fromEntries((await store.feedStatus()).map((status) => [status.feed, status.recordCount]));
  await store.close();

  // maxRSS is in KiB.
  const result: FeedChildResult = { ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, feeds, rejected };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function discard(): Writable {
  return new Writable({ write: (_chunk, _encoding, done) => done() });
}

await main();
