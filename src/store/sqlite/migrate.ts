// Brings a store's schema up to date when it is opened. Each migration runs
// in its own write-locked transaction, so two processes opening a new store
// at once apply it once.
import type { Database } from 'better-sqlite3';
import { UserError } from '../../errors.js';
import { logger } from '../../log.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS, type Migration } from './schema.js';

const log = logger('store');

/**
 * Applies the migrations that the store lacks. Throws a UserError when the
 * store was written by a newer LayerLens or is a SQLite database that
 * LayerLens did not create.
 */
export function applyMigrations(db: Database, file: string): void {
  db.transaction(() => createMigrationTable(db, file)).immediate();

  const found = schemaVersion(db);
  if (found > LATEST_SCHEMA_VERSION) {
    throw new UserError(
      'STORE',
      `${file} was written by a newer LayerLens (schema version ${found}; this version reads up to ${LATEST_SCHEMA_VERSION}); upgrade LayerLens or use another --db`,
    );
  }

  for (const migration of MIGRATIONS) {
    db.transaction(() => applyMigration(db, file, migration)).immediate();
  }
}

/**
 * Throws a UserError when the database has tables but no schema_migrations
 * table: migrating someone else's database would add our tables to it.
 * Returns whether the schema_migrations table exists.
 */
export function checkIsStore(db: Database, file: string): boolean {
  const tables = db
    .prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'`)
    .pluck()
    .all() as string[];
  if (tables.includes('schema_migrations')) return true;
  if (tables.length === 0) return false;

  throw new UserError(
    'STORE',
    `${file} is a SQLite database that LayerLens did not create (it has no schema_migrations table); give --db the path of a LayerLens store or of a file that does not exist yet`,
  );
}

function createMigrationTable(db: Database, file: string): void {
  if (checkIsStore(db, file)) return;

  db.exec(`CREATE TABLE schema_migrations (
    version    INTEGER PRIMARY KEY,
    name       TEXT NOT NULL,
    applied_at TEXT NOT NULL
  )`);
}

function schemaVersion(db: Database): number {
  const version = db.prepare('SELECT max(version) FROM schema_migrations').pluck().get() as number | null;
  return version ?? 0;
}

function applyMigration(db: Database, file: string, migration: Migration): void {
  // Read again under the write lock: another process may have applied it meanwhile.
  if (schemaVersion(db) >= migration.version) return;

  db.exec(migration.sql);
  migration.run?.(db);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    migration.version,
    migration.name,
    new Date().toISOString(),
  );
  log.info({ file, version: migration.version, migration: migration.name }, 'applied store migration');
}
