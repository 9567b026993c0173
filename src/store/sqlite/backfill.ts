// Fills the columns that migration 2 adds to records stored before it: the
// content digest and the record date, computed as the import computes them
// for new records, and each operation's newest record date.
import type { Database } from 'better-sqlite3';
import { itemDate, storedItemDigest } from '../item-digest.js';
import { recordFromRow, type RecordRow } from './vulnerability-records.js';

const ROWS_PER_BATCH = 1000;

export function backfillRecordDigests(db: Database): void {
  const selectBatch = db.prepare<[number, number], RecordRow>(`
    SELECT r.rowid, o.feed, r.advisory_id, r.cves, r.aliases, r.distribution, r.release, r.package_name, r.state,
           r.fixed_version, r.vendor_severity, r.severity, r.description, r.links, r.published, r.extra
    FROM vulnerability_records r JOIN update_operations o ON o.id = r.operation_id
    WHERE r.rowid > ? ORDER BY r.rowid LIMIT ?`);
  const update = db.prepare<[Buffer, string | null, number]>('UPDATE vulnerability_records SET digest = ?, record_date = ? WHERE rowid = ?');

  for (let after = 0; ; ) {
    const rows = selectBatch.all(after, ROWS_PER_BATCH);
    for (const row of rows) {
      const record = recordFromRow(row);
      update.run(storedItemDigest(record), itemDate(record) ?? null, row.rowid);
    }
    if (rows.length < ROWS_PER_BATCH) break;
    after = rows[rows.length - 1].rowid;
  }

  db.exec(`UPDATE update_operations SET newest_record =
    (SELECT max(record_date) FROM vulnerability_records WHERE operation_id = update_operations.id)`);
}
