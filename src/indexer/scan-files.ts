// The loop that every language scanner runs over the files of one layer:
// each file a reader takes is listed as a package database, then read, and
// an invalid file is skipped with one warning.
import type { Logger } from '../log.js';
import type { Ecosystem, LayerFile, LayerFindings, LayerScanner, Package } from './types.js';

/** A file that is not in the format its name promises. The scanner skips it with one warning. */
export class InvalidFileError extends Error {
  /**
   * @param message what is wrong, in the words of the warning (`invalid JSON in deps.json`)
   * @param details fields logged beside the path
   */
  constructor(message: string, readonly details: Record<string, unknown> = {}, options?: ErrorOptions) {
    super(message, options);
    this.name = 'InvalidFileError';
  }
}

/** Result of a file reader: one package, several, or none. */
export type ReadPackages = Package | Package[] | undefined;

/** One kind of file that a scanner reads. */
export interface FileReader<Result> {
  /**
   * True for the files this reader takes. Each of them is listed as a
   * package database, so a higher layer that deletes or rewrites it removes
   * its packages.
   */
  takes(file: LayerFile): boolean;
  /**
   * True for a taken file that is listed but not read, such as a second
   * name of a file that is read at another path.
   */
  skips?(file: LayerFile): boolean;
  /** Reads the packages of one file. Throws InvalidFileError when the file is invalid. */
  read(file: LayerFile): Result;
}

/** Returns findings with no packages and no databases, for one scanner. */
export function emptyFindings(scanner: Pick<LayerScanner, 'name' | 'version'>): LayerFindings {
  return { scanner: scanner.name, scannerVersion: scanner.version, packages: [], databases: [] };
}

/**
 * Returns a language package read from `path`. Its owner (sourceName and
 * sourceVersion) is left empty for the coalescer, and languages carry no arch.
 */
export function languagePackage(ecosystem: Ecosystem, name: string, version: string, path: string): Package {
  return { ecosystem, name, version, sourceName: '', sourceVersion: '', arch: '', path };
}

/** Parses a file as JSON. Throws InvalidFileError naming the format (`package.json`, `deps.json`). */
export function parseJsonFile(file: LayerFile, format: string): unknown {
  try {
    return JSON.parse(file.contents.toString('utf8'));
  } catch (err) {
    throw new InvalidFileError(`invalid JSON in ${format}`, {}, { cause: err });
  }
}

/**
 * Runs a reader over the files it takes, in their order, and adds their
 * paths and packages to the findings. Returns the packages this call added.
 */
export function scanFiles(findings: LayerFindings, files: readonly LayerFile[], reader: FileReader<ReadPackages>, log: Logger): Package[] {
  const added: Package[] = [];
  for (const file of takeFiles(findings, files, reader)) {
    try {
      added.push(...asList(reader.read(file)));
    } catch (err) {
      warnInvalid(err, file, log);
    }
  }

  findings.packages.push(...added);
  return added;
}

/** scanFiles for a reader that reads asynchronously, one file at a time. */
export async function scanFilesAsync(
  findings: LayerFindings,
  files: readonly LayerFile[],
  reader: FileReader<Promise<ReadPackages>>,
  log: Logger,
): Promise<Package[]> {
  const added: Package[] = [];
  for (const file of takeFiles(findings, files, reader)) {
    try {
      added.push(...asList(await reader.read(file)));
    } catch (err) {
      warnInvalid(err, file, log);
    }
  }

  findings.packages.push(...added);
  return added;
}

/** Lists the files a reader takes as databases, and returns those it reads. */
function takeFiles(findings: LayerFindings, files: readonly LayerFile[], reader: FileReader<unknown>): LayerFile[] {
  const toRead: LayerFile[] = [];
  for (const file of files) {
    if (!reader.takes(file)) continue;
    findings.databases.push(file.path);
    if (reader.skips?.(file) !== true) toRead.push(file);
  }
  return toRead;
}

/**
 * Paths such as `bin/fzf` that the layer reader served through a link
 * (`bin` -> `usr/bin` on a merged-/usr system) and whose file is also read
 * at its `usr/` path. The reader hands the same Buffer for both, so a
 * scanner that skips these reports the file's packages once, at the `usr/`
 * path.
 */
export function usrMergedAliases(files: readonly LayerFile[]): Set<string> {
  const byPath = new Map(files.map((file) => [file.path, file.contents]));
  const aliases = new Set<string>();
  for (const file of files) {
    if (byPath.get(`usr/${file.path}`) === file.contents) aliases.add(file.path);
  }
  return aliases;
}

function asList(result: ReadPackages): Package[] {
  if (result === undefined) return [];
  return Array.isArray(result) ? result : [result];
}

/** Logs an invalid file once. Any other error is a bug in the reader and is thrown again. */
function warnInvalid(err: unknown, file: LayerFile, log: Logger): void {
  if (!(err instanceof InvalidFileError)) throw err;
  const cause = err.cause === undefined ? {} : { err: err.cause };
  log.warn({ path: file.path, ...err.details, ...cause }, `${err.message}, file skipped`);
}
