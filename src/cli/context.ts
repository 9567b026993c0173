// Global options shared by every command, and the store's location.
import os from 'node:os';
import path from 'node:path';

export interface GlobalOptions {
  db?: string;
  /** Configuration file (YAML); also LAYERLENS_CONFIG. */
  config?: string;
  offline?: boolean;
  quiet?: boolean;
  verbose?: boolean;
}

/**
 * Returns the store location: `--db`, then LAYERLENS_DB, then
 * `layerlens/layerlens.db` under XDG_CACHE_HOME (default `~/.cache`).
 */
export function storeLocation(options: GlobalOptions): string {
  if (options.db) return options.db;
  if (process.env.LAYERLENS_DB) return process.env.LAYERLENS_DB;
  const cacheHome = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(cacheHome, 'layerlens', 'layerlens.db');
}
