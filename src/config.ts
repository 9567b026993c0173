// The configuration file (`--config FILE` or LAYERLENS_CONFIG), YAML with
// Clair-like keys:
//
//   updaters:
//     sets: [debian, alpine, osv]      # which updaters run (a name, or a prefix before '-')
//     retention: 3                     # operations kept per feed
//     timeout: 60s                     # no data for this long fails a request
//     connect_timeout: 30s
//     retries: 4
//     config:
//       alpine-secdb: { url: http://mirror.example/alpine-secdb, interval: 6h, branches: [v3.19, v3.20] }
//   matcher:
//     match_os_owned: false
//   db:
//     max_age: 24h                     # scan refreshes a `db update` database older than this
//
// Every key is validated when the file is loaded; an error names the key,
// the value and the fix.
import fs from 'node:fs';
import { load, YAMLException } from 'js-yaml';
import { UserError } from './errors.js';
import { DEFAULT_OPERATIONS_KEPT } from './store/store.js';

/** Settings of one updater: a mirror URL, a schedule, and updater-specific options. */
export interface UpdaterSettings {
  url?: string;
  /** Time between runs, in milliseconds. */
  interval?: number;
  /** Every other key, handed to the updater as `UpdaterContext.options`. */
  options: Record<string, unknown>;
}

export interface Config {
  /** File the configuration came from; undefined for the defaults. */
  file?: string;
  updaters: {
    /** Updater names or prefixes to run; undefined runs every updater. */
    sets?: string[];
    retention: number;
    /** Idle timeout of a request, in milliseconds. */
    timeout: number;
    /** Connect timeout, in milliseconds. */
    connectTimeout: number;
    retries: number;
    config: Record<string, UpdaterSettings>;
  };
  matcher: {
    matchOsOwned: boolean;
  };
  db: {
    /** Age of the newest `db update` operation after which `scan` refreshes the database, in milliseconds. */
    maxAge: number;
  };
}

const HOUR = 60 * 60 * 1000;

export const DEFAULT_MAX_AGE = 24 * HOUR;

/** Returns the configuration used when no file is given. */
export function defaultConfig(): Config {
  return {
    updaters: { retention: DEFAULT_OPERATIONS_KEPT, timeout: 60_000, connectTimeout: 30_000, retries: 4, config: {} },
    matcher: { matchOsOwned: false },
    db: { maxAge: DEFAULT_MAX_AGE },
  };
}

/** Loads `file` (YAML), or returns the defaults when no file is named. */
export function loadConfig(file: string | undefined = process.env.LAYERLENS_CONFIG || undefined): Config {
  if (file === undefined) return defaultConfig();

  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : (err as Error).message;
    throw new UserError('INVALID_CONFIG', `config file ${file}: ${reason}; give the path of a YAML file with --config FILE`, { cause: err });
  }

  // An empty file (or one of comments only) sets nothing, so the defaults apply.
  if (text.replace(/^\s*#.*$/gm, '').trim() === '') return { ...defaultConfig(), file };

  let document: unknown;
  try {
    document = load(text, { filename: file });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    const line = err.mark ? ` line ${err.mark.line + 1}` : '';
    throw new UserError('INVALID_CONFIG', `config file ${file}${line}: invalid YAML (${err.reason}); fix the syntax`, { cause: err });
  }
  return parseConfig(document ?? {}, file);
}

/** Validates a parsed configuration document. */
export function parseConfig(document: unknown, file = 'config'): Config {
  const config = defaultConfig();
  config.file = file;
  const reader = new KeyReader(file);

  const root = reader.object(document, '');
  reader.onlyKeys(root, '', ['updaters', 'matcher', 'db']);

  if (root.updaters !== undefined && root.updaters !== null) {
    const updaters = reader.object(root.updaters, 'updaters');
    reader.onlyKeys(updaters, 'updaters', ['sets', 'retention', 'timeout', 'connect_timeout', 'retries', 'config']);
    if (updaters.sets !== undefined) config.updaters.sets = reader.stringList(updaters.sets, 'updaters.sets');
    if (updaters.retention !== undefined) config.updaters.retention = reader.integer(updaters.retention, 'updaters.retention', 1);
    if (updaters.timeout !== undefined) config.updaters.timeout = reader.duration(updaters.timeout, 'updaters.timeout');
    if (updaters.connect_timeout !== undefined) config.updaters.connectTimeout = reader.duration(updaters.connect_timeout, 'updaters.connect_timeout');
    if (updaters.retries !== undefined) config.updaters.retries = reader.integer(updaters.retries, 'updaters.retries', 0);
    if (updaters.config !== undefined && updaters.config !== null) config.updaters.config = readUpdaterSettings(reader, updaters.config);
  }

  if (root.matcher !== undefined && root.matcher !== null) {
    const matcher = reader.object(root.matcher, 'matcher');
    reader.onlyKeys(matcher, 'matcher', ['match_os_owned']);
    if (matcher.match_os_owned !== undefined) config.matcher.matchOsOwned = reader.boolean(matcher.match_os_owned, 'matcher.match_os_owned');
  }

  if (root.db !== undefined && root.db !== null) {
    const db = reader.object(root.db, 'db');
    reader.onlyKeys(db, 'db', ['max_age']);
    if (db.max_age !== undefined) config.db.maxAge = reader.duration(db.max_age, 'db.max_age');
  }
  return config;
}

function readUpdaterSettings(reader: KeyReader, value: unknown): Record<string, UpdaterSettings> {
  const settings: Record<string, UpdaterSettings> = {};
  for (const [name, entry] of Object.entries(reader.object(value, 'updaters.config'))) {
    const key = `updaters.config.${name}`;
    const fields = entry === null ? {} : reader.object(entry, key);
    const { url, interval, ...options } = fields;
    settings[name] = {
      url: url === undefined ? undefined : reader.url(url, `${key}.url`),
      interval: interval === undefined ? undefined : reader.duration(interval, `${key}.interval`),
      options,
    };
  }
  return settings;
}

const DURATION_UNITS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: HOUR, d: 24 * HOUR };

/**
 * Parses a duration such as `24h`, `90m`, `1h30m`, `45s`, `500ms` or `7d`
 * (Go's duration syntax plus days). Returns milliseconds, or undefined when
 * the text is not a duration.
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^(\d+(\.\d+)?(ms|s|m|h|d))+$/.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h|d)/g)) total += Number(amount) * DURATION_UNITS[unit!]!;
  return total;
}

/** Reads typed values out of the parsed YAML; every failure names the dotted key. */
class KeyReader {
  constructor(private readonly file: string) {}

  fail(key: string, problem: string, fix: string): never {
    throw new UserError('INVALID_CONFIG', `config file ${this.file}: ${key || 'the top level'} ${problem}; ${fix}`);
  }

  object(value: unknown, key: string): Record<string, unknown> {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) this.fail(key, `is ${describe(value)}`, 'write a mapping of keys to values');
    return value as Record<string, unknown>;
  }

  onlyKeys(object: Record<string, unknown>, key: string, known: string[]): void {
    for (const name of Object.keys(object)) {
      if (!known.includes(name)) this.fail(key ? `${key}.${name}` : name, 'is not a known key', `use one of ${known.join(', ')}`);
    }
  }

  stringList(value: unknown, key: string): string[] {
    if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
      this.fail(key, `is ${describe(value)}`, 'write a list of names, such as [debian, alpine]');
    }
    return value as string[];
  }

  integer(value: unknown, key: string, min: number): number {
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min) this.fail(key, `is ${describe(value)}`, `write a whole number of at least ${min}`);
    return value;
  }

  boolean(value: unknown, key: string): boolean {
    if (typeof value !== 'boolean') this.fail(key, `is ${describe(value)}`, 'write true or false');
    return value;
  }

  duration(value: unknown, key: string): number {
    const parsed = typeof value === 'string' ? parseDuration(value) : undefined;
    if (parsed === undefined || parsed <= 0) this.fail(key, `is ${describe(value)}, not a duration`, 'write a duration such as 24h, 30m, 1h30m or 45s');
    return parsed;
  }

  url(value: unknown, key: string): string {
    let parsed: URL | undefined;
    try {
      parsed = typeof value === 'string' ? new URL(value) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
      this.fail(key, `is ${describe(value)}, not an http or https URL`, 'write the base URL of the mirror, such as https://mirror.example/feeds');
    }
    return value as string;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return JSON.stringify(value);
}
