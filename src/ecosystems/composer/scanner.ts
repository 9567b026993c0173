// The Composer scanner: PHP packages installed under a `vendor` folder, read
// from `vendor/composer/installed.json`, and the packages an application's
// composer.lock pins.
import { emptyFindings, InvalidFileError, languagePackage, parseJsonFile, scanFiles } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';

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
export function readComposerFile(file: LayerFile): Package[] {
  const document = parseJsonFile(file, 'Composer file');
  const entries = Array.isArray(document) ? document : (document as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(entries)) throw new InvalidFileError('missing packages list in Composer file');

  const packages: Package[] = [];
  for (const entry of entries as Array<{ name?: unknown; version?: unknown } | null>) {
    const name = entry?.name;
    const version = entry?.version;
    if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') continue;
    packages.push(languagePackage('composer', name, version, file.path));
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
    const findings = emptyFindings(this);
    scanFiles(findings, files, { takes: (file) => this.wants(file.path), read: readComposerFile }, this.log);
    return findings;
  }
}
