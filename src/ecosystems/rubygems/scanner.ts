// The RubyGems scanner: installed gems, read from the specification files
// that `gem install` writes under a gem home's `specifications` folder.
import { emptyFindings, InvalidFileError, languagePackage, scanFiles } from '../../indexer/scan-files.js';
import type { LayerFile, LayerFindings, LayerScanner, Package } from '../../indexer/types.js';
import { logger } from '../../log.js';

const SPEC_SUFFIX = '.gemspec';
const SPEC_FOLDERS = ['/specifications/', '/specifications/default/'];

// RubyGems writes `s.name = "rack".freeze` (older releases omit `.freeze`).
// The receiver is any identifier, so hand-edited specs with `spec.` match too;
// `s.required_ruby_version =` does not, because the receiver contains no dot.
const NAME = /^\s*\w+\.name\s*=\s*["']([^"'\s]+)["'](?:\.freeze)?\s*$/m;
const VERSION = /^\s*\w+\.version\s*=\s*["']([^"'\s]+)["'](?:\.freeze)?\s*$/m;

/**
 * True for `specifications/<gem>.gemspec` and `specifications/default/<gem>.gemspec`
 * (the default gems bundled with Ruby) at any depth.
 */
export function isInstalledSpec(path: string): boolean {
  if (!path.endsWith(SPEC_SUFFIX)) return false;
  const folder = path.slice(0, path.lastIndexOf('/') + 1);
  if (path.length - folder.length <= SPEC_SUFFIX.length) return false;
  return SPEC_FOLDERS.some((suffix) => ('/' + folder).endsWith(suffix));
}

/** Reads the name and version of one installed gem specification. */
export function readInstalledSpec(file: LayerFile): Package {
  const text = file.contents.toString('utf8');
  const name = NAME.exec(text)?.[1];
  const version = VERSION.exec(text)?.[1];
  if (name === undefined || version === undefined) throw new InvalidFileError('missing name or version in gem specification');
  return languagePackage('gem', name, version, file.path);
}

export class GemScanner implements LayerScanner {
  readonly name = 'gem';
  readonly version: string = '1';
  // NOTE: a guessed cap. Installed specifications are a few KB.
  readonly maxFileSize = 1024 * 1024;
  private readonly log = logger('scanner.gem');

  wants(path: string): boolean {
    return isInstalledSpec(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    // Each specification is its own database, so deleting a gem's spec
    // removes that gem only.
    const findings = emptyFindings(this);
    scanFiles(findings, files, { takes: (file) => isInstalledSpec(file.path), read: readInstalledSpec }, this.log);
    return findings;
  }
}
