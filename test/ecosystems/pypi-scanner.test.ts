// The PyPI scanner on core metadata files built in the test: which paths it
// asks for, what it reads from their headers, and how whiteouts remove them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeProjectName, PypiScanner } from '../../src/ecosystems/pypi/scanner.js';
import type { LayerChanges, LayerFile } from '../../src/indexer/types.js';
import { namesAfterChanges } from './layers.js';

const scanner = new PypiScanner();

const metadataFile = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

const WANTS: Array<[string, boolean]> = [
  ['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA', true],
  ['usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO', true],
  ['usr/lib/python3.11/site-packages/distro-1.8.0.egg-info', true],
  ['usr/local/lib/python3.11/site-packages/requests-2.31.0.dist-info/METADATA', true],
  ['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/RECORD', false],
  ['usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/top_level.txt', false],
  ['usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/SOURCES.txt', false],
  ['usr/lib/python3/dist-packages/yaml/METADATA', false],
  ['usr/lib/python3/dist-packages/.egg-info', false],
  ['usr/lib/python3/dist-packages/.dist-info/METADATA', false],
  ['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA.bak', false],
  ['.egg-info', false],
  ['usr/lib/python3/dist-packages/six-1.16.0-py3.11.egg', true],
  ['usr/local/lib/python3.11/site-packages/six-1.16.0-py3.11.egg', true],
  ['usr/local/lib/python3.11/site-packages/setuptools-69.0.egg/EGG-INFO/PKG-INFO', true],
  ['usr/local/lib/python3.11/site-packages/setuptools-69.0.egg/EGG-INFO/top_level.txt', false],
  ['root/.cache/eggs/six-1.16.0-py3.11.egg', false],
  ['usr/local/lib/python3.11/site-packages/six/tests/fixture.egg', false],
];

for (const [path, wanted] of WANTS) {
  test(`wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('Name and Version of each metadata form', async () => {
  const findings = await scanner.scan([
    metadataFile('usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA',
      'Metadata-Version: 2.1\nName: PyYAML\nVersion: 6.0\nSummary: YAML parser and emitter for Python\nClassifier: Development Status :: 5\n\nName: not-a-header\n'),
    metadataFile('usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO',
      'Metadata-Version: 2.1\r\nname: Jinja2\r\nversion: 3.1.2\r\nLicense: BSD-3-Clause\r\n'),
    metadataFile('usr/lib/python3.11/site-packages/zope.interface-6.0.egg-info',
      'Metadata-Version: 1.1\nName: zope.interface\nVersion: 6.0\nDescription: Interfaces\n        for Python\n'),
  ]);

  assert.equal(findings.scanner, 'pypi');
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.path]), [
    ['pypi', 'PyYAML', '6.0', 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA'],
    ['pypi', 'Jinja2', '3.1.2', 'usr/lib/python3/dist-packages/Jinja2-3.1.2.egg-info/PKG-INFO'],
    ['pypi', 'zope.interface', '6.0', 'usr/lib/python3.11/site-packages/zope.interface-6.0.egg-info'],
  ]);
});

test('metadata without Name or Version skipped', async () => {
  const files = [
    metadataFile('a/no_version-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: no-version\n'),
    metadataFile('a/no_name-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nVersion: 1.0\n'),
    metadataFile('a/body-1.0.dist-info/METADATA', 'Metadata-Version: 2.1\nName: body\n\nVersion: 1.0\n'),
    metadataFile('a/empty-1.0.egg-info', ''),
    metadataFile('a/six-1.16.0.egg-info', 'Name: six\nVersion: 1.16.0\n'),
  ];
  const findings = await scanner.scan(files);

  assert.deepEqual(findings.packages.map((p) => `${p.name} ${p.version}`), ['six 1.16.0']);
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});

test('first Name header wins', async () => {
  const findings = await scanner.scan([metadataFile('a/x-1.dist-info/METADATA', 'Name: first\nVersion: 1\nName: second\n')]);
  assert.deepEqual(findings.packages.map((p) => p.name), ['first']);
});

const NAMES: Array<[string, string]> = [
  ['PyYAML', 'pyyaml'],
  ['zope.interface', 'zope-interface'],
  ['Foo__Bar-.baz', 'foo-bar-baz'],
  ['ruamel.yaml.clib', 'ruamel-yaml-clib'],
];

for (const [name, normal] of NAMES) {
  test(`PEP 503 normal form of ${name} is ${normal}`, () => {
    assert.equal(normalizeProjectName(name), normal);
  });
}

async function twoLayers(upper: LayerChanges): Promise<string[]> {
  const lower = await scanner.scan([
    metadataFile('usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA', 'Name: PyYAML\nVersion: 6.0\n'),
    metadataFile('usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO', 'Name: six\nVersion: 1.16.0\n'),
    metadataFile('usr/local/lib/python3.11/site-packages/distro-1.8.0.egg-info', 'Name: distro\nVersion: 1.8.0\n'),
  ]);
  return namesAfterChanges(lower, upper, await scanner.scan([]));
}

test('whiteouts hide distributions', async () => {
  assert.deepEqual(await twoLayers({ whiteouts: ['usr/lib/python3/dist-packages/PyYAML-6.0.dist-info'], opaqueDirs: [] }), ['distro', 'six']);
  assert.deepEqual(await twoLayers({ whiteouts: ['usr/local/lib/python3.11/site-packages/distro-1.8.0.egg-info'], opaqueDirs: [] }), ['PyYAML', 'six']);
  assert.deepEqual(await twoLayers({ whiteouts: [], opaqueDirs: ['usr/lib/python3/dist-packages'] }), ['distro']);
});
