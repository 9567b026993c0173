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
  // Application lockfiles, but none inside node_modules.
  ['app/package-lock.json', true],
  ['package-lock.json', true],
  ['app/node_modules/express/package-lock.json', false],
  ['node_modules/express/package-lock.json', false],
  ['app/node_modules/.package-lock.json', false],
  ['app/my-package-lock.json', false],
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
    ['npm', 'express', '4.17.1', '', '', 'app/node_modules/express/package.json'],
    ['npm', '@types/node', '20.11.5', '', '', 'app/node_modules/@types/node/package.json'],
    ['npm', 'ms', '2.1.1', '', '', 'app/node_modules/send/node_modules/ms/package.json'],
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

const pinned = (findings: { packages: Array<{ name: string; version: string; path: string }> }): string[] =>
  findings.packages.map((p) => `${p.name} ${p.version} ${p.path}`).sort();

test('lockfile v3 packages by install folder', () => {
  const findings = scanner.scan([manifestFile('srv/app/package-lock.json', {
    name: 'app', version: '1.0.0', lockfileVersion: 3,
    packages: {
      '': { name: 'app', version: '1.0.0', dependencies: { express: '4.17.1' } },
      'node_modules/express': { version: '4.17.1' },
      'node_modules/@types/node': { version: '20.11.5' },
      'node_modules/send/node_modules/ms': { version: '2.1.1' },
      'node_modules/jest': { version: '29.7.0', dev: true },
      'node_modules/local-lib': { resolved: 'packages/local-lib', link: true },
      'packages/local-lib': { name: 'local-lib', version: '0.1.0' },
      'node_modules/aliased': { name: 'real-name', version: '2.0.0' },
    },
  })]);

  assert.deepEqual(pinned(findings), [
    '@types/node 20.11.5 srv/app/package-lock.json',
    'express 4.17.1 srv/app/package-lock.json',
    'ms 2.1.1 srv/app/package-lock.json',
    'real-name 2.0.0 srv/app/package-lock.json',
  ]);
  assert.deepEqual(findings.databases, ['srv/app/package-lock.json']);
});

test('lockfile v1 nested dependencies', () => {
  const findings = scanner.scan([manifestFile('package-lock.json', {
    name: 'app', version: '1.0.0', lockfileVersion: 1,
    dependencies: {
      send: { version: '0.17.1', dependencies: { ms: { version: '2.1.1' } } },
      ms: { version: '2.0.0' },
      mocha: { version: '10.0.0', dev: true },
    },
  })]);

  assert.deepEqual(pinned(findings), ['ms 2.0.0 package-lock.json', 'ms 2.1.1 package-lock.json', 'send 0.17.1 package-lock.json']);
});

test('lockfile skips packages installed beside it', () => {
  const findings = scanner.scan([
    manifestFile('app/package-lock.json', {
      lockfileVersion: 2,
      packages: { 'node_modules/express': { version: '4.17.1' }, 'node_modules/send/node_modules/ms': { version: '2.1.1' }, 'node_modules/lodash': { version: '4.17.15' } },
      dependencies: { express: { version: '4.17.1' } },
    }),
    manifestFile('app/node_modules/express/package.json', { name: 'express', version: '4.17.1' }),
    manifestFile('app/node_modules/send/node_modules/ms/package.json', { name: 'ms', version: '2.1.1' }),
    // Another application's node_modules does not count for this lockfile.
    manifestFile('other/node_modules/lodash/package.json', { name: 'lodash', version: '4.17.15' }),
  ]);

  assert.deepEqual(pinned(findings), [
    'express 4.17.1 app/node_modules/express/package.json',
    'lodash 4.17.15 app/package-lock.json',
    'lodash 4.17.15 other/node_modules/lodash/package.json',
    'ms 2.1.1 app/node_modules/send/node_modules/ms/package.json',
  ]);
});

test('invalid lockfile yields no packages', () => {
  const findings = scanner.scan([manifestFile('app/package-lock.json', '{"lockfileVersion": 3, "packages": ')]);
  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, ['app/package-lock.json']);
});
