import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce } from '../../src/indexer/coalesce.js';
import type { Manifest } from '../../src/image/types.js';
import type { Distribution, LayerFindings, LayerScan, Package } from '../../src/indexer/types.js';

const STATUS = 'var/lib/dpkg/status';
const digestOf = (n: number): string => `sha256:${String(n).repeat(64).slice(0, 64)}`;

function deb(name: string, version: string, path = STATUS): Package {
  return { ecosystem: 'deb', name, version, sourceName: name, sourceVersion: version, arch: 'amd64', path };
}

function distribution(versionId: string, codeName: string): Distribution {
  return { did: 'debian', name: 'Debian GNU/Linux', version: versionId, versionId, versionCodeName: codeName, prettyName: `Debian ${versionId}`, cpe: '' };
}

interface LayerSpec {
  /** Database path to the packages this layer writes there (an empty list empties it). */
  dpkg?: Record<string, Package[]>;
  /** Release file path and the distribution read from it. */
  release?: [string, Distribution];
  whiteouts?: string[];
  opaqueDirs?: string[];
}

function layerScans(specs: LayerSpec[]): LayerScan[] {
  return specs.map((spec, i) => {
    const findings: LayerFindings[] = [];
    if (spec.dpkg) {
      findings.push({
        scanner: 'dpkg', scannerVersion: '1',
        databases: Object.keys(spec.dpkg),
        packages: Object.values(spec.dpkg).flat(),
      });
    }
    if (spec.release) {
      findings.push({ scanner: 'os-release', scannerVersion: '1', distribution: spec.release[1], databases: [spec.release[0]], packages: [] });
    }
    return {
      digest: digestOf(i + 1),
      changes: { whiteouts: spec.whiteouts ?? [], opaqueDirs: spec.opaqueDirs ?? [] },
      findings,
    };
  });
}

function manifestFor(count: number): Manifest {
  return {
    digest: 'sha256:feed',
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c0', size: 1 },
    layers: Array.from({ length: count }, (_, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: digestOf(i + 1), size: 10 })),
    reference: 'oci-archive:test.tar:x',
  };
}

interface Case {
  name: string;
  layers: LayerSpec[];
  /** `name version path@layer` per package of the final image, layer counted from 1. */
  packages: string[];
  distribution?: string;
}

const cases: Case[] = [
  {
    name: 'single layer',
    layers: [{ dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('bash', '5.2-2')] } }],
    packages: [`bash 5.2-2 ${STATUS}@1`, `libc6 2.36-9 ${STATUS}@1`],
  },
  {
    name: 'status rewritten with one package purged',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('curl', '7.88.1-10')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('curl', '7.88.1-10'), deb('openssl', '3.0.11-1')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('openssl', '3.0.11-1')] }, whiteouts: ['usr/bin/curl'] },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@1`, `openssl 3.0.11-1 ${STATUS}@2`],
  },
  {
    name: 'package upgraded in a later layer',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('libssl3', '3.0.11-1')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('libssl3', '3.0.11-1'), deb('jq', '1.6-2')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('libssl3', '3.0.13-1'), deb('jq', '1.6-2')] } },
    ],
    packages: [`jq 1.6-2 ${STATUS}@2`, `libc6 2.36-9 ${STATUS}@1`, `libssl3 3.0.13-1 ${STATUS}@3`],
  },
  {
    name: 'package removed then re-added',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('vim', '9.0-1')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('vim', '9.0-1')] } },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@1`, `vim 9.0-1 ${STATUS}@3`],
  },
  {
    name: 'layers that leave the database alone keep the introducer',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      {},
      { whiteouts: ['etc/motd'] },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@1`],
  },
  {
    name: 'status.d file whited out',
    layers: [
      { dpkg: { 'var/lib/dpkg/status.d/libc6': [deb('libc6', '2.36-9', 'var/lib/dpkg/status.d/libc6')], 'var/lib/dpkg/status.d/tzdata': [deb('tzdata', '2024a-0', 'var/lib/dpkg/status.d/tzdata')] } },
      { whiteouts: ['var/lib/dpkg/status.d/tzdata', 'var/lib/dpkg/status.d/tzdata.md5sums'] },
    ],
    packages: ['libc6 2.36-9 var/lib/dpkg/status.d/libc6@1'],
  },
  {
    name: 'whiteout of a name prefix deletes only that name',
    layers: [
      { dpkg: { 'var/lib/dpkg/status.d/libc6': [deb('libc6', '2.36-9', 'var/lib/dpkg/status.d/libc6')] } },
      { whiteouts: ['var/lib/dpkg/status.d/libc', 'var/lib/dpkg/status.d/libc6-dev'] },
    ],
    packages: ['libc6 2.36-9 var/lib/dpkg/status.d/libc6@1'],
  },
  {
    name: 'whiteout of a parent directory',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')], 'var/lib/dpkg/status.d/x': [deb('x', '1', 'var/lib/dpkg/status.d/x')] } },
      { whiteouts: ['var/lib/dpkg/status.d'] },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@1`],
  },
  {
    name: 'opaque directory hides a lower database',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      { opaqueDirs: ['var/lib/dpkg'] },
    ],
    packages: [],
  },
  {
    // Hiding a file and writing it again in one layer is a rewrite: libc6 never left the merged tree.
    name: 'opaque directory keeps its own layer\'s database',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('curl', '7.88.1-10')] } },
      { opaqueDirs: ['var/lib'], dpkg: { [STATUS]: [deb('libc6', '2.36-9'), deb('jq', '1.6-2')] } },
    ],
    packages: [`jq 1.6-2 ${STATUS}@2`, `libc6 2.36-9 ${STATUS}@1`],
  },
  {
    name: 'opaque sibling directory leaves the database',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      { opaqueDirs: ['var/lib/dpkg-extra', 'opt/vendor/node_modules'] },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@1`],
  },
  {
    name: 'database deleted then written again',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      { whiteouts: [STATUS] },
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
    ],
    packages: [`libc6 2.36-9 ${STATUS}@3`],
  },
  {
    name: 'emptied database',
    layers: [
      { dpkg: { [STATUS]: [deb('libc6', '2.36-9')] } },
      { dpkg: { [STATUS]: [] } },
    ],
    packages: [],
  },
  {
    name: 'distribution from the topmost layer',
    layers: [
      { release: ['etc/os-release', distribution('11', 'bullseye')] },
      { release: ['etc/os-release', distribution('12', 'bookworm')] },
      {},
    ],
    packages: [],
    distribution: 'bookworm',
  },
  {
    name: 'distribution whose file is whited out',
    layers: [
      { release: ['usr/lib/os-release', distribution('11', 'bullseye')] },
      { release: ['etc/os-release', distribution('12', 'bookworm')] },
      { whiteouts: ['etc/os-release'] },
    ],
    packages: [],
    distribution: 'bullseye',
  },
  {
    name: 'every release file whited out',
    layers: [
      { release: ['etc/os-release', distribution('12', 'bookworm')] },
      { whiteouts: ['etc/os-release'] },
    ],
    packages: [],
  },
  {
    name: 'distribution replaced by a rewrite of the same file',
    layers: [
      { release: ['etc/os-release', distribution('12', 'bookworm')] },
      { release: ['etc/os-release', distribution('13', 'trixie')] },
      { opaqueDirs: ['usr'] },
    ],
    packages: [],
    distribution: 'trixie',
  },
];

for (const c of cases) {
  test(`coalesce: ${c.name}`, () => {
    const report = coalesce(layerScans(c.layers), manifestFor(c.layers.length));
    const rows = report.packages.map((p) => `${p.name} ${p.version} ${p.path}@${Number(p.layer.slice(7, 8))}`);
    assert.deepEqual(rows, c.packages);
    assert.equal(report.distribution?.versionCodeName, c.distribution);
  });
}

test('coalesce report fields', () => {
  const manifest = manifestFor(2);
  const report = coalesce(layerScans([{ dpkg: { [STATUS]: [deb('a', '1')] } }, {}]), manifest);
  assert.equal(report.manifestDigest, 'sha256:feed');
  assert.equal(report.reference, 'oci-archive:test.tar:x');
  assert.deepEqual(report.layers, [digestOf(1), digestOf(2)]);
  assert.equal(report.packages[0].layer, digestOf(1));
  assert.equal(report.packages[0].sourceName, 'a');
});

test('coalesce rejects a layer count mismatch', () => {
  assert.throws(() => coalesce(layerScans([{}]), manifestFor(2)), /1 layer scans for a manifest with 2 layers/);
});

test('coalesce keeps the same package from two databases', () => {
  const report = coalesce(layerScans([
    { dpkg: { [STATUS]: [deb('libc6', '2.36-9')], 'var/lib/dpkg/status.d/libc6': [deb('libc6', '2.36-9', 'var/lib/dpkg/status.d/libc6')] } },
  ]), manifestFor(1));
  assert.deepEqual(report.packages.map((p) => p.path), [STATUS, 'var/lib/dpkg/status.d/libc6']);
});

test('coalesce does not modify its input', () => {
  const scans = layerScans([{ dpkg: { [STATUS]: [deb('a', '1')] } }, { whiteouts: [STATUS] }]);
  const before = JSON.stringify(scans);
  coalesce(scans, manifestFor(2));
  assert.equal(JSON.stringify(scans), before);
});

function jarLayer(digestIndex: number, jar: string, artifacts: Array<[string, string, string]>, changes: Partial<LayerScan['changes']> = {}): LayerScan {
  return {
    digest: digestOf(digestIndex),
    changes: { whiteouts: changes.whiteouts ?? [], opaqueDirs: changes.opaqueDirs ?? [] },
    findings: [{
      scanner: 'java',
      scannerVersion: '1',
      databases: jar === '' ? [] : [jar],
      packages: artifacts.map(([name, version, path]) => ({ ecosystem: 'maven', name, version, sourceName: '', sourceVersion: '', arch: '', path })),
    }],
  };
}

test('archive entries go with their archive', () => {
  const log4j = (version: string): [string, string, string] => ['log4j:log4j', version, 'opt/app/log4j.jar!META-INF/MANIFEST.MF'];

  const deleted = coalesce([
    jarLayer(1, 'opt/app/log4j.jar', [log4j('1.2.17')]),
    jarLayer(2, '', [], { whiteouts: ['opt/app/log4j.jar'] }),
  ], manifestFor(2));
  assert.deepEqual(deleted.packages, [], 'a whiteout of the jar removes its manifest entry');

  const replaced = coalesce([
    jarLayer(1, 'opt/app/log4j.jar', [log4j('1.2.17')]),
    jarLayer(2, 'opt/app/log4j.jar', [['org.apache.logging.log4j:log4j-core', '2.17.1', 'opt/app/log4j.jar']]),
  ], manifestFor(2));
  assert.deepEqual(replaced.packages.map((pkg) => `${pkg.name} ${pkg.version}`), ['org.apache.logging.log4j:log4j-core 2.17.1'], 'a rewritten jar replaces its old entries');

  const kept = coalesce([
    jarLayer(1, 'opt/app/log4j.jar', [log4j('1.2.17')]),
    jarLayer(2, 'opt/app/other.jar', []),
  ], manifestFor(2));
  assert.deepEqual(kept.packages.map((pkg) => `${pkg.name} ${pkg.version} ${pkg.layer}`), [`log4j:log4j 1.2.17 ${digestOf(1)}`], 'another jar leaves it alone');
});
