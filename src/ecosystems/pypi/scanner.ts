// The PyPI scanner: installed Python distributions, read from the core
// metadata that pip and setuptools write beside them (`*.dist-info/METADATA`,
// `*.egg-info/PKG-INFO`, an `*.egg-info` file, or `EGG-INFO/PKG-INFO` in an
// egg folder or a zipped egg).
import { emptyFindings, InvalidFileError, languagePackage, scanFilesAsync } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';
import { isEggArchive, readEggPkgInfo } from './egg.js';

const METADATA_SUFFIXES = ['.dist-info/METADATA', '.egg-info/PKG-INFO', '.egg-info', '.egg/EGG-INFO/PKG-INFO'];

/** True for a core metadata file of an installed distribution. Called for every entry of every layer. */
export function isMetadataFile(path: string): boolean {
  return METADATA_SUFFIXES.some((suffix) => path.endsWith(suffix) && path.length > suffix.length && path[path.length - suffix.length - 1] !== '/');
}

/**
 * Reads the header fields of a core metadata file (RFC 822 style, up to
 * the first blank line; the body is the long description). Field names are
 * case-insensitive and the first occurrence wins, as Python's email parser
 * returns it.
 */
export function parseMetadataHeaders(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  let last: string | undefined;

  for (const line of text.split(/\r?\n/)) {
    if (line === '') break;

    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (last !== undefined && fields.get(last) !== undefined) fields.set(last, `${fields.get(last)}\n${line.trim()}`);
      continue;
    }

    const colon = line.indexOf(':');
    if (colon <= 0) {
      last = undefined;
      continue;
    }
    const name = line.slice(0, colon).trim().toLowerCase();
    if (fields.has(name)) {
      last = undefined;
      continue;
    }
    fields.set(name, line.slice(colon + 1).trim());
    last = name;
  }
  return fields;
}

/**
 * Returns the PEP 503 normal form of a project name, for matching advisories;
 * the inventory keeps the name as the metadata spells it.
 */
export function normalizeProjectName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** Reads the distribution that one metadata file describes. Throws InvalidFileError when it names none. */
export function readMetadataFile(file: LayerFile, text = file.contents.toString('utf8')): Package {
  const fields = parseMetadataHeaders(text);
  const name = fields.get('name');
  const version = fields.get('version');
  if (!name || !version) throw new InvalidFileError('missing Name or Version in Python metadata', { name, version });

  return languagePackage('pypi', name, version, file.path);
}

export class PypiScanner implements LayerScanner {
  readonly name = 'pypi';
  readonly version: string = '2';
  // NOTE: a guessed cap. METADATA carries the long description, which for
  // large projects reaches a few hundred KB. A zipped egg over the cap is
  // not read, so its distribution is missing from the inventory.
  readonly maxFileSize = 8 * 1024 * 1024;
  private readonly log = logger('scanner.pypi');

  wants(path: string): boolean {
    return isMetadataFile(path) || isEggArchive(path);
  }

  async scan(files: LayerFile[]): Promise<LayerFindings> {
    // Each metadata file is its own database, so a whiteout of the
    // distribution's folder removes the distribution.
    const findings = emptyFindings(this);
    await scanFilesAsync(findings, files, {
      takes: (file) => this.wants(file.path),
      read: async (file) => (isEggArchive(file.path) ? readEgg(file) : readMetadataFile(file)),
    }, this.log);
    return findings;
  }
}

/** Reads the distribution in a zipped egg. Throws InvalidFileError for a corrupt egg or one without PKG-INFO. */
async function readEgg(file: LayerFile): Promise<Package> {
  let text: string | undefined;
  try {
    text = await readEggPkgInfo(file.contents);
  } catch (err) {
    throw new InvalidFileError('unreadable egg archive', {}, { cause: err });
  }
  if (text === undefined) throw new InvalidFileError('no EGG-INFO/PKG-INFO in egg archive');
  return readMetadataFile(file, text);
}
