// The SQLite rpm database `rpmdb.sqlite` (rpm >= 4.16: Fedora 33+, RHEL 9,
// CBL-Mariner). Each row of the `Packages` table holds one header blob in
// its `blob` column, as rpm's lib/backend/sqlite.c writes it and go-rpmdb's
// pkg/sqlite3/sqlite3.go reads it. The file is opened from memory, never
// from disk.
import Database from 'better-sqlite3';

export const SQLITE_MAGIC = Buffer.from('SQLite format 3\0', 'latin1');

/** Byte offsets of the file format's write and read versions: 1 is a rollback journal, 2 is WAL. */
const WRITE_VERSION_OFFSET = 18;
const READ_VERSION_OFFSET = 19;

/**
 * Returns the header blob of every row of the Packages table, in row order.
 * Throws better-sqlite3's SqliteError when the file is not a readable
 * database or lacks the table.
 */
export function readSqliteBlobs(file: Buffer): Buffer[] {
  // rpm runs its database in WAL mode, and SQLite cannot open an in-memory
  // image of a WAL database, so the copy is marked as a rollback-journal
  // database. The main file then reads as it was at the last checkpoint.
  // NOTE: rows still only in rpmdb.sqlite-wal are not seen.
  const image = Buffer.from(file);
  if (image.length > READ_VERSION_OFFSET && image[WRITE_VERSION_OFFSET] === 2 && image[READ_VERSION_OFFSET] === 2) {
    image[WRITE_VERSION_OFFSET] = 1;
    image[READ_VERSION_OFFSET] = 1;
  }

  const db = new Database(image, { readonly: true });
  try {
    const rows = db.prepare('SELECT blob FROM Packages ORDER BY hnum').raw().all() as unknown[][];
    return rows.map((row) => row[0]).filter((blob): blob is Buffer => Buffer.isBuffer(blob));
  } finally {
    db.close();
  }
}
