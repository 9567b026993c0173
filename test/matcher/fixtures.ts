// Hand-built records, packages and distributions for matcher, report and
// store tests.
import { execFileSync } from 'node:child_process';
import { Writable } from 'node:stream';
import { pino, type Logger } from 'pino';
import type { Distribution, ImagePackage, IndexReport } from '../../src/indexer/types.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';

export const LAYER_BASE = 'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b';
export const LAYER_TOP = 'sha256:8a2639a7e1ebf1d3f0d04d2afc244f5a2bab5f04cc191fe31d594d0e65c0e222';

export const BOOKWORM: Distribution = {
  did: 'debian',
  name: 'Debian GNU/Linux',
  version: '12 (bookworm)',
  versionId: '12',
  versionCodeName: 'bookworm',
  prettyName: 'Debian GNU/Linux 12 (bookworm)',
  cpe: '',
};

export const BULLSEYE: Distribution = {
  ...BOOKWORM,
  version: '11 (bullseye)',
  versionId: '11',
  versionCodeName: 'bullseye',
  prettyName: 'Debian GNU/Linux 11 (bullseye)',
};

export const BIONIC: Distribution = {
  did: 'ubuntu',
  name: 'Ubuntu',
  version: '18.04.6 LTS (Bionic Beaver)',
  versionId: '18.04',
  versionCodeName: 'bionic',
  prettyName: 'Ubuntu 18.04.6 LTS',
  cpe: '',
};

export const ALPINE_3_11: Distribution = {
  did: 'alpine',
  name: 'Alpine Linux',
  version: '',
  versionId: '3.11.6',
  versionCodeName: '',
  prettyName: 'Alpine Linux v3.11',
  cpe: '',
};

/** A dpkg-installed package; the source defaults to the binary's name and version. */
export function deb(name: string, version: string, source?: { name: string; version: string }, layer = LAYER_BASE): ImagePackage {
  return {
    ecosystem: 'deb',
    name,
    version,
    sourceName: source?.name ?? name,
    sourceVersion: source?.version ?? version,
    arch: 'amd64',
    path: 'var/lib/dpkg/status',
    layer,
  };
}

/** Builds an apk-installed package with its origin. */
export function apk(name: string, version: string, origin = name): ImagePackage {
  return {
    ecosystem: 'apk',
    name,
    version,
    sourceName: origin,
    sourceVersion: version,
    arch: 'x86_64',
    path: 'lib/apk/db/installed',
    layer: LAYER_BASE,
  };
}

export function indexReport(distribution: Distribution | undefined, packages: ImagePackage[]): IndexReport {
  return {
    manifestDigest: 'sha256:f1686b44337d2ab780664be0936c6dad4ccadb1a6badb63317dc6a054a06a14e',
    reference: 'oci-archive:test.tar:test',
    distribution,
    packages,
    layers: [LAYER_BASE, LAYER_TOP],
  };
}

/** Builds a record, filling in the fields every test repeats. */
export function record(fields: Partial<VulnerabilityRecord> & Pick<VulnerabilityRecord, 'advisoryId' | 'packageName' | 'state'>): VulnerabilityRecord {
  return {
    feed: 'debian-tracker',
    cves: /^CVE-/.test(fields.advisoryId) ? [fields.advisoryId] : [],
    aliases: [],
    distribution: 'debian',
    release: 'bookworm',
    severity: 'Unknown',
    links: [],
    ...fields,
  };
}

/** Creates a pino logger that keeps its JSON lines in memory. */
export function captureLog(): { log: Logger; lines: () => Array<Record<string, unknown>> } {
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  const log = pino({ level: 'debug' }, sink);
  return {
    log,
    lines: () =>
      chunks
        .join('')
        .split('\n')
        .filter((line) => line !== '')
        .map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

/**
 * Asks the installed dpkg whether `left OP right` is true (`lt`, `eq`, `gt`),
 * the independent source for the orderings the tests rely on.
 */
export function dpkgHolds(left: string, op: 'lt' | 'eq' | 'gt', right: string): boolean {
  try {
    execFileSync('dpkg', ['--compare-versions', left, op, right], { stdio: 'ignore' });
    return true;
  } catch (err) {
    if ((err as { status?: number }).status === 1) return false;
    throw err;
  }
}
