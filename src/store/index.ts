// Opens the store that `--db` names.
import { UserError } from '../errors.js';
import { SqliteStore } from './sqlite/sqlite-store.js';
import type { Store } from './store.js';

export type { Store } from './store.js';

const POSTGRES_URL = /^postgres(ql)?:\/\//i;

/**
 * Opens the store at `location`: a file path for the embedded SQLite store,
 * created with its parent directories when missing.
 */
export async function openStore(location: string): Promise<Store> {
  // NOTE: the PostgreSQL store is not written yet; its URLs are rejected here.
  if (POSTGRES_URL.test(location)) {
    throw new UserError('USAGE', 'PostgreSQL stores are not supported yet; give a SQLite file path');
  }
  // better-sqlite3 opens a temporary database for an empty name, which would lose every write.
  if (location.trim() === '') {
    throw new UserError('USAGE', 'the store location is empty; give --db (or LAYERLENS_DB) a SQLite file path');
  }
  return SqliteStore.open(location);
}
