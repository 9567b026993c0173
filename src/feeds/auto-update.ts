// Scan's auto-update policy. `scan` refreshes the database first only when
// all of these hold:
// - the newest operation in the database came from `db update` (it names
//   an updater and its source is an http or https URL), so databases filled
//   by `db import` of files or bundles, air-gapped ones included, are never
//   refreshed implicitly;
// - that operation is older than `db.max_age` (default 24h);
// - `--offline` is not given.
// Only updaters that stored an operation before and are due run; a failure
// is logged and the scan goes on with the data it has.
import type { Config } from '../config.js';
import { logger } from '../log.js';
import type { Store, UpdateOperation } from '../store/store.js';
import { runUpdates, type RunUpdatesOptions, type UpdateSummary } from './runner.js';
import type { Updater } from './updater.js';

const log = logger('feeds.auto-update');

export interface AutoUpdateOptions {
  offline?: boolean;
  now?: Date;
  http?: RunUpdatesOptions['http'];
}

/** Returns why the database is not refreshed, or undefined when it should be. */
export async function autoUpdateBlocker(store: Store, config: Config, options: AutoUpdateOptions = {}): Promise<string | undefined> {
  if (options.offline) return '--offline is given';

  const newest = newestOperation((await store.feedStatus()).map((status) => status.lastUpdate));
  if (!newest) return 'the database is empty';
  if (!newest.updater || !/^https?:\/\//.test(newest.source)) return `the newest operation (${newest.id}) was imported from ${newest.source}, not fetched by db update`;

  const age = (options.now ?? new Date()).getTime() - Date.parse(newest.createdAt);
  if (age < config.db.maxAge) return `the newest operation (${newest.id}) is younger than db.max_age`;
  return undefined;
}

/** Runs the due updaters when the policy above allows it; returns their summary, or undefined when nothing ran. */
export async function autoUpdate(store: Store, updaters: readonly Updater[], config: Config, options: AutoUpdateOptions = {}): Promise<UpdateSummary | undefined> {
  const blocker = await autoUpdateBlocker(store, config, options);
  if (blocker) {
    log.debug({ reason: blocker }, 'database not refreshed before the scan');
    return undefined;
  }

  log.info({ maxAgeMs: config.db.maxAge }, 'database older than db.max_age, running the due updaters before the scan');
  const summary = await runUpdates(store, updaters, config, { onlyPreviouslyRun: true, now: options.now, http: options.http });
  for (const outcome of summary.failed) {
    log.warn({ updater: outcome.updater, err: outcome.error }, 'auto-update failed, scanning with the records already stored');
  }
  return summary;
}

function newestOperation(operations: UpdateOperation[]): UpdateOperation | undefined {
  let newest: UpdateOperation | undefined;
  for (const operation of operations) {
    if (!newest || Date.parse(operation.createdAt) > Date.parse(newest.createdAt)) newest = operation;
  }
  return newest;
}
