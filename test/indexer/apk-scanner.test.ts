import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { sharedPath } from '../shared.js';
import { ApkScanner } from '../../src/ecosystems/alpine/scanner.js';
import type { Package } from '../../src/indexer/types.js';

const syftAlpine = (...parts: string[]): string => sharedPath('corpus', 'syft', 'syft', 'pkg', 'cataloger', 'alpine', 'testdata', ...parts);

const row = (p: Package): string => `${p.name} ${p.version} ${p.arch} ${p.sourceName} ${p.sourceVersion}`;

test('apk databases of the corpus', () => {
  // Rows read by hand from the P, V, A and o lines of each file.
  const cases: Array<[string, string[]]> = [
    ['multiple-1', [
      'bash 5.2.21-r0 x86_64 bash 5.2.21-r0',
      'busybox-binsh 1.36.1-r15 x86_64 busybox 1.36.1-r15',
      'musl 1.2.4_git20230717-r4 x86_64 musl 1.2.4_git20230717-r4',
      'readline 8.2.1-r2 x86_64 readline 8.2.1-r2',
    ]],
    ['multiple-2', [
      'alpine-baselayout-data 3.2.0-r22 x86_64 alpine-baselayout 3.2.0-r22',
      'musl 1.2.3-r0 x86_64 musl 1.2.3-r0',
      'busybox 1.35.0-r17 x86_64 busybox 1.35.0-r17',
      'alpine-baselayout 3.2.0-r22 x86_64 alpine-baselayout 3.2.0-r22',
      'alpine-keys 2.4-r1 x86_64 alpine-keys 2.4-r1',
      'ca-certificates-bundle 20220614-r0 x86_64 ca-certificates 20220614-r0',
      'libcrypto1.1 1.1.1q-r0 x86_64 openssl 1.1.1q-r0',
      'libssl1.1 1.1.1q-r0 x86_64 openssl 1.1.1q-r0',
      'ssl_client 1.35.0-r17 x86_64 busybox 1.35.0-r17',
      'zlib 1.2.12-r3 x86_64 zlib 1.2.12-r3',
      'apk-tools 2.12.9-r3 x86_64 apk-tools 2.12.9-r3',
      'scanelf 1.3.4-r0 x86_64 pax-utils 1.3.4-r0',
      'musl-utils 1.2.3-r0 x86_64 musl 1.2.3-r0',
      'libc-utils 0.7.2-r3 x86_64 libc-dev 0.7.2-r3',
    ]],
  ];

  for (const [dir, expected] of cases) {
    const contents = readFileSync(syftAlpine(dir, 'lib', 'apk', 'db', 'installed'));
    const findings = new ApkScanner().scan([{ path: 'lib/apk/db/installed', contents }]);
    assert.deepEqual(findings.packages.map(row), expected, dir);
    assert.deepEqual(findings.databases, ['lib/apk/db/installed'], dir);
    assert.ok(findings.packages.every((p) => p.ecosystem === 'apk' && p.path === 'lib/apk/db/installed'), dir);
  }
});

test('apk single-record fragments', () => {
  const cases: Array<[string, string]> = [
    ['single', 'musl-utils 1.1.24-r2 x86_64 musl 1.1.24-r2'],
    ['base', 'alpine-baselayout 3.2.0-r6 x86_64 alpine-baselayout 3.2.0-r6'],
  ];
  for (const [file, expected] of cases) {
    const findings = new ApkScanner().scan([{ path: 'usr/lib/apk/db/installed', contents: readFileSync(syftAlpine(file)) }]);
    assert.deepEqual(findings.packages.map(row), [expected], file);
    assert.deepEqual(findings.databases, ['usr/lib/apk/db/installed'], file);
  }
});

test('apk record without origin or name', () => {
  const text = 'P:noorigin\nV:1.0-r0\nA:aarch64\n\nV:2.0-r0\nA:x86_64\n\n\nP:noversion\n\nP:last\nV:3.0-r1\n';
  const findings = new ApkScanner().scan([{ path: 'lib/apk/db/installed', contents: Buffer.from(text) }]);
  assert.deepEqual(findings.packages.map(row), [
    'noorigin 1.0-r0 aarch64 noorigin 1.0-r0',
    'last 3.0-r1  last 3.0-r1',
  ]);
});

test('apk database under both paths counts once', () => {
  const contents = readFileSync(syftAlpine('multiple-1', 'lib', 'apk', 'db', 'installed'));
  const findings = new ApkScanner().scan([
    { path: 'lib/apk/db/installed', contents },
    { path: 'usr/lib/apk/db/installed', contents },
  ]);
  assert.equal(findings.packages.length, 4);
  assert.ok(findings.packages.every((p) => p.path === 'usr/lib/apk/db/installed'));
  assert.deepEqual(findings.databases, ['lib/apk/db/installed', 'usr/lib/apk/db/installed']);
});

test('apk scanner wants', () => {
  const scanner = new ApkScanner();
  assert.equal(scanner.wants('lib/apk/db/installed'), true);
  assert.equal(scanner.wants('usr/lib/apk/db/installed'), true);
  for (const other of ['lib/apk/db/triggers', 'etc/apk/world', 'lib/apk/db/installed.new', 'x/lib/apk/db/installed']) {
    assert.equal(scanner.wants(other), false, other);
  }
});
