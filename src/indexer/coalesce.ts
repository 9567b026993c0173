// The coalescer: applies layer scans bottom to top, as an overlay
// filesystem would, to find what the final image contains and which layer
// introduced each package.
import type { Manifest } from '../image/types.js';
import { finalFileLists, ownerIndex, withOwners } from './file-owners.js';
import type { Distribution, ImagePackage, IndexReport, LayerScan, Package } from './types.js';
import { archivePath, isDeleted } from './whiteouts.js';

/** One write of a database file by one layer. */
interface DatabaseVersion {
  layer: number;
  packages: Package[];
  /** packageIdentity of each package, for lookups across versions. */
  identities: Set<string>;
}

/** A database file of the merged tree with its successive writes since it last appeared. */
interface Database {
  path: string;
  versions: DatabaseVersion[];
}

interface DistributionCandidate {
  layer: number;
  distribution: Distribution;
  /** Keys of the files it was read from; empty when the scanner named none. */
  sources: string[];
}

/**
 * Computes the IndexReport of an image from its layer scans, ordered bottom
 * (index 0) to top like `manifest.layers`. A whiteout or an opaque directory
 * in a layer deletes what lower layers wrote there, and a database file that
 * a higher layer writes again replaces the lower copy entirely. A language
 * package whose file an OS package of the final image owns names that
 * package as its source. Pure: reads nothing but its arguments.
 */
export function coalesce(layers: readonly LayerScan[], manifest: Manifest): IndexReport {
  if (layers.length !== manifest.layers.length) {
    throw new Error(`coalesce: ${layers.length} layer scans for a manifest with ${manifest.layers.length} layers`);
  }

  const databases = new Map<string, Database>();
  const candidates: DistributionCandidate[] = [];

  layers.forEach((scan, index) => {
    // A package read from a path the scanner did not list still counts as read from a database there.
    const writes = scan.findings.map((findings) => ({
      findings,
      paths: new Set([...findings.databases, ...findings.packages.map((pkg) => pkg.path)]),
    }));
    const written = new Set(writes.flatMap(({ findings, paths }) => [...paths].map((path) => databaseKey(findings.scanner, path))));

    // Whiteouts hide lower layers only. A file that this layer hides and
    // writes again is simply rewritten, so its history continues.
    for (const [key, database] of databases) {
      if (!written.has(key) && isDeleted(database.path, scan.changes)) databases.delete(key);
    }

    // A rewritten archive replaces everything read from inside its old copy.
    const rewrittenFiles = new Set([...written].map((key) => archivePath(key)));
    for (const [key, database] of databases) {
      if (database.path.includes('!') && !written.has(key) && rewrittenFiles.has(archivePath(key))) databases.delete(key);
    }

    for (const { findings, paths } of writes) {
      for (const path of paths) {
        const key = databaseKey(findings.scanner, path);
        const database = databases.get(key) ?? { path, versions: [] };
        const packages = findings.packages.filter((pkg) => pkg.path === path);
        database.versions.push({ layer: index, packages, identities: new Set(packages.map(packageIdentity)) });
        databases.set(key, database);
      }

      if (findings.distribution) {
        const sources = findings.databases.map((path) => databaseKey(findings.scanner, path));
        candidates.push({ layer: index, distribution: findings.distribution, sources });
      }
    }
  });

  const packages: ImagePackage[] = [];
  for (const database of databases.values()) {
    const latest = database.versions[database.versions.length - 1];
    for (const pkg of latest.packages) {
      const introducedBy = introducingVersion(database.versions, pkg);
      packages.push({ ...pkg, layer: manifest.layers[introducedBy].digest });
    }
  }
  const owned = withOwners(packages, ownerIndex(finalFileLists(layers)));
  owned.sort(comparePackages);

  return {
    manifestDigest: manifest.digest,
    reference: manifest.reference,
    distribution: finalDistribution(candidates, databases),
    packages: owned,
    layers: manifest.layers.map((layer) => layer.digest),
  };
}

function databaseKey(scanner: string, path: string): string {
  return `${scanner}\u0000${path}`;
}

/** Returns the fields that make two package records the same installed package. */
function packageIdentity(pkg: Package): string {
  return [pkg.ecosystem, pkg.name, pkg.version, pkg.arch, pkg.path].join('\u0000');
}

/**
 * Returns the layer index of the earliest write from which the package is in
 * every later write of its database: an upgrade or a removal and re-install
 * makes the later layer its introducer.
 */
function introducingVersion(versions: readonly DatabaseVersion[], pkg: Package): number {
  const identity = packageIdentity(pkg);
  let earliest = versions.length - 1;
  while (earliest > 0 && versions[earliest - 1].identities.has(identity)) {
    earliest--;
  }
  return versions[earliest].layer;
}

/** Returns the distribution of the topmost layer whose release file is still the one in the merged tree. */
function finalDistribution(candidates: readonly DistributionCandidate[], databases: ReadonlyMap<string, Database>): Distribution | undefined {
  for (let i = candidates.length - 1; i >= 0; i--) {
    const candidate = candidates[i];
    const alive = candidate.sources.every((key) => {
      const versions = databases.get(key)?.versions;
      return versions !== undefined && versions[versions.length - 1].layer === candidate.layer;
    });
    if (alive) return candidate.distribution;
  }
  return undefined;
}

function comparePackages(a: ImagePackage, b: ImagePackage): number {
  return compareStrings(a.ecosystem, b.ecosystem)
    || compareStrings(a.name, b.name)
    || compareStrings(a.version, b.version)
    || compareStrings(a.arch, b.arch)
    || compareStrings(a.path, b.path);
}

/** Orders by UTF-16 code units, so the order does not depend on the locale. */
function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  if (a > b) return 1;
  return 0;
}
