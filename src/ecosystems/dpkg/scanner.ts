// The dpkg scanner: installed Debian packages from var/lib/dpkg/status and
// from the per-package files in var/lib/dpkg/status.d that distroless
// images carry instead of a status database.
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';
import { dpkgScheme, explainInvalidDpkgVersion } from './version.js';

export const STATUS_PATH = 'var/lib/dpkg/status';
const STATUS_DIR = 'var/lib/dpkg/status.d/';

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

export class DpkgScanner implements LayerScanner {
  readonly name = 'dpkg';
  readonly version: string = '1';
  // NOTE: a guessed cap. The largest status file in the test corpus is
  // 0.5 MB (texlive); full desktop installs are estimated at a few MB.
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.dpkg');

  wants(path: string): boolean {
    return path === STATUS_PATH || isStatusDirStanzaFile(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };

    for (const file of files) {
      if (!this.wants(file.path)) continue;
      findings.databases.push(file.path);
      findings.packages.push(...readDpkgDatabase(file, this.log));
    }
    return findings;
  }
}
