// Structured logging through pino, to standard error so that reports on
// standard output stay machine-readable.
import { pino, type Logger } from 'pino';

export type { Logger };

let root: Logger = pino({ level: process.env.LAYERLENS_LOG_LEVEL ?? 'warn' }, pino.destination(2));

/** Sets the level of every logger made from now on, and of the root logger. */
export function setLogLevel(level: 'silent' | 'error' | 'warn' | 'info' | 'debug' | 'trace'): void {
  root.level = level;
}

/** Returns a child logger tagged with the component name. */
export function logger(component: string): Logger {
  return root.child({ component });
}

/** Replaces the root logger; tests use it to capture log lines. */
export function setRootLogger(next: Logger): void {
  root = next;
}
