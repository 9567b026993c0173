// The Cargo scanner: the crates an application's Cargo.lock pins, and the
// crates compiled into Rust binaries built with cargo-auditable.
import { parse as parseToml } from 'smol-toml';
import { isElfHead } from '../../indexer/executable.js';
import { emptyFindings, InvalidFileError, languagePackage, scanFiles, usrMergedAliases } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';
import { auditablePackages, isBinaryCandidate } from './auditable.js';

const LOCKFILE = 'Cargo.lock';

/** True for a file named Cargo.lock at any depth. */
export function isCargoLockfile(path: string): boolean {
  return path === LOCKFILE || path.endsWith('/' + LOCKFILE);
}

/**
 * Reads the `[[package]]` tables of one Cargo.lock. The root crate and
 * workspace members are listed too: they carry no `source`, and an advisory
 * for a crate of the same name on crates.io would match them.
 * NOTE: `source` is ignored, so a git or path
 * dependency is reported under its crates.io name.
 */
export function readCargoLockfile(file: LayerFile): Package[] {
  let lockfile: Record<string, unknown>;
  try {
    lockfile = parseToml(file.contents.toString('utf8'));
  } catch (err) {
    throw new InvalidFileError('invalid TOML in Cargo.lock', {}, { cause: err });
  }

  const entries = lockfile.package;
  if (!Array.isArray(entries)) throw new InvalidFileError('missing [[package]] tables in Cargo.lock');

  const packages: Package[] = [];
  for (const entry of entries as Array<{ name?: unknown; version?: unknown }>) {
    const { name, version } = entry;
    if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') continue;
    packages.push(languagePackage('cargo', name, version, file.path));
  }
  return packages;
}

export class CargoScanner implements LayerScanner {
  readonly name = 'cargo';
  readonly version: string = '2';
  // NOTE: a guessed cap that bounds memory, because the layer reader keeps
  // every requested executable of a layer in memory at once. Larger files
  // are skipped, executables or not, and the layer reader logs a warning
  // for each.
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.cargo');

  wants(path: string): boolean {
    return isCargoLockfile(path) || isBinaryCandidate(path);
  }

  /** Keeps lockfiles, and of the binaries only ELF files, the only format cargo-auditable sections are read from. */
  wantsContent(path: string, head: Buffer): boolean {
    return isCargoLockfile(path) || isElfHead(head);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings = emptyFindings(this);
    scanFiles(findings, files, { takes: (file) => isCargoLockfile(file.path), read: readCargoLockfile }, this.log);

    // Each binary read is its own database, Rust or not, so a later layer
    // that deletes a binary or writes another file in its place removes its
    // crates. A merged-/usr alias is listed but not read.
    const aliases = usrMergedAliases(files);
    scanFiles(findings, files, {
      takes: (file) => isBinaryCandidate(file.path) && !isCargoLockfile(file.path),
      skips: (file) => aliases.has(file.path),
      read: auditablePackages,
    }, this.log);
    return findings;
  }
}
