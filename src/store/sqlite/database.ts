// Opens the SQLite file of a store: creates its directory, sets the
// connection's pragmas and applies the pending migrations.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../errors.js';
import { applyMigrations, checkIsStore } from './migrate.js';

/** How long a statement waits for another process's write lock, in milliseconds. */
const BUSY_TIMEOUT_MS = 5000;

/** Opens (creating it when missing) the store database at `file`, with its schema up to date. */
export function openDatabase(file: string): Database.Database {
  createParentDirectory(file);

  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (err) {
    throw openError(err, file);
  }

  try {
    db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);

    // Checked before WAL mode is set, because that changes the file.
    checkIsStore(db, file);

    // WAL lets other processes read while an import writes. In WAL mode,
    // synchronous NORMAL survives an application crash, and only a power loss
    // or an operating system crash may roll back the last transactions.
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    db.pragma('foreign_keys = ON');
    applyMigrations(db, file);
  } catch (err) {
    db.close();
    throw openError(err, file);
  }

  return db;
}

function createParentDirectory(file: string): void {
  const directory = path.dirname(path.resolve(file));
  try {
    fs.mkdirSync(directory, { recursive: true });
  } catch (err) {
    throw new UserError(
      'STORE',
      `cannot create the directory ${directory} for the store ${file}: ${(err as Error).message}; give --db a path in a writable directory`,
      { cause: err },
    );
  }
}

/** Turns SQLite's errors about the file itself into a UserError that names it. */
function openError(err: unknown, file: string): unknown {
  if (err instanceof UserError || !(err instanceof Database.SqliteError)) return err;

  // better-sqlite3 reports extended result codes such as SQLITE_CANTOPEN_ISDIR.
  const primaryCode = /^SQLITE_[A-Z]+/.exec(err.code)?.[0];
  switch (primaryCode) {
    case 'SQLITE_NOTADB':
      return new UserError(
        'STORE',
        `${file} is not a SQLite database; give --db the path of a LayerLens store or of a file that does not exist yet`,
        { cause: err },
      );
    case 'SQLITE_CORRUPT':
      return new UserError(
        'STORE',
        `${file} is a corrupt SQLite database; restore it from a backup, or delete it and import the vulnerability feeds again`,
        { cause: err },
      );
    case 'SQLITE_CANTOPEN':
    case 'SQLITE_READONLY':
    case 'SQLITE_PERM':
      return new UserError(
        'STORE',
        `cannot open ${file} for writing (${err.message}); give --db the path of a writable file`,
        { cause: err },
      );
    default:
      return err;
  }
}
