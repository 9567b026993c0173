// The Composer scanner: PHP packages installed under a `vendor` folder, read
// from `vendor/composer/installed.json`, and the packages an application's
// composer.lock pins.
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';

const INSTALLED = 'vendor/composer/installed.json';
const LOCKFILE = 'composer.lock';

/** True for `vendor/composer/installed.json` at any depth. */
export function isInstalledFile(path: string): boolean {
  return path === INSTALLED || path.endsWith('/' + INSTALLED);
}

/** True for a composer.lock outside any `vendor` folder (lockfiles shipped inside dependencies are not installed). */
export function isComposerLockfile(path: string): boolean {
  if (path !== LOCKFILE && !path.endsWith('/' + LOCKFILE)) return false;
  return !path.startsWith('vendor/') && !path.includes('/vendor/');
}

/**
 * Reads one installed.json or composer.lock. Composer 1 writes installed.json
 * as an array of packages, Composer 2 as `{"packages": [...]}`. A lockfile
 * contains `packages` and `packages-dev`.
 * NOTE: `packages-dev` of a lockfile is not listed, because production images
 * are usually built with `composer install --no-dev`. The installed.json of a
 * development install does list them.
 * The version is kept as Composer wrote it (`v5.4.0`, not the
 * `version_normalized` form `5.4.0.0`), as advisories name it.
 */
export function readComposerFile(file: LayerFile, log: Logger): Package[] {
  let document: unknown;
  try {
    document = JSON.parse(file.contents.toString('utf8'));
  } catch (err) {
    log.warn({ path: file.path, err }, 'invalid JSON in Composer file, file skipped');
    return [];
  }

  const entries = Array.isArray(document) ? document : (document as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(entries)) {
    log.warn({ path: file.path }, 'missing packages list in Composer file, file skipped');
    return [];
  }

  const packages: Package[] = [];
  for (const entry of entries as Array<{ name?: unknown; version?: unknown } | null>) {
    const name = entry?.name;
    const version = entry?.version;
    if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') continue;
    packages.push({ ecosystem: 'composer', name, version, sourceName: '', sourceVersion: '', arch: '', path: file.path });
  }
  return packages;
}

export class ComposerScanner implements LayerScanner {
  readonly name = 'composer';
  readonly version: string = '1';
  // NOTE: a guessed cap. installed.json of a large application is a few MB.
  readonly maxFileSize = 16 * 1024 * 1024;
  private readonly log = logger('scanner.composer');

  wants(path: string): boolean {
    return isInstalledFile(path) || isComposerLockfile(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    for (const file of files.filter((f) => this.wants(f.path))) {
      findings.databases.push(file.path);
      findings.packages.push(...readComposerFile(file, this.log));
    }
    return findings;
  }
}
