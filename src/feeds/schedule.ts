// The per-updater schedule: an updater is due when its interval (the
// updater's default, or `updaters.config.<name>.interval`) has passed since
// it last finished a run, whether that run stored an operation or found
// upstream unchanged.
import type { Config } from '../config.js';
import type { UpdaterState } from '../store/store.js';
import type { Updater } from './updater.js';

/** Returns the time between runs of `updater`, in milliseconds: the configured interval, else the updater's default. */
export function intervalOf(updater: Updater, config: Config): number {
  return config.updaters.config[updater.name]?.interval ?? updater.interval;
}

/**
 * Returns when `updater` should run next, or undefined when it never stored
 * an operation (it is due now).
 */
export function nextRunAt(updater: Updater, config: Config, last: UpdaterState | undefined): Date | undefined {
  if (!last) return undefined;
  return new Date(Date.parse(last.checkedAt) + intervalOf(updater, config));
}

/** True when `updater` has no operation yet or its interval has passed. */
export function isDue(updater: Updater, config: Config, last: UpdaterState | undefined, now: Date): boolean {
  const next = nextRunAt(updater, config, last);
  return next === undefined || next.getTime() <= now.getTime();
}
