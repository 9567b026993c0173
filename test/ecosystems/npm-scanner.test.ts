// The npm scanner on package.json files built in the test: which paths it
// asks for, what it reads from them, and how whiteouts remove them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NpmScanner } from '../../src/ecosystems/npm/scanner.js';
import type { LayerChanges, LayerFile } from '../../src/indexer/types.js';
import { namesAfterChanges } from './layers.js';

const scanner = new NpmScanner();

const manifestFile = (path: string, manifest: unknown): LayerFile => ({
  path,
  contents: Buffer.from(typeof manifest === 'string' ? manifest : JSON.stringify(manifest)),
});

const WANTS: Array<[string, boolean]> = [
  ['app/node_modules/express/package.json', true],
  ['node_modules/express/package.json', true],
  ['app/node_modules/@types/node/package.json', true],
  ['app/node_modules/send/node_modules/ms/package.json', true],
  ['app/node_modules/@babel/core/node_modules/@babel/types/package.json', true],
  ['usr/lib/node_modules/npm/node_modules/semver/package.json', true],
  // The application's own manifest and files inside a package are not packages.
  ['app/package.json', false],
  ['package.json', false],
  ['app/node_modules/express/lib/package.json', false],
  ['app/node_modules/@types/package.json.bak', false],
  ['app/node_modules/@types/node/ts4.8/package.json', false],
  ['app/my_node_modules/express/package.json', false],
  ['app/@scope/express/package.json', false],
  ['@scope/express/package.json', false],
  ['app/node_modules/package.json', false],
  ['app/node_modules/express/package-lock.json', false],
  ['app/package-lock.json', false],
  ['app/node_modules/.package-lock.json', false],
];

for (const [path, wanted] of WANTS) {
  test(`wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('plain, scoped and nested packages', () => {
  const findings = scanner.scan([
    manifestFile('app/node_modules/express/package.json', { name: 'express', version: '4.17.1', dependencies: { send: '0.17.1' } }),
    manifestFile('app/node_modules/@types/node/package.json', { name: '@types/node', version: '20.11.5' }),
    manifestFile('app/node_modules/send/node_modules/ms/package.json', { name: 'ms', version: '2.1.1' }),
  ]);

  assert.equal(findings.scanner, 'npm');
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.sourceName, p.sourceVersion, p.path]), [
    ['npm', 'express', '4.17.1', 'express', '4.17.1', 'app/node_modules/express/package.json'],
    ['npm', '@types/node', '20.11.5', '@types/node', '20.11.5', 'app/node_modules/@types/node/package.json'],
    ['npm', 'ms', '2.1.1', 'ms', '2.1.1', 'app/node_modules/send/node_modules/ms/package.json'],
  ]);
  assert.deepEqual(findings.databases, [
    'app/node_modules/express/package.json',
    'app/node_modules/@types/node/package.json',
    'app/node_modules/send/node_modules/ms/package.json',
  ]);
});

test('manifests without name or version skipped', () => {
  const files = [
    manifestFile('app/node_modules/no-version/package.json', { name: 'no-version' }),
    manifestFile('app/node_modules/no-name/package.json', { version: '1.0.0' }),
    manifestFile('app/node_modules/numeric/package.json', { name: 'numeric', version: 1 }),
    manifestFile('app/node_modules/array/package.json', ['not', 'a', 'manifest']),
    manifestFile('app/node_modules/broken/package.json', '{"name": "broken", "version": '),
    manifestFile('app/node_modules/ok/package.json', { name: 'ok', version: '0.0.1' }),
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages.map((p) => p.name), ['ok']);
  // The files are still databases this layer wrote: they replace lower copies.
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});

test('lockfile inside node_modules ignored', () => {
  const findings = scanner.scan([
    manifestFile('app/node_modules/express/package-lock.json', { name: 'express', version: '4.17.1', lockfileVersion: 2, packages: {} }),
    manifestFile('app/package.json', { name: 'app', version: '1.0.0' }),
  ]);
  assert.deepEqual(findings, { scanner: 'npm', scannerVersion: scanner.version, packages: [], databases: [] });
});

function twoLayers(upper: LayerChanges): string[] {
  const lower = scanner.scan([
    manifestFile('opt/vendor/node_modules/minimist/package.json', { name: 'minimist', version: '1.2.0' }),
    manifestFile('opt/vendor/node_modules/@scope/util/package.json', { name: '@scope/util', version: '3.0.0' }),
    manifestFile('app/node_modules/lodash/package.json', { name: 'lodash', version: '4.17.15' }),
  ]);
  return namesAfterChanges(lower, upper, scanner.scan([]));
}

test('opaque node_modules hides packages', () => {
  assert.deepEqual(twoLayers({ whiteouts: [], opaqueDirs: ['opt/vendor/node_modules'] }), ['lodash']);
});

test('package folder whiteout hides one package', () => {
  assert.deepEqual(twoLayers({ whiteouts: ['opt/vendor/node_modules/@scope/util'], opaqueDirs: [] }), ['lodash', 'minimist']);
});
