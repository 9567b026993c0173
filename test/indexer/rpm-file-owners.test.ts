// Owners from rpm file lists: a pypi package whose METADATA an installed rpm
// package owns takes that rpm's name and version as its source.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce } from '../../src/indexer/coalesce.js';
import { digestOf, syntheticManifest } from './index-helpers.js';
import type { LayerFindings, LayerScan, Package, PackageFileList } from '../../src/indexer/types.js';

const DB = 'var/lib/rpm/rpmdb.sqlite';
const DIST_INFO = 'usr/lib/python3.9/site-packages/six-1.15.0.dist-info';
const SIX_RPM: Package = {
  ecosystem: 'rpm', name: 'python3-six', version: '1.15.0-9.el9', sourceName: 'python-six', sourceVersion: '1.15.0-9.el9', arch: 'noarch', path: DB,
};
const SIX: Package = { ecosystem: 'pypi', name: 'six', version: '1.15.0', sourceName: '', sourceVersion: '', arch: '', path: `${DIST_INFO}/METADATA` };
const SIX_LIST: PackageFileList = {
  path: `${DB}!python3-six-1.15.0-9.el9.noarch`, ecosystem: 'rpm', package: 'python3-six', arch: 'noarch', files: [DIST_INFO, `${DIST_INFO}/METADATA`],
};

interface LayerSpec {
  rpms?: Package[];
  lists?: PackageFileList[];
  whiteouts?: string[];
}

function sources(specs: LayerSpec[]): string[] {
  const scans: LayerScan[] = specs.map((spec, i) => {
    const rpm: LayerFindings = { scanner: 'rpm', scannerVersion: '2', packages: spec.rpms ?? [], databases: spec.rpms ? [DB] : [] };
    if (spec.lists) rpm.fileLists = spec.lists;
    const lang: LayerFindings = { scanner: 'lang', scannerVersion: '1', packages: i === 0 ? [SIX] : [], databases: [] };
    return { digest: digestOf(i + 1), changes: { whiteouts: spec.whiteouts ?? [], opaqueDirs: [] }, findings: [rpm, lang] };
  });
  return coalesce(scans, syntheticManifest(specs.length)).packages
    .filter((p) => p.ecosystem === 'pypi')
    .map((p) => [p.name, p.sourceName, p.sourceVersion].join(' '));
}

const CASES: { name: string; layers: LayerSpec[]; want: string[] }[] = [
  { name: 'owned METADATA names the rpm', layers: [{ rpms: [SIX_RPM], lists: [SIX_LIST] }], want: ['six python3-six 1.15.0-9.el9'] },
  { name: 'rpm of another arch owns nothing', layers: [{ rpms: [{ ...SIX_RPM, arch: 'x86_64' }], lists: [SIX_LIST] }], want: ['six  '] },
  { name: 'database rewritten without the rpm', layers: [{ rpms: [SIX_RPM], lists: [SIX_LIST] }, { rpms: [], lists: [] }], want: ['six  '] },
  { name: 'database whited out', layers: [{ rpms: [SIX_RPM], lists: [SIX_LIST] }, { whiteouts: [DB] }], want: ['six  '] },
];

for (const { name, layers, want } of CASES) {
  test(name, () => assert.deepEqual(sources(layers), want));
}
