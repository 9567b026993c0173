// File ownership: which OS package of the final image owns the file a
// language package was read from. A Debian python3-* package's egg-info or a
// lib*-java package's jar is the distribution's build, fixed by backports
// under the OS package's version, so the inventory names that package as
// the language package's source.
import type { ImagePackage, LayerScan, PackageFileList } from './types.js';
import { archivePath, isDeleted } from './whiteouts.js';

/** Ecosystems whose packages own files; their own packages are never attributed to an owner. */
const OS_ECOSYSTEMS: ReadonlySet<string> = new Set(['deb', 'apk', 'rpm']);

/**
 * Returns the file lists of the merged tree, bottom to top by the layer that
 * last wrote each. A list that a higher layer writes again replaces the lower
 * copy (an upgrade), and a whiteout or opaque directory over a list deletes
 * it (a removal), as for any other file.
 */
export function finalFileLists(layers: readonly LayerScan[]): PackageFileList[] {
  const lists = new Map<string, PackageFileList>();

  for (const scan of layers) {
    const written = scan.findings.flatMap((findings) => findings.fileLists ?? []);
    const writtenPaths = new Set(written.map((list) => list.path));
    const writtenDatabases = new Set(scan.findings.flatMap((findings) => findings.databases));

    // A list inside a database (rpm's `rpmdb.sqlite!curl-8.6.0-1.x86_64`)
    // ends when a higher layer rewrites that database without it.
    for (const path of lists.keys()) {
      if (writtenPaths.has(path)) continue;
      const database = archivePath(path);
      if (isDeleted(path, scan.changes) || (database !== path && writtenDatabases.has(database))) lists.delete(path);
    }

    // Deleting first moves a rewritten list to the end, so the map stays ordered by layer.
    for (const list of written) {
      lists.delete(list.path);
      lists.set(list.path, list);
    }
  }
  return [...lists.values()];
}

/** Maps each owned path to its list. Where two lists name one path, the later (higher) list wins. */
export function ownerIndex(lists: readonly PackageFileList[]): Map<string, PackageFileList> {
  const owners = new Map<string, PackageFileList>();
  for (const list of lists) {
    for (const file of list.files) owners.set(file, list);
  }
  return owners;
}

/**
 * Returns the file a package was read from: the archive itself for an entry
 * inside one (`usr/share/java/log4j.jar!META-INF/MANIFEST.MF`).
 */
export function ownedPath(packagePath: string): string {
  const bang = packagePath.indexOf('!');
  return bang < 0 ? packagePath : packagePath.slice(0, bang);
}

/**
 * Returns the packages with the source of each language package set to the
 * binary name and version of the installed OS package that owns its file.
 * A list whose package is not installed in the final image owns nothing.
 */
export function withOwners(packages: readonly ImagePackage[], owners: ReadonlyMap<string, PackageFileList>): ImagePackage[] {
  const installed = packages.filter((pkg) => OS_ECOSYSTEMS.has(pkg.ecosystem));
  const installedPackage = (list: PackageFileList): ImagePackage | undefined => installed.find((pkg) =>
    pkg.ecosystem === list.ecosystem && pkg.name === list.package && (list.arch === '' || pkg.arch === list.arch));

  return packages.map((pkg) => {
    if (OS_ECOSYSTEMS.has(pkg.ecosystem)) return pkg;

    const list = owners.get(ownedPath(pkg.path));
    const owner = list && installedPackage(list);
    return owner ? { ...pkg, sourceName: owner.name, sourceVersion: owner.version } : pkg;
  });
}
