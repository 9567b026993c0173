// The apk scanner: installed Alpine packages from the apk-tools database
// (`lib/apk/db/installed`, `usr/lib/apk/db/installed` since apk-tools 3).
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';

export const APK_DATABASES = ['lib/apk/db/installed', 'usr/lib/apk/db/installed'] as const;

/**
 * Reads the installed packages of an apk database: one record per package,
 * records separated by blank lines, one `K:value` line per field. `P` is the
 * name, `V` the version, `A` the architecture and `o` the origin, which is
 * the source package (the package itself when absent). Records without a
 * name or version are skipped and counted in one warning.
 */
export function readApkDatabase(file: LayerFile, log: Logger): Package[] {
  const packages: Package[] = [];
  let skipped = 0;
  let record = new Map<string, string>();

  const finishRecord = (): void => {
    if (record.size === 0) return;

    const name = record.get('P');
    const version = record.get('V');
    if (name && version) {
      packages.push({
        ecosystem: 'apk',
        name,
        version,
        sourceName: record.get('o') || name,
        sourceVersion: version,
        arch: record.get('A') ?? '',
        path: file.path,
      });
    } else {
      skipped++;
    }
    record = new Map();
  };

  for (const line of file.contents.toString('utf8').split(/\r?\n/)) {
    if (line.trim() === '') {
      finishRecord();
      continue;
    }

    // Only the first occurrence of a key counts: the file lists (F, R, a, Z)
    // repeat per file and do not concern the package fields read here.
    if (line.length >= 2 && line[1] === ':' && !record.has(line[0])) {
      record.set(line[0], line.slice(2).trim());
    }
  }
  finishRecord();

  if (skipped > 0) log.warn({ path: file.path, skipped }, 'skipped apk records without a name or version');
  return packages;
}

export class ApkScanner implements LayerScanner {
  readonly name = 'apk';
  readonly version: string = '1';
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.apk');

  wants(path: string): boolean {
    return (APK_DATABASES as readonly string[]).includes(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    const databases = files.filter((file) => this.wants(file.path));

    for (const file of databases) {
      findings.databases.push(file.path);

      // When lib/apk is a link to usr/lib/apk inside the layer, the layer
      // reader hands over the same database under both paths. Its packages
      // count once, under the usr/lib path. Both paths stay listed, so that
      // lower layers' copies are replaced.
      // NOTE: a link in one layer and the database in another still yield two paths.
      const twin = databases.find((other) => other !== file && other.contents.equals(file.contents));
      if (twin && file.path === APK_DATABASES[0]) continue;

      findings.packages.push(...readApkDatabase(file, this.log));
    }
    return findings;
  }
}
