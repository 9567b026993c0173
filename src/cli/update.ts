// `layerlens db update [--feed NAME...] [--force]`: runs the feed updaters
// that are configured and due, and prints one line per updater.
import type { Writable } from 'node:stream';
import { loadConfig } from '../config.js';
import { UserError } from '../errors.js';
import { runUpdates, type RunUpdatesOptions, type UpdaterOutcome } from '../feeds/runner.js';
import { defaultUpdaters } from '../feeds/updaters.js';
import type { Updater } from '../feeds/updater.js';
import { openStore } from '../store/index.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { createUpdateProgressDisplay } from './update-progress.js';

/** 128 + SIGINT, as shells report a command stopped by Ctrl-C. */
const INTERRUPTED_EXIT_CODE = 130;

export interface DbUpdateOptions {
  feed?: string[];
  force?: boolean;
}

/** Replacements for tests: the updaters, HTTP settings and the error stream. */
export interface DbUpdateDependencies {
  updaters?: readonly Updater[];
  http?: RunUpdatesOptions['http'];
  errors?: Writable;
}

/** Runs the updaters and returns the exit code: 1 when any updater failed, 130 when interrupted, else 0. */
export async function runDbUpdate(
  options: DbUpdateOptions,
  globals: GlobalOptions,
  output: Writable = process.stdout,
  dependencies: DbUpdateDependencies = {},
): Promise<number> {
  if (globals.offline) {
    throw new UserError('USAGE', 'db update fetches feeds from the network, and --offline forbids it; drop --offline, or import files with `layerlens db import FILE...`');
  }

  const config = loadConfig(globals.config);
  const errors = dependencies.errors ?? process.stderr;
  const store = await openStore(storeLocation(globals));
  const progress = createUpdateProgressDisplay();

  // Ctrl-C stops the running updater (its temporary files are removed and nothing of it is stored) and skips the rest.
  const interrupt = new AbortController();
  const onInterrupt = (): void => interrupt.abort(new Error('interrupted'));
  process.once('SIGINT', onInterrupt);

  try {
    const summary = await runUpdates(store, dependencies.updaters ?? defaultUpdaters(), config, {
      feeds: options.feed,
      force: options.force,
      http: dependencies.http,
      signal: interrupt.signal,
      onProgress: (event) => progress.update(event),
    });
    progress.done();

    if (interrupt.signal.aborted) {
      errors.write('layerlens: db update interrupted; the updater that was running and those after it keep their previous operations\n');
      return INTERRUPTED_EXIT_CODE;
    }

    for (const outcome of summary.outcomes) {
      if (outcome.status === 'failed') errors.write(`layerlens: ${outcome.updater} failed: ${errorMessage(outcome.error)}\n`);
      else if (!globals.quiet) output.write(`${describeOutcome(outcome)}\n`);
    }
    return summary.failed.length > 0 ? 1 : 0;
  } finally {
    process.off('SIGINT', onInterrupt);
    progress.done();
    await store.close();
  }
}

function describeOutcome(outcome: UpdaterOutcome): string {
  switch (outcome.status) {
    case 'updated': {
      const operations = outcome.operations.map((operation) => `${operation.feed} operation ${operation.id}, ${operation.recordCount} records`);
      return `${outcome.updater}: updated (${operations.join('; ')})`;
    }
    case 'unchanged':
      return `${outcome.updater}: unchanged since the last update`;
    case 'not-due':
      return `${outcome.updater}: not due until ${outcome.nextRun?.toISOString()} (add --force, or name it with --feed, to run it now)`;
    case 'failed':
      return `${outcome.updater}: failed: ${errorMessage(outcome.error)}`;
  }
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
