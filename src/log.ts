// Structured logging through pino, to standard error so that reports on
// standard output stay machine-readable. Lines are formatted for people by
// pino-pretty (in colour on a terminal); LAYERLENS_LOG_FORMAT=json keeps
// pino's JSON, one object a line, for log collectors.
import { pino, type Logger } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

/**
 * Returns the starting level: LAYERLENS_LOG_LEVEL, else the CLI's
 * `--verbose`/`--quiet` flags. Modules create their child loggers when they
 * are imported, before the CLI parses its options, and a pino child keeps
 * the level it was created with, so the flags are read here.
 */
function initialLevel(): string {
  if (process.env.LAYERLENS_LOG_LEVEL) return process.env.LAYERLENS_LOG_LEVEL;
  const args = process.argv.slice(2);
  if (args.includes('-q') || args.includes('--quiet')) return 'error';
  if (args.includes('-v') || args.includes('--verbose')) return 'info';
  return 'warn';
}

function createRootLogger(): Logger {
  const level = initialLevel();
  if (process.env.LAYERLENS_LOG_FORMAT === 'json') {
    return pino({ level }, pino.destination(2));
  }
  const colorize = process.stderr.isTTY === true;
  return pino({ level }, pretty({ destination: 2, sync: true, colorize, ignore: 'pid,hostname', translateTime: 'SYS:HH:MM:ss' }));
}

let root: Logger = createRootLogger();

/** Sets the level of the root logger; child loggers made later inherit it. */
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
