// One installed rpm package as its header describes it, and its source
// package as Clair and grype name it: the source rpm's file name
// `name-version-release.src.rpm` split at its last two hyphens.
import { InvalidHeaderError, RpmHeader, RpmTag } from './header.js';

export interface RpmPackage {
  name: string;
  /** EPOCH tag, or undefined when the header has none (rpm then treats it as 0). */
  epoch: number | undefined;
  version: string;
  release: string;
  /** ARCH tag; empty for the gpg-pubkey pseudo-packages, which have none. */
  arch: string;
  /** SOURCERPM tag, the source rpm's file name; empty when the header has none. */
  sourceRpm: string;
  /** MODULARITYLABEL tag (`name:stream:version:context`); empty outside modules. */
  modularityLabel: string;
  vendor: string;
  /** Owned paths relative to the root, without a leading slash. */
  files: string[];
}

/**
 * Returns `[epoch:]version-release`. The epoch is written only when it is
 * present and not 0: rpm orders a missing epoch as 0, so both spellings
 * compare equal, and the short one is how `rpm -q` and most feeds print it.
 */
export function evrString(pkg: Pick<RpmPackage, 'epoch' | 'version' | 'release'>): string {
  const epoch = pkg.epoch ? `${pkg.epoch}:` : '';
  return `${epoch}${pkg.version}-${pkg.release}`;
}

/** rpm prints an empty tag as `(none)`, and some builds store that text in the tag itself. */
function optionalString(header: RpmHeader, tag: number): string {
  const value = header.string(tag);
  return value === undefined || value === '(none)' ? '' : value;
}

/**
 * Returns the owned paths: BASENAMES joined to DIRNAMES through DIRINDEXES,
 * or the old single FILENAMES tag of headers written before rpm 4.
 */
export function readFiles(header: RpmHeader): string[] {
  const baseNames = header.strings(RpmTag.baseNames);
  const paths = baseNames.length > 0 ? joinDirs(header, baseNames) : header.strings(RpmTag.oldFilenames);
  return paths.map((path) => path.replace(/^\/+/, '')).filter((path) => path !== '');
}

function joinDirs(header: RpmHeader, baseNames: string[]): string[] {
  const dirNames = header.strings(RpmTag.dirNames);
  const dirIndexes = header.int32s(RpmTag.dirIndexes);
  if (dirIndexes.length !== baseNames.length) throw new InvalidHeaderError('DIRINDEXES and BASENAMES differ in length');

  return baseNames.map((base, i) => {
    const dir = dirNames[dirIndexes[i]];
    if (dir === undefined) throw new InvalidHeaderError(`DIRINDEXES entry ${i} points past DIRNAMES`);
    return `${dir}${base}`;
  });
}

/** Reads the package fields of one header; throws InvalidHeaderError when a required tag is missing. */
export function readRpmPackage(header: RpmHeader): RpmPackage {
  const name = header.string(RpmTag.name);
  const version = header.string(RpmTag.version);
  const release = header.string(RpmTag.release);
  if (!name || !version || !release) throw new InvalidHeaderError('missing NAME, VERSION or RELEASE');

  return {
    name,
    epoch: header.int32(RpmTag.epoch),
    version,
    release,
    arch: optionalString(header, RpmTag.arch),
    sourceRpm: optionalString(header, RpmTag.sourceRpm),
    modularityLabel: optionalString(header, RpmTag.modularityLabel),
    vendor: optionalString(header, RpmTag.vendor),
    files: readFiles(header),
  };
}

/**
 * Splits a source rpm file name into the source package's name and
 * `version-release`, or returns undefined when it is not of the form
 * `name-version-release.src.rpm` (or `.nosrc.rpm`).
 */
export function parseSourceRpm(fileName: string): { name: string; versionRelease: string } | undefined {
  const match = /^(.+)-([^-]+)-([^-]+)\.(?:no)?src\.rpm$/.exec(fileName);
  if (!match) return undefined;
  return { name: match[1], versionRelease: `${match[2]}-${match[3]}` };
}
