// The Cargo scanner: the crates an application's Cargo.lock pins, and the
// crates compiled into Rust binaries built with cargo-auditable.
import { parse as parseToml } from 'smol-toml';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger, type Logger } from '../../log.js';
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
export function readCargoLockfile(file: LayerFile, log: Logger): Package[] {
  let lockfile: Record<string, unknown>;
  try {
    lockfile = parseToml(file.contents.toString('utf8'));
  } catch (err) {
    log.warn({ path: file.path, err }, 'invalid TOML in Cargo.lock, file skipped');
    return [];
  }

  const entries = lockfile.package;
  if (!Array.isArray(entries)) {
    log.warn({ path: file.path }, 'missing [[package]] tables in Cargo.lock, file skipped');
    return [];
  }

  const packages: Package[] = [];
  for (const entry of entries as Array<{ name?: unknown; version?: unknown }>) {
    const { name, version } = entry;
    if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') continue;
    packages.push({ ecosystem: 'cargo', name, version, sourceName: '', sourceVersion: '', arch: '', path: file.path });
  }
  return packages;
}

export class CargoScanner implements LayerScanner {
  readonly name = 'cargo';
  readonly version: string = '2';
  // NOTE: a guessed cap that bounds memory, because the layer reader keeps
  // every requested file of a layer in memory at once. Larger binaries are
  // skipped and the layer reader logs a warning for each.
  readonly maxFileSize = 64 * 1024 * 1024;
  private readonly log = logger('scanner.cargo');

  wants(path: string): boolean {
    return isCargoLockfile(path) || isBinaryCandidate(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };
    for (const file of files.filter((f) => isCargoLockfile(f.path))) {
      findings.databases.push(file.path);
      findings.packages.push(...readCargoLockfile(file, this.log));
    }

    // Each binary read is its own database, Rust or not, so a later layer
    // that deletes a binary or writes another file in its place removes its
    // crates. On a merged-/usr system the layer reader serves `bin/x` and
    // `usr/bin/x` with the same Buffer, so the crates are listed once, at
    // the `usr/` path.
    const byPath = new Map(files.map((file) => [file.path, file.contents]));
    for (const file of files.filter((f) => isBinaryCandidate(f.path) && !isCargoLockfile(f.path))) {
      findings.databases.push(file.path);
      if (byPath.get(`usr/${file.path}`) === file.contents) continue;
      findings.packages.push(...auditablePackages(file, this.log));
    }
    return findings;
  }
}
