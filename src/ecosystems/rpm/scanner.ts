// The rpm scanner: installed packages from rpm's database in any of its three
// formats (Berkeley DB `Packages`, ndb `Packages.db`, SQLite
// `rpmdb.sqlite`), under var/lib/rpm or usr/lib/sysimage/rpm, read from
// memory without librpm.
import type { LayerFile, LayerFindings, LayerScanner, Package, PackageFileList } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';
import { isBdbHash, readBdbValues } from './bdb.js';
import { RpmHeader } from './header.js';
import { NDB_MAGIC, readNdbBlobs } from './ndb.js';
import { evrString, parseSourceRpm, readRpmPackage, type RpmPackage } from './package.js';
import { SQLITE_MAGIC, readSqliteBlobs } from './sqlite.js';

const DATABASE_DIRS = ['var/lib/rpm/', 'usr/lib/sysimage/rpm/'] as const;

/** Database file names, in the order rpm's backends are preferred when one directory holds several. */
const DATABASE_NAMES = ['rpmdb.sqlite', 'Packages.db', 'Packages'] as const;

/** Returns the header blobs of a database, picking the format from the file's magic bytes rather than its name. */
function readHeaderBlobs(contents: Buffer): Buffer[] {
  if (contents.subarray(0, SQLITE_MAGIC.length).equals(SQLITE_MAGIC)) return readSqliteBlobs(contents);
  if (contents.subarray(0, NDB_MAGIC.length).equals(NDB_MAGIC)) return readNdbBlobs(contents);
  if (isBdbHash(contents)) return readBdbValues(contents);
  throw new Error('not a SQLite, ndb or Berkeley DB hash file');
}

/** Maps an rpm header's fields onto the inventory's package. */
export function toPackage(rpm: RpmPackage, path: string): Package {
  const version = evrString(rpm);

  // The source rpm's file name carries no epoch, and subpackages share
  // their source's epoch, so the binary's epoch completes the source
  // version, as grype does.
  // NOTE: a subpackage that sets its own epoch gives its source that epoch too.
  const source = parseSourceRpm(rpm.sourceRpm);
  const epoch = rpm.epoch ? `${rpm.epoch}:` : '';

  const pkg: Package = {
    ecosystem: 'rpm',
    name: rpm.name,
    version,
    sourceName: source?.name ?? rpm.name,
    sourceVersion: source ? `${epoch}${source.versionRelease}` : version,
    arch: rpm.arch,
    path,
  };

  const module = moduleStream(rpm.modularityLabel);
  if (module) pkg.module = module;
  if (rpm.vendor) pkg.vendor = rpm.vendor;
  return pkg;
}

/**
 * Returns the `name:stream` part of a modularity label
 * (`name:stream:version:context`), the part that decides which advisories
 * apply: every build of a stream replaces the one before it. Undefined
 * outside modules or for a label without a stream.
 */
export function moduleStream(label: string): string | undefined {
  const [name, stream] = label.split(':');
  return name && stream ? `${name}:${stream}` : undefined;
}

/**
 * Returns a package's file list. Its path is the database's with an
 * archive-entry suffix, so a whiteout of the database deletes the list.
 */
export function toFileList(rpm: RpmPackage, databasePath: string): PackageFileList {
  return {
    path: `${databasePath}!${rpm.name}-${evrString(rpm)}.${rpm.arch}`,
    ecosystem: 'rpm',
    package: rpm.name,
    arch: rpm.arch,
    files: rpm.files,
  };
}

/**
 * Reads the installed packages of one database. A header that fails to
 * parse is skipped and counted in one warning. A database that cannot be
 * read at all yields a warning and no packages, never an error, because
 * one broken file must not fail the whole image.
 */
export function readRpmDatabase(file: LayerFile, log: Logger): RpmPackage[] {
  let blobs: Buffer[];
  try {
    blobs = readHeaderBlobs(file.contents);
  } catch (error) {
    log.warn({ path: file.path, err: error }, 'skipped an rpm database that cannot be read');
    return [];
  }

  const packages: RpmPackage[] = [];
  let invalid = 0;
  let firstError: unknown;

  for (const blob of blobs) {
    try {
      const rpm = readRpmPackage(RpmHeader.parse(blob));

      // gpg-pubkey entries are imported signing keys, not installed software.
      if (rpm.name === 'gpg-pubkey') continue;
      packages.push(rpm);
    } catch (error) {
      invalid++;
      firstError ??= error;
    }
  }

  if (invalid > 0) log.warn({ path: file.path, invalid, err: firstError }, 'skipped invalid rpm headers');
  return packages;
}

export class RpmScanner implements LayerScanner {
  readonly name = 'rpm';
  readonly version: string = '3';
  // NOTE: a generous guess. go-rpmdb's test databases reach 3.6 MB for
  // 129 packages, and a full RHEL install's Packages file runs to a few
  // hundred MB, with much of it free pages.
  readonly maxFileSize = 512 * 1024 * 1024;
  private readonly log = logger('scanner.rpm');

  wants(path: string): boolean {
    return DATABASE_DIRS.some((dir) => path.startsWith(dir) && (DATABASE_NAMES as readonly string[]).includes(path.slice(dir.length)));
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    const databases = files.filter((file) => this.wants(file.path));

    for (const file of databases) {
      findings.databases.push(file.path);
      if (this.shadowed(file, databases)) continue;

      const fileLists = findings.fileLists ?? [];
      for (const rpm of readRpmDatabase(file, this.log)) {
        findings.packages.push(toPackage(rpm, file.path));
        fileLists.push(toFileList(rpm, file.path));
      }
      if (fileLists.length > 0) findings.fileLists = fileLists;
    }
    return findings;
  }

  /**
   * True when another file of the layer supersedes this one: a newer
   * backend's database in the same directory (rpm leaves the old file behind
   * when it converts), or the same bytes under usr/lib/sysimage/rpm, which
   * var/lib/rpm links to on Fedora and openSUSE. Shadowed files stay listed
   * as databases, so that lower layers' copies are replaced.
   */
  private shadowed(file: LayerFile, databases: LayerFile[]): boolean {
    const slash = file.path.lastIndexOf('/') + 1;
    const dir = file.path.slice(0, slash);
    const rank = (DATABASE_NAMES as readonly string[]).indexOf(file.path.slice(slash));

    const newer = databases.some((other) => {
      const otherSlash = other.path.lastIndexOf('/') + 1;
      if (other.path.slice(0, otherSlash) !== dir) return false;
      return (DATABASE_NAMES as readonly string[]).indexOf(other.path.slice(otherSlash)) < rank;
    });
    if (newer) return true;

    // NOTE: a link in one layer and the database in another still yield two paths.
    if (!file.path.startsWith(DATABASE_DIRS[0])) return false;
    const twin = `${DATABASE_DIRS[1]}${file.path.slice(DATABASE_DIRS[0].length)}`;
    return databases.some((other) => other.path === twin && other.contents.equals(file.contents));
  }
}
