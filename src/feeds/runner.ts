// The update runner behind `layerlens db update` and scan's auto-update:
// picks the updaters that are configured and due, runs each one, and stores
// each changed run as update operations. One failing updater never stops
// the others, and its previous operation stays in place.
import { isUserError, UserError } from '../errors.js';
import type { Config } from '../config.js';
import { logger } from '../log.js';
import type { Store, UpdateOperation } from '../store/store.js';
import { createHttpClient, type HttpClientOptions } from './http.js';
import { isDue, nextRunAt } from './schedule.js';
import type { FeedItem } from './types.js';
import type { Updater, UpdateRun } from './updater.js';

const log = logger('feeds.runner');

/** How often the runner reports the number of items stored so far. */
const ITEMS_PROGRESS_STEP = 1000;

export interface RunUpdatesOptions {
  /** Updater names, set prefixes or feed names from `--feed`: only these run, due or not. */
  feeds?: string[];
  /** Runs every selected updater even when it is not due. */
  force?: boolean;
  /** Runs only updaters that stored an operation before (scan's auto-update). */
  onlyPreviouslyRun?: boolean;
  onProgress?(event: UpdateProgress): void;
  /** HTTP settings over the config's, such as a dispatcher or short delays in tests. */
  http?: HttpClientOptions;
  now?: Date;
  signal?: AbortSignal;
}

export type UpdaterStatus = 'updated' | 'unchanged' | 'not-due' | 'failed';

export interface UpdaterOutcome {
  updater: string;
  status: UpdaterStatus;
  /** Operations the run committed; empty unless the status is `updated`. */
  operations: UpdateOperation[];
  /** For `not-due`: when the updater is due. */
  nextRun?: Date;
  error?: unknown;
}

export type UpdateProgress =
  | { kind: 'start'; updater: string; index: number; count: number }
  | { kind: 'items'; updater: string; count: number }
  | { kind: 'done'; outcome: UpdaterOutcome; index: number; count: number };

export interface UpdateSummary {
  outcomes: UpdaterOutcome[];
  failed: UpdaterOutcome[];
}

/** Runs the selected updaters one after another and stores what changed. */
export async function runUpdates(store: Store, updaters: readonly Updater[], config: Config, options: RunUpdatesOptions = {}): Promise<UpdateSummary> {
  const named = options.feeds !== undefined && options.feeds.length > 0;
  const selected = selectUpdaters(updaters, config, options.feeds);
  const now = options.now ?? new Date();

  const outcomes: UpdaterOutcome[] = [];
  for (const [position, updater] of selected.entries()) {
    if (options.signal?.aborted) break;
    const index = position + 1;
    const last = await store.updaterState(updater.name);

    if (options.onlyPreviouslyRun && !last) continue;
    if (!named && !options.force && !isDue(updater, config, last, now)) {
      const outcome: UpdaterOutcome = { updater: updater.name, status: 'not-due', operations: [], nextRun: nextRunAt(updater, config, last) };
      log.debug({ updater: updater.name, nextRun: outcome.nextRun }, 'updater not due');
      outcomes.push(outcome);
      options.onProgress?.({ kind: 'done', outcome, index, count: selected.length });
      continue;
    }

    options.onProgress?.({ kind: 'start', updater: updater.name, index, count: selected.length });
    const outcome = await runUpdater(store, updater, config, last?.state, options);
    outcomes.push(outcome);
    options.onProgress?.({ kind: 'done', outcome, index, count: selected.length });
  }

  return { outcomes, failed: outcomes.filter((outcome) => outcome.status === 'failed') };
}

/**
 * Returns the updaters to consider: those `--feed` names (by updater name,
 * prefix before `-`, or feed name), else those `updaters.sets` names, else
 * all. Unknown names in either, and `updaters.config` entries for no
 * updater, are rejected with the known names.
 */
export function selectUpdaters(updaters: readonly Updater[], config: Config, names?: string[]): Updater[] {
  const known = updaters.map((updater) => updater.name).join(', ');
  const configFile = config.file ? `config file ${config.file}` : 'the configuration';

  for (const name of Object.keys(config.updaters.config)) {
    if (!updaters.some((updater) => updater.name === name)) {
      throw new UserError('INVALID_CONFIG', `${configFile}: updaters.config.${name} names no updater; use one of ${known}`);
    }
  }
  for (const set of config.updaters.sets ?? []) {
    if (!updaters.some((updater) => selects(set, updater))) {
      throw new UserError('INVALID_CONFIG', `${configFile}: updaters.sets lists ${set}, which selects no updater; use names or prefixes of ${known}`);
    }
  }

  if (names !== undefined && names.length > 0) {
    for (const name of names) {
      if (!updaters.some((updater) => selects(name, updater))) {
        throw new UserError('USAGE', `--feed ${name} selects no updater; use one of ${known} (or a prefix such as debian, or a feed name)`);
      }
    }
    return updaters.filter((updater) => names.some((name) => selects(name, updater)));
  }

  const sets = config.updaters.sets;
  return sets === undefined ? [...updaters] : updaters.filter((updater) => sets.some((set) => selects(set, updater)));
}

function selects(name: string, updater: Updater): boolean {
  return updater.name === name || updater.name.startsWith(`${name}-`) || updater.feeds.includes(name);
}

/**
 * Runs one updater and stores its run. A failure of the updater or the
 * store is logged and returned; an invalid proxy setting is thrown, since
 * every updater would fail on it.
 */
async function runUpdater(
  store: Store,
  updater: Updater,
  config: Config,
  state: Record<string, unknown> | undefined,
  options: RunUpdatesOptions,
): Promise<UpdaterOutcome> {
  const settings = config.updaters.config[updater.name];
  const url = (settings?.url ?? updater.defaultUrl).replace(/\/+$/, '');
  const updaterLog = logger(`feeds.${updater.name}`);
  const http = createHttpClient({
    idleTimeoutMs: config.updaters.timeout,
    connectTimeoutMs: config.updaters.connectTimeout,
    retries: config.updaters.retries,
    log: updaterLog,
    signal: options.signal,
    ...options.http,
  });

  const started = Date.now();
  updaterLog.info({ updater: updater.name, url }, 'update started');
  let run: UpdateRun | undefined;
  try {
    run = await updater.update({
      url,
      http,
      state,
      options: settings?.options ?? {},
      log: updaterLog,
      signal: options.signal ?? new AbortController().signal,
    });
    if (!run) {
      // The check still counts as a run, so the updater is not due again before its interval.
      await store.recordUpdaterCheck(updater.name);
      updaterLog.info({ updater: updater.name, url, ms: Date.now() - started }, 'upstream not modified, nothing stored');
      return { updater: updater.name, status: 'unchanged', operations: [] };
    }

    const operations = await store.replaceFeedRecords(run.source, countItems(run.items, updater.name, options), {
      updater: updater.name,
      fingerprint: run.fingerprint,
      state: run.state,
      carryOver: run.carryOver,
      keep: config.updaters.retention,
    });
    const status = operations.length > 0 ? 'updated' : 'unchanged';
    updaterLog.info(
      { updater: updater.name, url, operations: operations.map((operation) => operation.id), records: sum(operations), ms: Date.now() - started },
      status === 'updated' ? 'update stored' : 'upstream content unchanged (same fingerprint), nothing stored',
    );
    return { updater: updater.name, status, operations };
  } catch (err) {
    if (options.signal?.aborted) {
      updaterLog.warn({ updater: updater.name, url }, 'update interrupted, the previous operation stays current');
      return { updater: updater.name, status: 'failed', operations: [], error: err };
    }
    // A UserError's message names the URL and the fix, so its stack would only bury that line.
    const logged = isUserError(err) ? { code: err.code, reason: err.message } : { err };
    updaterLog.error({ updater: updater.name, url, ...logged }, 'update failed, the previous operation stays current');
    return { updater: updater.name, status: 'failed', operations: [], error: err };
  } finally {
    await run?.cleanup?.().catch((err: unknown) => updaterLog.warn({ updater: updater.name, err }, 'removing temporary files failed'));
    await http.close();
  }
}

async function* countItems(items: AsyncIterable<FeedItem>, updater: string, options: RunUpdatesOptions): AsyncIterable<FeedItem> {
  let count = 0;
  for await (const item of items) {
    // Throwing here rolls the store's transaction back, so an interrupted run stores nothing.
    options.signal?.throwIfAborted();
    yield item;
    count++;
    if (count % ITEMS_PROGRESS_STEP === 0) options.onProgress?.({ kind: 'items', updater, count });
  }
  options.onProgress?.({ kind: 'items', updater, count });
}

function sum(operations: UpdateOperation[]): number {
  return operations.reduce((total, operation) => total + operation.recordCount, 0);
}
