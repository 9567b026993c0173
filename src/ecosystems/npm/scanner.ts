// The npm scanner: installed Node.js packages, read from the package.json of
// each package folder under a node_modules directory, and the packages that
// application lockfiles pin.
import { emptyFindings, languagePackage, parseJsonFile, scanFiles } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';
import { isApplicationLockfile, lockfileFolder, lockfileName, lockfilePackages, type PinnedPackage } from './lockfile.js';
import { readPnpmLock } from './pnpm-lock.js';
import { readYarnLock } from './yarn-lock.js';

const MANIFEST_SUFFIX = '/package.json';
const NODE_MODULES = 'node_modules';

/** Returns the path segment that ends just before `end` (exclusive), and where it starts. */
function segmentBefore(path: string, end: number): { segment: string; start: number } {
  const start = path.lastIndexOf('/', end - 1) + 1;
  return { segment: path.slice(start, end), start };
}

/**
 * True for `node_modules/<name>/package.json` and
 * `node_modules/@scope/<name>/package.json` at any depth, nested ones
 * included. Called for every entry of every layer, so it only compares
 * path segments from the end.
 */
export function isInstalledManifest(path: string): boolean {
  if (!path.endsWith(MANIFEST_SUFFIX)) return false;

  const folder = segmentBefore(path, path.length - MANIFEST_SUFFIX.length);
  if (folder.segment === '' || folder.start === 0) return false;

  const parent = segmentBefore(path, folder.start - 1);
  if (parent.segment === NODE_MODULES) return true;
  if (!parent.segment.startsWith('@') || parent.start === 0) return false;

  return segmentBefore(path, parent.start - 1).segment === NODE_MODULES;
}

/** Reads the name and version of one installed package.json, or returns undefined when it names no package. */
export function readInstalledManifest(file: LayerFile): Package | undefined {
  const manifest = parseJsonFile(file, 'package.json');
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const { name, version } = manifest as { name?: unknown; version?: unknown };
  // A package.json without a name or version (a test fixture inside a
  // package, for example) has nothing that an advisory could match.
  if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') return undefined;

  return languagePackage('npm', name, version, file.path);
}

export class NpmScanner implements LayerScanner {
  readonly name = 'npm';
  readonly version: string = '3';
  // NOTE: a guessed cap. Installed package.json files are a few KB; old npm
  // versions embedded the README, which reaches a few hundred KB.
  readonly maxFileSize = 8 * 1024 * 1024;
  private readonly log = logger('scanner.npm');

  wants(path: string): boolean {
    return isInstalledManifest(path) || isApplicationLockfile(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    // Each package.json is its own database, so a whiteout of the package
    // folder or of node_modules removes exactly the packages under it.
    const findings = emptyFindings(this);
    const installedPackages = scanFiles(findings, files, { takes: (file) => isInstalledManifest(file.path), read: readInstalledManifest }, this.log);

    // NOTE: a lockfile package counts as installed only when its package.json
    // sits in the same layer, so node_modules written by another layer than
    // the lockfile lists the package twice (once per path).
    const installed = new Set(files.filter((file) => isInstalledManifest(file.path)).map((file) => file.path));
    scanFiles(findings, files, {
      takes: (file) => isApplicationLockfile(file.path),
      read: (file) => {
        const name = lockfileName(file.path);
        if (name === 'package-lock.json') return lockfilePackages(file, installed);
        const pinned = name === 'yarn.lock' ? readYarnLock(file) : readPnpmLock(file);
        return pinnedNotInstalled(file.path, pinned, installedPackages);
      },
    }, this.log);
    return findings;
  }
}

/**
 * Returns a Yarn or pnpm lockfile's packages, once each, that no package.json
 * under the lockfile's node_modules in the same layer reports. These
 * lockfiles do not say where a package is installed (pnpm keeps it under
 * `node_modules/.pnpm`, Yarn hoists it), so a package counts as installed
 * when the same name and version sits anywhere under that node_modules.
 */
export function pinnedNotInstalled(path: string, pinned: PinnedPackage[], installed: Package[]): Package[] {
  const nodeModules = `${lockfileFolder(path)}${NODE_MODULES}/`;
  const seen = new Set(installed.filter((pkg) => pkg.path.startsWith(nodeModules)).map((pkg) => `${pkg.name}@${pkg.version}`));

  const packages: Package[] = [];
  for (const { name, version } of pinned) {
    const key = `${name}@${version}`;
    if (seen.has(key)) continue;
    seen.add(key);
    packages.push(languagePackage('npm', name, version, path));
  }
  return packages;
}
