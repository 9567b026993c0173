// The SQLite schema, as numbered migrations. A migration is never edited
// once released: a schema change is a new entry at the end of the list.
import type { Database } from 'better-sqlite3';
import { backfillRecordDigests } from './backfill.js';

export interface Migration {
  /** Position in the list, from 1, stored in `schema_migrations.version`. */
  version: number;
  name: string;
  sql: string;
  /** Runs after `sql` in the same transaction, for data that SQL alone cannot compute. */
  run?(db: Database): void;
}

// JSON columns contain arrays and nested objects. An `extra` column contains,
// as a JSON object, the fields of the stored type that have no column of
// their own (optional fields added to the type later), so that they survive a
// round trip. It is NULL when there are none.
const initialSchema = `
-- One row per layer read: its whiteouts and opaque directories (LayerChanges as JSON).
CREATE TABLE layers (
  digest     TEXT PRIMARY KEY,
  changes    TEXT NOT NULL,
  scanned_at TEXT NOT NULL
);

-- What one scanner version found in one layer (LayerFindings as JSON).
-- Findings of older scanner versions stay until the layer is scanned again
-- by them; a store shared by two LayerLens versions then serves both.
CREATE TABLE layer_findings (
  layer_digest    TEXT NOT NULL REFERENCES layers (digest) ON DELETE CASCADE,
  scanner         TEXT NOT NULL,
  scanner_version TEXT NOT NULL,
  findings        TEXT NOT NULL,
  PRIMARY KEY (layer_digest, scanner, scanner_version)
);

CREATE TABLE index_reports (
  manifest_digest TEXT PRIMARY KEY,
  reference       TEXT NOT NULL,
  distribution    TEXT,
  layers          TEXT NOT NULL,
  extra           TEXT,
  indexed_at      TEXT NOT NULL
);

-- The packages of each index report, one row each, so that the notifier can
-- find the manifests that contain a package without reading every report.
CREATE TABLE index_report_packages (
  manifest_digest TEXT NOT NULL REFERENCES index_reports (manifest_digest) ON DELETE CASCADE,
  position        INTEGER NOT NULL,
  ecosystem       TEXT NOT NULL,
  name            TEXT NOT NULL,
  version         TEXT NOT NULL,
  source_name     TEXT NOT NULL,
  source_version  TEXT NOT NULL,
  arch            TEXT NOT NULL,
  path            TEXT NOT NULL,
  layer           TEXT NOT NULL,
  extra           TEXT,
  PRIMARY KEY (manifest_digest, position)
);
CREATE INDEX index_report_packages_by_name ON index_report_packages (ecosystem, name);
CREATE INDEX index_report_packages_by_source ON index_report_packages (ecosystem, source_name);

-- One row per feed per import. created_at stays NULL while the importing
-- transaction is open, so that reads on the same connection skip it.
CREATE TABLE update_operations (
  id           INTEGER PRIMARY KEY AUTOINCREMENT,
  feed         TEXT NOT NULL,
  source       TEXT NOT NULL,
  created_at   TEXT,
  record_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX update_operations_by_feed ON update_operations (feed, id);

-- The records each operation stored. A feed's current records are those of
-- its latest operation; the one before is kept so that the two can be diffed.
CREATE TABLE vulnerability_records (
  operation_id    INTEGER NOT NULL REFERENCES update_operations (id) ON DELETE CASCADE,
  advisory_id     TEXT NOT NULL,
  cves            TEXT NOT NULL,
  aliases         TEXT NOT NULL,
  distribution    TEXT NOT NULL,
  release         TEXT NOT NULL,
  package_name    TEXT NOT NULL,
  state           TEXT NOT NULL,
  fixed_version   TEXT,
  vendor_severity TEXT,
  severity        TEXT NOT NULL,
  description     TEXT,
  links           TEXT NOT NULL,
  published       TEXT,
  extra           TEXT
);
CREATE INDEX vulnerability_records_by_package ON vulnerability_records (distribution, release, package_name);
CREATE INDEX vulnerability_records_by_operation ON vulnerability_records (operation_id);
`;

// Update operations become what the updaters need: who wrote them, what
// upstream content they contain (fingerprint), the updater's state for its next
// run and the newest record date. Each row gets a digest of its content
// (a BLOB, see storedItemDigest, despite the TEXT column type),
// the key of the diff between two operations, and a date column from which
// the operation's newest record date is computed.
const updateOperations = `
ALTER TABLE update_operations ADD COLUMN updater TEXT;
ALTER TABLE update_operations ADD COLUMN fingerprint TEXT;
ALTER TABLE update_operations ADD COLUMN state TEXT;
ALTER TABLE update_operations ADD COLUMN newest_record TEXT;
CREATE INDEX update_operations_by_updater ON update_operations (updater, id);

ALTER TABLE vulnerability_records ADD COLUMN digest TEXT NOT NULL DEFAULT '';
ALTER TABLE vulnerability_records ADD COLUMN record_date TEXT;
DROP INDEX vulnerability_records_by_operation;
CREATE INDEX vulnerability_records_by_operation ON vulnerability_records (operation_id, digest);

-- Data about a CVE that names no package (NVD, EPSS, KEV), one row per
-- CVE and kind in each operation. data holds the EnrichmentRecord without
-- its feed, kind and cve, as JSON.
CREATE TABLE enrichments (
  operation_id INTEGER NOT NULL REFERENCES update_operations (id) ON DELETE CASCADE,
  cve          TEXT NOT NULL,
  kind         TEXT NOT NULL,
  data         TEXT NOT NULL,
  digest       TEXT NOT NULL,
  record_date  TEXT,
  PRIMARY KEY (operation_id, cve, kind)
);
CREATE INDEX enrichments_by_cve ON enrichments (cve);
CREATE INDEX enrichments_by_digest ON enrichments (operation_id, digest);
`;

// When each updater last ran to the end, changed or not, so that an
// updater whose upstream stays unchanged is not due again at once.
const updaterChecks = `
CREATE TABLE updater_checks (
  updater    TEXT PRIMARY KEY,
  checked_at TEXT NOT NULL
);
`;

export const MIGRATIONS: readonly Migration[] = [
  { version: 1, name: 'initial schema', sql: initialSchema },
  { version: 2, name: 'update operations for updaters', sql: updateOperations, run: backfillRecordDigests },
  { version: 3, name: 'updater checks', sql: updaterChecks },
];

export const LATEST_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;
