// The distribution scanner: reads os-release(5) and the older release files
// (lsb-release, the Red Hat style and SUSE release files, debian_version,
// alpine-release) that a layer writes.
import type { Distribution, LayerFile, LayerFindings, LayerScanner } from './types.js';
import { logger, type Logger } from '../log.js';
import { parseOsRelease } from './os-release-parse.js';
import { distributionFromRedHatStyleRelease, distributionFromSuseRelease } from './rpm-release-files.js';

export { parseOsRelease };

/**
 * Release files in the order they are trusted: the first one present decides.
 * Oracle Linux and CentOS also ship a redhat-release that names Red Hat
 * Enterprise Linux, so their own files come first. system-release is Amazon
 * Linux's file and, elsewhere in the family, a link to one of the others.
 */
export const RELEASE_FILES = [
  'etc/os-release',
  'usr/lib/os-release',
  'etc/lsb-release',
  'etc/oracle-release',
  'etc/centos-release',
  'etc/redhat-release',
  'etc/system-release',
  'etc/SuSE-release',
  'etc/debian_version',
  'etc/alpine-release',
] as const;

/** Red Hat family and Amazon Linux file holding the release's CPE name, read when the release file names none. */
export const SYSTEM_RELEASE_CPE = 'etc/system-release-cpe';

/** Debian major release numbers and their codenames, for files that name only one of them. */
const DEBIAN_CODENAMES: Record<string, string> = {
  '7': 'wheezy',
  '8': 'jessie',
  '9': 'stretch',
  '10': 'buster',
  '11': 'bullseye',
  '12': 'bookworm',
  '13': 'trixie',
  '14': 'forky',
};

/**
 * Builds a Distribution from os-release variables, filling the codename where old releases omit it.
 *
 * NOTE: Ubuntu Pro (ESM) writes the same os-release as plain Ubuntu, so ESM
 * coverage is not visible here. It shows only in `+esm` package versions.
 */
export function distributionFromOsRelease(vars: Map<string, string>): Distribution {
  // os-release(5) defaults for ID, NAME and PRETTY_NAME.
  const did = (vars.get('ID') ?? 'linux').toLowerCase();
  const version = vars.get('VERSION') ?? '';
  const versionId = vars.get('VERSION_ID') ?? '';

  return {
    did,
    name: vars.get('NAME') ?? 'Linux',
    version,
    versionId,
    versionCodeName: vars.get('VERSION_CODENAME') || vars.get('UBUNTU_CODENAME') || deriveCodeName(did, version, versionId),
    prettyName: vars.get('PRETTY_NAME') ?? 'Linux',
    cpe: vars.get('CPE_NAME') ?? '',
  };
}

/**
 * Finds the codename of releases whose os-release has no VERSION_CODENAME:
 * Debian before 9 (and distroless Debian images) through the release number,
 * Ubuntu before 16.04 through VERSION, written as `14.10 (Utopic Unicorn)` or
 * `12.04.5 LTS, Precise Pangolin`.
 */
function deriveCodeName(did: string, version: string, versionId: string): string {
  if (did === 'debian') return DEBIAN_CODENAMES[versionId.split('.')[0]] ?? '';

  if (did === 'ubuntu') {
    const match = /(?:\(|, )([A-Za-z]+)[ A-Za-z]*\)?$/.exec(version);
    return match ? match[1].toLowerCase() : '';
  }
  return '';
}

/** Builds a Distribution from /etc/lsb-release (DISTRIB_ID, DISTRIB_RELEASE, DISTRIB_CODENAME, DISTRIB_DESCRIPTION). */
export function distributionFromLsbRelease(vars: Map<string, string>): Distribution | undefined {
  const id = vars.get('DISTRIB_ID');
  if (!id) return undefined;

  const release = vars.get('DISTRIB_RELEASE') ?? '';
  return {
    did: id.toLowerCase(),
    name: id,
    version: release,
    versionId: release,
    versionCodeName: vars.get('DISTRIB_CODENAME') ?? '',
    prettyName: vars.get('DISTRIB_DESCRIPTION') ?? id,
    cpe: '',
  };
}

/**
 * Builds a Distribution from /etc/debian_version, which holds either a point
 * release (`12.5`, `9.13`) or, on testing and unstable, `CODENAME/sid`.
 */
export function distributionFromDebianVersion(text: string): Distribution | undefined {
  const content = text.trim();
  if (content === '') return undefined;

  let versionId = '';
  let codeName = '';
  const slash = content.indexOf('/');
  if (slash >= 0) {
    codeName = content.slice(0, slash);
    versionId = Object.keys(DEBIAN_CODENAMES).find((major) => DEBIAN_CODENAMES[major] === codeName) ?? '';
  } else if (/^\d+(\.\d+)*$/.test(content)) {
    versionId = content.split('.')[0];
    codeName = DEBIAN_CODENAMES[versionId] ?? '';
  } else {
    return undefined;
  }

  return {
    did: 'debian',
    name: 'Debian GNU/Linux',
    version: content,
    versionId,
    versionCodeName: codeName,
    prettyName: `Debian GNU/Linux ${content}`,
    cpe: '',
  };
}

/** Builds a Distribution from /etc/alpine-release, which holds the full release (`3.18.4`). */
export function distributionFromAlpineRelease(text: string): Distribution | undefined {
  const release = text.trim();
  if (release === '') return undefined;

  return {
    did: 'alpine',
    name: 'Alpine Linux',
    version: '',
    versionId: release,
    versionCodeName: '',
    prettyName: `Alpine Linux ${release}`,
    cpe: '',
  };
}

/** Reads one release file; returns undefined when it names no distribution. */
export function distributionFromFile(file: LayerFile, log: Logger): Distribution | undefined {
  const text = file.contents.toString('utf8');

  switch (file.path) {
    case 'etc/os-release':
    case 'usr/lib/os-release': {
      const vars = parseOsRelease(text, log);
      return vars.size > 0 ? distributionFromOsRelease(vars) : undefined;
    }
    case 'etc/lsb-release':
      return distributionFromLsbRelease(parseOsRelease(text, log));
    case 'etc/debian_version':
      return distributionFromDebianVersion(text);
    case 'etc/alpine-release':
      return distributionFromAlpineRelease(text);
    case 'etc/oracle-release':
    case 'etc/centos-release':
    case 'etc/redhat-release':
    case 'etc/system-release':
      return distributionFromRedHatStyleRelease(text);
    case 'etc/SuSE-release':
      return distributionFromSuseRelease(text);
    default:
      return undefined;
  }
}

/**
 * Scanner of the release files. Its findings list, as `databases`, the one
 * file the distribution was read from, so that the coalescer drops the
 * distribution when a higher layer deletes that file.
 */
export class OsReleaseScanner implements LayerScanner {
  readonly name = 'os-release';
  readonly version: string = '2';
  readonly maxFileSize = 64 * 1024;
  private readonly log = logger('scanner.os-release');

  wants(path: string): boolean {
    return path === SYSTEM_RELEASE_CPE || (RELEASE_FILES as readonly string[]).includes(path);
  }

  scan(files: LayerFile[]): LayerFindings {
    const findings: LayerFindings = { scanner: this.name, scannerVersion: this.version, packages: [], databases: [] };

    for (const path of RELEASE_FILES) {
      const file = files.find((f) => f.path === path);
      if (!file) continue;

      const distribution = distributionFromFile(file, this.log.child({ path }));
      if (distribution) {
        findings.distribution = withSystemReleaseCpe(distribution, files);
        findings.databases = [path];
        return findings;
      }
      this.log.debug({ path }, 'release file names no distribution; trying the next one');
    }
    return findings;
  }
}

/** Fills an empty CPE from system-release-cpe when the same layer writes one. */
function withSystemReleaseCpe(distribution: Distribution, files: LayerFile[]): Distribution {
  if (distribution.cpe !== '') return distribution;

  const file = files.find((f) => f.path === SYSTEM_RELEASE_CPE);
  const cpe = file?.contents.toString('utf8').trim().split(/\r?\n/, 1)[0] ?? '';
  return cpe.startsWith('cpe:') ? { ...distribution, cpe } : distribution;
}
