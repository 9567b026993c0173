// Enrichment records (NVD, EPSS, KEV): data about a CVE that names no
// package, one row per CVE and kind in each update operation. Lookups see
// the rows of each feed's latest committed operation.
import type { Database, Statement } from 'better-sqlite3';
import type { EnrichmentRecord } from '../../feeds/types.js';
import { itemDate, storedItemDigest } from '../item-digest.js';
import { CURRENT_OPERATIONS } from './update-operations.js';
import type { RowidRange } from './vulnerability-records.js';

export interface EnrichmentRow {
  rowid: number;
  feed: string;
  cve: string;
  kind: EnrichmentRecord['kind'];
  data: string;
}

/** Fields with a column of their own; the rest of the record goes to `data`. */
const KEY_FIELDS = new Set(['feed', 'cve', 'kind']);

const SELECT_ENRICHMENT = `
  SELECT e.rowid, o.feed, e.cve, e.kind, e.data
  FROM enrichments e JOIN update_operations o ON o.id = e.operation_id`;

const COPIED_COLUMNS = 'cve, kind, data, digest, record_date';

/** CVE ids bound per lookup, under SQLite's limit of bound parameters. */
const CVES_PER_QUERY = 500;

export class EnrichmentTable {
  private readonly upsert: Statement<[number, string, string, string, Buffer, string | null]>;
  private readonly carryRows: Statement<{ from: number; to: number; remove: string }>;
  private readonly selectPage: Statement<[number, number, number, number], EnrichmentRow>;
  private readonly selectRowidRange: Statement<[number], RowidRange>;
  private readonly selectMissing: Statement<{ from: number; other: number }, EnrichmentRow>;
  private readonly findStatements = new Map<number, Statement<string[], EnrichmentRow>>();

  constructor(private readonly db: Database) {
    // A CVE that comes twice in one run (NVD pages shift while they are read) keeps its last content.
    this.upsert = db.prepare(`
      INSERT INTO enrichments (operation_id, cve, kind, data, digest, record_date) VALUES (?, ?, ?, ?, ?, ?)
      ON CONFLICT (operation_id, cve, kind) DO UPDATE
        SET data = excluded.data, digest = excluded.digest, record_date = excluded.record_date`);
    this.carryRows = db.prepare(`
      INSERT INTO enrichments (operation_id, ${COPIED_COLUMNS})
      SELECT :to, ${COPIED_COLUMNS} FROM enrichments
      WHERE operation_id = :from
        AND cve NOT IN (SELECT value FROM json_each(:remove))
        AND cve NOT IN (SELECT cve FROM enrichments WHERE operation_id = :to)
      ORDER BY rowid`);
    // Bounded by rowid for the reason given in vulnerability-records.ts.
    this.selectPage = db.prepare(`${SELECT_ENRICHMENT} WHERE e.rowid > ? AND e.rowid <= ? AND +e.operation_id = ? ORDER BY e.rowid LIMIT ?`);
    this.selectRowidRange = db.prepare('SELECT min(rowid) AS first, max(rowid) AS last FROM enrichments WHERE operation_id = ?');
    this.selectMissing = db.prepare(`
      ${SELECT_ENRICHMENT}
      WHERE e.operation_id = :from AND e.digest NOT IN (SELECT digest FROM enrichments WHERE operation_id = :other)
      ORDER BY e.rowid`);
  }

  insert(operationId: number, record: EnrichmentRecord): void {
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(record)) {
      if (!KEY_FIELDS.has(key) && value !== undefined) data[key] = value;
    }
    this.upsert.run(operationId, record.cve, record.kind, JSON.stringify(data), storedItemDigest(record), itemDate(record) ?? null);
  }

  /** Copies the rows of operation `from` into operation `to`, except CVEs in `remove` or already in `to`. */
  carry(from: number, to: number, remove: ReadonlySet<string>): void {
    this.carryRows.run({ from, to, remove: JSON.stringify([...remove]) });
  }

  /** Returns the first and last rowid of the operation's rows; both are null when it has none. */
  rowidRange(operationId: number): RowidRange {
    return this.selectRowidRange.get(operationId)!;
  }

  /** Returns up to `limit` rows of the operation after `afterRowid`, up to `lastRowid`, in insertion order. */
  page(operationId: number, afterRowid: number, lastRowid: number, limit: number): EnrichmentRow[] {
    return this.selectPage.all(afterRowid, lastRowid, operationId, limit);
  }

  /** Rows of operation `from` whose content no row of operation `other` has. */
  missingFrom(from: number, other: number): EnrichmentRecord[] {
    return this.selectMissing.all({ from, other }).map(enrichmentFromRow);
  }

  /** Returns the current enrichment of every feed for the CVE ids, in storage order per chunk of ids. */
  find(cves: readonly string[]): EnrichmentRecord[] {
    const unique = [...new Set(cves.map((cve) => cve.toUpperCase()))];
    const found: EnrichmentRecord[] = [];
    for (let start = 0; start < unique.length; start += CVES_PER_QUERY) {
      const chunk = unique.slice(start, start + CVES_PER_QUERY);
      for (const row of this.findStatement(chunk.length).all(...chunk)) found.push(enrichmentFromRow(row));
    }
    return found;
  }

  private findStatement(count: number): Statement<string[], EnrichmentRow> {
    let statement = this.findStatements.get(count);
    if (statement === undefined) {
      const placeholders = new Array<string>(count).fill('?').join(', ');
      statement = this.db.prepare<string[], EnrichmentRow>(`
        ${SELECT_ENRICHMENT}
        WHERE e.cve IN (${placeholders}) AND e.operation_id IN (${CURRENT_OPERATIONS})
        ORDER BY e.rowid`);
      this.findStatements.set(count, statement);
    }
    return statement;
  }
}

export function enrichmentFromRow(row: EnrichmentRow): EnrichmentRecord {
  return { ...(JSON.parse(row.data) as Partial<EnrichmentRecord>), feed: row.feed, kind: row.kind, cve: row.cve };
}
