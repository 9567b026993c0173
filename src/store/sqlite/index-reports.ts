// Index reports, with their packages in rows of their own so that the
// manifests containing a package can be found through an index.
import type { Database, Statement } from 'better-sqlite3';
import type { Distribution, Ecosystem, ImagePackage, IndexReport } from '../../indexer/types.js';
import { extraFieldsJson, parseExtraFields } from './extra-fields.js';

interface ReportRow {
  reference: string;
  distribution: string | null;
  layers: string;
  extra: string | null;
}

interface PackageRow {
  ecosystem: Ecosystem;
  name: string;
  version: string;
  source_name: string;
  source_version: string;
  arch: string;
  path: string;
  layer: string;
  extra: string | null;
}

const REPORT_COLUMNS = new Set(['manifestDigest', 'reference', 'distribution', 'packages', 'layers']);
const PACKAGE_COLUMNS = new Set(['ecosystem', 'name', 'version', 'sourceName', 'sourceVersion', 'arch', 'path', 'layer']);

export class IndexReportTable {
  private readonly selectReport: Statement<[string], ReportRow>;
  private readonly selectPackages: Statement<[string], PackageRow>;
  private readonly deleteReport: Statement<[string]>;
  private readonly insertReport: Statement<[string, string, string | null, string, string | null, string]>;
  private readonly insertPackage: Statement<
    [string, number, string, string, string, string, string, string, string, string, string | null]
  >;

  constructor(private readonly db: Database) {
    this.selectReport = db.prepare('SELECT reference, distribution, layers, extra FROM index_reports WHERE manifest_digest = ?');
    this.selectPackages = db.prepare(`
      SELECT ecosystem, name, version, source_name, source_version, arch, path, layer, extra
      FROM index_report_packages WHERE manifest_digest = ? ORDER BY position`);
    this.deleteReport = db.prepare('DELETE FROM index_reports WHERE manifest_digest = ?');
    this.insertReport = db.prepare(`
      INSERT INTO index_reports (manifest_digest, reference, distribution, layers, extra, indexed_at)
      VALUES (?, ?, ?, ?, ?, ?)`);
    this.insertPackage = db.prepare(`
      INSERT INTO index_report_packages
        (manifest_digest, position, ecosystem, name, version, source_name, source_version, arch, path, layer, extra)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  }

  get(manifestDigest: string): IndexReport | undefined {
    const row = this.selectReport.get(manifestDigest);
    if (row === undefined) return undefined;

    const report: IndexReport = {
      ...parseExtraFields(row.extra),
      manifestDigest,
      reference: row.reference,
      packages: this.selectPackages.all(manifestDigest).map(packageFromRow),
      layers: JSON.parse(row.layers) as string[],
    };
    if (row.distribution !== null) report.distribution = JSON.parse(row.distribution) as Distribution;
    return report;
  }

  /** Stores the report, replacing the one stored for the same manifest, in one transaction. */
  put(report: IndexReport): void {
    const write = this.db.transaction(() => {
      // The foreign key cascades the delete to the old report's packages.
      this.deleteReport.run(report.manifestDigest);
      this.insertReport.run(
        report.manifestDigest,
        report.reference,
        report.distribution === undefined ? null : JSON.stringify(report.distribution),
        JSON.stringify(report.layers),
        extraFieldsJson(report, REPORT_COLUMNS),
        new Date().toISOString(),
      );
      report.packages.forEach((pkg, position) => {
        this.insertPackage.run(
          report.manifestDigest,
          position,
          pkg.ecosystem,
          pkg.name,
          pkg.version,
          pkg.sourceName,
          pkg.sourceVersion,
          pkg.arch,
          pkg.path,
          pkg.layer,
          extraFieldsJson(pkg, PACKAGE_COLUMNS),
        );
      });
    });
    write();
  }
}

function packageFromRow(row: PackageRow): ImagePackage {
  return {
    ...parseExtraFields(row.extra),
    ecosystem: row.ecosystem,
    name: row.name,
    version: row.version,
    sourceName: row.source_name,
    sourceVersion: row.source_version,
    arch: row.arch,
    path: row.path,
    layer: row.layer,
  };
}
