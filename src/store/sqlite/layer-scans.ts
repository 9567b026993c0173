// Layer scans: a layer's whiteouts and opaque directories, and what each
// scanner version found in it.
import type { Database, Statement } from 'better-sqlite3';
import type { LayerChanges, LayerFindings, LayerScan } from '../../indexer/types.js';
import type { ScannerId } from '../store.js';

export class LayerScanTable {
  private readonly selectChanges: Statement<[string], string>;
  private readonly selectFindings: Statement<[string, string, string], string>;
  private readonly upsertLayer: Statement<[string, string, string]>;
  private readonly upsertFindings: Statement<[string, string, string, string]>;

  constructor(private readonly db: Database) {
    this.selectChanges = db.prepare<[string], string>('SELECT changes FROM layers WHERE digest = ?').pluck();
    this.selectFindings = db
      .prepare<[string, string, string], string>(
        'SELECT findings FROM layer_findings WHERE layer_digest = ? AND scanner = ? AND scanner_version = ?',
      )
      .pluck();
    this.upsertLayer = db.prepare(`
      INSERT INTO layers (digest, changes, scanned_at) VALUES (?, ?, ?)
      ON CONFLICT (digest) DO UPDATE SET changes = excluded.changes, scanned_at = excluded.scanned_at`);
    this.upsertFindings = db.prepare(`
      INSERT INTO layer_findings (layer_digest, scanner, scanner_version, findings) VALUES (?, ?, ?, ?)
      ON CONFLICT (layer_digest, scanner, scanner_version) DO UPDATE SET findings = excluded.findings`);
  }

  /** Returns the layer's scan when every listed scanner has findings at exactly its listed version. */
  get(digest: string, scanners: ScannerId[]): LayerScan | undefined {
    const changes = this.selectChanges.get(digest);
    if (changes === undefined) return undefined;

    const findings: LayerFindings[] = [];
    for (const scanner of scanners) {
      const json = this.selectFindings.get(digest, scanner.name, scanner.version);
      if (json === undefined) return undefined;
      findings.push(JSON.parse(json) as LayerFindings);
    }

    return { digest, changes: JSON.parse(changes) as LayerChanges, findings };
  }

  /** Stores the layer's changes and each scanner's findings, replacing those stored for the same scanner version. */
  put(scan: LayerScan): void {
    const write = this.db.transaction(() => {
      this.upsertLayer.run(scan.digest, JSON.stringify(scan.changes), new Date().toISOString());
      for (const findings of scan.findings) {
        this.upsertFindings.run(scan.digest, findings.scanner, findings.scannerVersion, JSON.stringify(findings));
      }
    });
    write();
  }
}
