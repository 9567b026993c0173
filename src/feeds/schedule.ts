// The per-updater schedule: an updater is due when its interval (the
// updater's default, or `updaters.config.<name>.interval`) has passed since
// its latest operation.
import type { Config } from '../config.js';
import type { UpdateOperation } from '../store/store.js';
import type { Updater } from './updater.js';

/** Time between runs of `updater`, in milliseconds: the configured interval, else the updater's default. */
export function intervalOf(updater: Updater, config: Config): number {
  return config.updaters.config[updater.name]?.interval ?? updater.interval;
}

/**
 * Returns when `updater` should run next: undefined when it never stored an
 * operation (it is due now).
 *
 * NOTE: only committed operations mark a run, so an updater whose upstream
 * did not change stays due and checks again on every `db update`, which
 * costs one conditional request per file (answered with 304).
 */
export function nextRunAt(updater: Updater, config: Config, lastOperation: UpdateOperation | undefined): Date | undefined {
  if (!lastOperation) return undefined;
  return new Date(Date.parse(lastOperation.createdAt) + intervalOf(updater, config));
}

/** True when `updater` has no operation yet or its interval has passed. */
export function isDue(updater: Updater, config: Config, lastOperation: UpdateOperation | undefined, now: Date): boolean {
  const next = nextRunAt(updater, config, lastOperation);
  return next === undefined || next.getTime() <= now.getTime();
}
