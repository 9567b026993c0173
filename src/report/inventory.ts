// Inventory formats for `layerlens inventory`: TSV (the columns are fixed by
// the CLI contract), a table for people, and Clair's IndexReport as JSON.
import Table from 'cli-table3';
import { TABLE_STYLE } from './table-style.js';
import type { ImagePackage, IndexReport } from '../indexer/types.js';
import { toClairIndexReport } from './clair.js';

/** TSV columns, in order, as the header line names them. */
export const INVENTORY_TSV_COLUMNS = ['ecosystem', 'name', 'version', 'source_name', 'source_version', 'layer', 'path'] as const;

/**
 * Renders the inventory as TSV: the header line, then one row per package
 * sorted by ecosystem, name, version and path in plain string order. Tabs and
 * line breaks inside a value become spaces, because TSV has no escapes.
 */
export function formatInventoryTsv(report: IndexReport): string {
  const lines = [INVENTORY_TSV_COLUMNS.join('\t')];

  for (const pkg of sortPackages(report.packages)) {
    const row = [pkg.ecosystem, pkg.name, pkg.version, pkg.sourceName, pkg.sourceVersion, pkg.layer, pkg.path];
    lines.push(row.map((value) => value.replace(/[\t\r\n]/g, ' ')).join('\t'));
  }
  return `${lines.join('\n')}\n`;
}

/** Renders the inventory as a table with a count line. */
export function formatInventoryTable(report: IndexReport): string {
  if (report.packages.length === 0) return 'No packages found\n';

  const table = new Table({
    head: ['ECOSYSTEM', 'NAME', 'VERSION', 'SOURCE', 'LAYER', 'PATH'],
    ...TABLE_STYLE,
  });
  for (const pkg of sortPackages(report.packages)) {
    const source = pkg.sourceName === pkg.name && pkg.sourceVersion === pkg.version ? '' : `${pkg.sourceName} ${pkg.sourceVersion}`;
    table.push([pkg.ecosystem, pkg.name, pkg.version, source, shortDigest(pkg.layer), pkg.path]);
  }

  const plural = report.packages.length === 1 ? '' : 's';
  return `${table.toString()}\n${report.packages.length} package${plural}\n`;
}

/** Renders the inventory as Clair's IndexReport JSON. */
export function formatInventoryJson(report: IndexReport): string {
  return `${JSON.stringify(toClairIndexReport(report), null, 2)}\n`;
}

function sortPackages(packages: ImagePackage[]): ImagePackage[] {
  return [...packages].sort(
    (a, b) =>
      compareCodePoints(a.ecosystem, b.ecosystem) ||
      compareCodePoints(a.name, b.name) ||
      compareCodePoints(a.version, b.version) ||
      compareCodePoints(a.path, b.path),
  );
}

function compareCodePoints(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Shortens `sha256:<64 hex>` to its first 12 hex digits, as `docker images` does. */
function shortDigest(digest: string): string {
  const hex = digest.replace(/^sha256:/, '');
  return hex.length > 12 ? hex.slice(0, 12) : hex;
}
