// Owners of language packages: the coalescer names the OS package of the
// final image whose file list contains the file a language package was read from.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { coalesce } from '../../src/indexer/coalesce.js';
import { ownedPath } from '../../src/indexer/file-owners.js';
import { digestOf, syntheticManifest } from './index-helpers.js';
import type { Ecosystem, LayerFindings, LayerScan, Package, PackageFileList } from '../../src/indexer/types.js';

const STATUS = 'var/lib/dpkg/status';
const INFO = 'var/lib/dpkg/info';
const EGG_INFO = 'usr/lib/python3/dist-packages/six-1.16.0.egg-info';
const SIX_PATH = `${EGG_INFO}/PKG-INFO`;
const JAR = 'usr/share/java/log4j-1.2-1.2.17.jar';
const LOG4J_PATH = `${JAR}!META-INF/MANIFEST.MF`;

function deb(name: string, version: string, arch = 'all'): Package {
  return { ecosystem: 'deb', name, version, sourceName: `${name}-src`, sourceVersion: '0', arch, path: STATUS };
}

function language(ecosystem: Ecosystem, name: string, version: string, path: string): Package {
  return { ecosystem, name, version, sourceName: '', sourceVersion: '', arch: '', path };
}

function fileList(listName: string, files: string[]): PackageFileList {
  const [pkg, arch = ''] = listName.split(':');
  return { path: `${INFO}/${listName}.list`, ecosystem: 'deb', package: pkg, arch, files };
}

const SIX = language('pypi', 'six', '1.16.0', SIX_PATH);
const LOG4J = language('maven', 'log4j:log4j', '1.2.17', LOG4J_PATH);
const MINIMIST = language('npm', 'minimist', '1.2.0', 'app/node_modules/minimist/package.json');
const SIX_LIST = fileList('python3-six', [EGG_INFO, SIX_PATH, `${EGG_INFO}/top_level.txt`]);

interface LayerSpec {
  /** Packages of the status database this layer writes. */
  debs?: Package[];
  lists?: PackageFileList[];
  languagePackages?: Package[];
  whiteouts?: string[];
  opaqueDirs?: string[];
}

function layerScans(specs: LayerSpec[]): LayerScan[] {
  return specs.map((spec, i) => {
    const dpkg: LayerFindings = { scanner: 'dpkg', scannerVersion: '2', packages: spec.debs ?? [], databases: spec.debs ? [STATUS] : [] };
    if (spec.lists) dpkg.fileLists = spec.lists;
    const lang: LayerFindings = { scanner: 'lang', scannerVersion: '1', packages: spec.languagePackages ?? [], databases: [] };
    return {
      digest: digestOf(i + 1),
      changes: { whiteouts: spec.whiteouts ?? [], opaqueDirs: spec.opaqueDirs ?? [] },
      findings: [dpkg, lang],
    };
  });
}

/** Returns `ecosystem name source_name source_version` of every package that is not a deb. */
function languageSources(specs: LayerSpec[]): string[] {
  return coalesce(layerScans(specs), syntheticManifest(specs.length)).packages
    .filter((p) => p.ecosystem !== 'deb')
    .map((p) => [p.ecosystem, p.name, p.sourceName, p.sourceVersion].join(' '))
    .sort();
}

interface Case {
  name: string;
  layers: LayerSpec[];
  want: string[];
}

const CASES: Case[] = [
  {
    name: 'owned file names binary package',
    layers: [{ debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], languagePackages: [SIX] }],
    want: ['pypi six python3-six 1.16.0-4'],
  },
  {
    name: 'unowned file stays empty',
    layers: [{ debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], languagePackages: [SIX, MINIMIST] }],
    want: ['npm minimist  ', 'pypi six python3-six 1.16.0-4'],
  },
  {
    name: 'jar entry owned through jar',
    layers: [{ debs: [deb('liblog4j1.2-java', '1.2.17-11')], lists: [fileList('liblog4j1.2-java', [JAR])], languagePackages: [LOG4J] }],
    want: ['maven log4j:log4j liblog4j1.2-java 1.2.17-11'],
  },
  {
    name: 'later layer owns lower file',
    layers: [
      { debs: [], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST] },
    ],
    want: ['pypi six python3-six 1.16.0-4'],
  },
  {
    name: 'whited-out list owns nothing',
    layers: [
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4')], whiteouts: [`${INFO}/python3-six.list`] },
    ],
    want: ['pypi six  '],
  },
  {
    name: 'opaque info directory hides lists',
    layers: [
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4')], opaqueDirs: [INFO] },
    ],
    want: ['pypi six  '],
  },
  {
    name: 'list rewritten under whiteout kept',
    layers: [
      { debs: [deb('python3-six', '1.16.0-3')], lists: [SIX_LIST], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], opaqueDirs: [INFO] },
    ],
    want: ['pypi six python3-six 1.16.0-4'],
  },
  {
    name: 'upgraded owner gives new version',
    layers: [
      { debs: [deb('python3-six', '1.16.0-3')], lists: [SIX_LIST], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST] },
    ],
    want: ['pypi six python3-six 1.16.0-4'],
  },
  {
    name: 'higher list wins shared file',
    layers: [
      { debs: [deb('python3-six', '1.16.0-4')], lists: [SIX_LIST], languagePackages: [SIX] },
      { debs: [deb('python3-six', '1.16.0-4'), deb('python3-six-fork', '2.0-1')], lists: [fileList('python3-six-fork', [SIX_PATH])] },
    ],
    want: ['pypi six python3-six-fork 2.0-1'],
  },
  {
    name: 'arch-qualified list matches architecture',
    layers: [{
      debs: [deb('libpython3-six', '1.0-1', 'i386'), deb('libpython3-six', '1.0-2', 'amd64')],
      lists: [fileList('libpython3-six:amd64', [SIX_PATH])],
      languagePackages: [SIX],
    }],
    want: ['pypi six libpython3-six 1.0-2'],
  },
  {
    name: 'list of removed package ignored',
    layers: [{ debs: [], lists: [SIX_LIST], languagePackages: [SIX] }],
    want: ['pypi six  '],
  },
  {
    name: 'listed directory owns no children',
    layers: [{ debs: [deb('python3-six', '1.16.0-4')], lists: [fileList('python3-six', [EGG_INFO])], languagePackages: [SIX] }],
    want: ['pypi six  '],
  },
];

for (const { name, layers, want } of CASES) {
  test(name, () => {
    assert.deepEqual(languageSources(layers), want);
  });
}

test('OS packages keep source package', () => {
  const report = coalesce(layerScans([{ debs: [deb('python3-six', '1.16.0-4')], lists: [fileList('python3-six', [STATUS])] }]), syntheticManifest(1));
  assert.deepEqual(report.packages.map((p) => [p.name, p.sourceName, p.sourceVersion]), [['python3-six', 'python3-six-src', '0']]);
});

test('ownedPath strips archive entry', () => {
  const cases: Array<[string, string]> = [
    [SIX_PATH, SIX_PATH],
    [LOG4J_PATH, JAR],
    ['app/a.war!WEB-INF/lib/b.jar!META-INF/MANIFEST.MF', 'app/a.war'],
  ];
  for (const [path, want] of cases) assert.equal(ownedPath(path), want, path);
});
