// The dpkg scanner: installed Debian packages from var/lib/dpkg/status and
// from the per-package files in var/lib/dpkg/status.d that distroless
// images carry instead of a status database, and the files each package
// owns from its var/lib/dpkg/info/*.list.
import type { LayerFile, LayerFindings, LayerScanner, Package, PackageFileList } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';
import { dpkgScheme, explainInvalidDpkgVersion } from './version.js';

export const STATUS_PATH = 'var/lib/dpkg/status';
const STATUS_DIR = 'var/lib/dpkg/status.d/';
const INFO_DIR = 'var/lib/dpkg/info/';

/**
 * Total size of the file lists kept from one layer. Lists past the cap are
 * skipped, so the language packages in their files count as not owned.
 * NOTE: a guessed cap. The Debian bookworm minbase layer lists its 88
 * packages in 0.27 MB; a desktop install is estimated at tens of MB.
 */
export const MAX_FILE_LIST_BYTES_PER_LAYER = 64 * 1024 * 1024;

/**
 * Suffixes of the maintainer scripts and metadata that sit beside the
 * control stanzas in status.d (as in var/lib/dpkg/info). A package name may
 * itself hold a dot (`python3.11`), so only these suffixes mark a non-stanza file.
 */
const CONTROL_FILE_SUFFIXES = [
  '.md5sums', '.conffiles', '.list', '.preinst', '.postinst', '.prerm', '.postrm',
  '.config', '.templates', '.shlibs', '.symbols', '.triggers',
];

/** One control stanza: field names are case-insensitive, so they are kept lower-cased. */
export type Stanza = Map<string, string>;

/**
 * Splits a Debian control file (deb822: RFC 822 style fields, stanzas
 * separated by blank lines, continuation lines starting with a space or a
 * tab) into stanzas. Lines that are neither a field nor a continuation are
 * skipped and counted.
 */
export function parseControlFile(text: string): { stanzas: Stanza[]; invalidLines: number } {
  const stanzas: Stanza[] = [];
  let invalidLines = 0;
  let current: Stanza = new Map();
  let lastField: string | undefined;

  const finishStanza = (): void => {
    if (current.size > 0) stanzas.push(current);
    current = new Map();
    lastField = undefined;
  };

  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '') {
      finishStanza();
      continue;
    }

    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lastField === undefined) {
        invalidLines++;
      } else {
        current.set(lastField, `${current.get(lastField)}\n${line.slice(1)}`);
      }
      continue;
    }

    const colon = line.indexOf(':');
    if (colon <= 0) {
      invalidLines++;
      lastField = undefined;
      continue;
    }
    lastField = line.slice(0, colon).trim().toLowerCase();
    current.set(lastField, line.slice(colon + 1).trim());
  }
  finishStanza();

  return { stanzas, invalidLines };
}

/** Returns why a stanza is not an installed package, or undefined when it is one. */
function rejectReason(stanza: Stanza, requireStatus: boolean): string | undefined {
  const name = stanza.get('package');
  if (!name) return 'missing Package';

  const version = stanza.get('version');
  if (!version) return 'missing Version';
  if (!dpkgScheme.isValid(version)) return `invalid Version: ${explainInvalidDpkgVersion(version)}`;

  // Debian Policy makes Maintainer and Architecture mandatory in a binary
  // package's control file. Other tools that copy the status format leave
  // Maintainer out (vcpkg writes Package, Version, Architecture x64-windows
  // and Status only).
  // NOTE: dpkg itself only warns about a missing Maintainer or Architecture,
  // so a locally built package without them is not reported.
  if (!stanza.get('maintainer')) return 'missing Maintainer';
  if (!stanza.get('architecture')) return 'missing Architecture';

  const status = stanza.get('status');
  if (status === undefined) return requireStatus ? 'missing Status' : undefined;
  return isInstalledStatus(status) ? undefined : 'not installed';
}

/** True for dpkg's three-word status (want, error flag, state) with the state `installed`. */
function isInstalledStatus(status: string): boolean {
  const words = status.split(/\s+/);
  if (words.length !== 3) return false;

  const [want, flag, state] = words;
  return ['install', 'hold'].includes(want) && flag === 'ok' && state === 'installed';
}

/** Reads `Source: name` or `Source: name (version)`; the binary package's own name and version fill what is missing. */
function sourceOf(stanza: Stanza, name: string, version: string): { sourceName: string; sourceVersion: string } {
  const source = stanza.get('source');
  if (!source) return { sourceName: name, sourceVersion: version };

  const match = /^(\S+)\s*(?:\((\S+)\))?$/.exec(source);
  if (!match) return { sourceName: name, sourceVersion: version };
  return { sourceName: match[1], sourceVersion: match[2] ?? version };
}

/**
 * Reads the installed packages of one database file. Stanzas that are not
 * installed packages are skipped. Corrupt ones are counted and logged once
 * per file, because one broken stanza must not hide the rest.
 */
export function readDpkgDatabase(file: LayerFile, log: Logger): Package[] {
  const requireStatus = file.path === STATUS_PATH;
  const { stanzas, invalidLines } = parseControlFile(file.contents.toString('utf8'));
  const packages: Package[] = [];
  const skipped: Record<string, number> = {};

  for (const stanza of stanzas) {
    const reason = rejectReason(stanza, requireStatus);
    if (reason !== undefined) {
      skipped[reason] = (skipped[reason] ?? 0) + 1;
      continue;
    }

    const name = stanza.get('package')!;
    const version = stanza.get('version')!;
    packages.push({
      ecosystem: 'deb',
      name,
      version,
      ...sourceOf(stanza, name, version),
      arch: stanza.get('architecture')!,
      path: file.path,
    });
  }

  const corrupt = Object.entries(skipped).filter(([reason]) => reason !== 'not installed');
  if (corrupt.length > 0 || invalidLines > 0) {
    log.warn({ path: file.path, skipped: Object.fromEntries(corrupt), invalidLines }, 'skipped dpkg stanzas that are not valid installed packages');
  }
  return packages;
}

/** True for a per-package stanza file directly in status.d, not one of its scripts or checksum lists. */
export function isStatusDirStanzaFile(path: string): boolean {
  if (!path.startsWith(STATUS_DIR)) return false;

  const name = path.slice(STATUS_DIR.length);
  if (name === '' || name.includes('/') || name.startsWith('.')) return false;
  return !CONTROL_FILE_SUFFIXES.some((suffix) => name.endsWith(suffix));
}

/** True for a package's file list directly in var/lib/dpkg/info (`curl.list`, `libc6:amd64.list`). */
export function isFileListPath(path: string): boolean {
  if (!path.startsWith(INFO_DIR) || !path.endsWith('.list')) return false;

  const name = path.slice(INFO_DIR.length, -'.list'.length);
  return name !== '' && !name.includes('/') && !name.startsWith('.');
}

/**
 * Reads a package's file list: one absolute path per line, directories
 * included, named after the package and, for a Multi-Arch: same package,
 * its architecture. The root directory (`/.`) is owned by no one.
 * NOTE: a path listed under a directory that the image replaces with a
 * symlink (`/bin` in a merged-/usr image) or moved by dpkg-divert is looked
 * up as listed, so a file reached through it is not found owned.
 */
export function readFileList(file: LayerFile): PackageFileList {
  const [name, arch = ''] = file.path.slice(INFO_DIR.length, -'.list'.length).split(':');
  const files = file.contents.toString('utf8').split('\n')
    .map((line) => line.replace(/^\/+/, ''))
    .filter((path) => path !== '' && path !== '.');
  return { path: file.path, ecosystem: 'deb', package: name, arch, files };
}

export class DpkgScanner implements LayerScanner {
  readonly name = 'dpkg';
  // 2: file lists of the packages, for the owners of language packages.
  readonly version: string = '2';
  // NOTE: a guessed cap. The largest status file in the test corpus is
  // 0.5 MB (texlive); full desktop installs are estimated at a few MB.
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.dpkg');
  private readonly maxFileListBytes: number;

  constructor(options: { maxFileListBytesPerLayer?: number } = {}) {
    this.maxFileListBytes = options.maxFileListBytesPerLayer ?? MAX_FILE_LIST_BYTES_PER_LAYER;
  }

  wants(path: string): boolean {
    return path === STATUS_PATH || isStatusDirStanzaFile(path) || isFileListPath(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    const databases = files.filter((file) => file.path === STATUS_PATH || isStatusDirStanzaFile(file.path));

    for (const file of databases) {
      findings.databases.push(file.path);
      findings.packages.push(...readDpkgDatabase(file, this.log));
    }

    const fileLists = this.readFileLists(files.filter((file) => isFileListPath(file.path)));
    if (fileLists.length > 0) findings.fileLists = fileLists;
    return findings;
  }

  /** Reads the layer's file lists up to the per-layer cap, logging the ones skipped past it. */
  private readFileLists(files: LayerFile[]): PackageFileList[] {
    const lists: PackageFileList[] = [];
    const skipped: string[] = [];
    let bytes = 0;

    for (const file of files) {
      bytes += file.contents.length;
      if (bytes > this.maxFileListBytes) {
        skipped.push(file.path);
        continue;
      }
      lists.push(readFileList(file));
    }

    if (skipped.length > 0) {
      this.log.warn({ skipped: skipped.length, first: skipped[0], maxBytes: this.maxFileListBytes }, 'dpkg file lists past the per-layer cap skipped; their files count as not owned');
    }
    return lists;
  }
}
