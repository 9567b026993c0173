// The Cargo scanner on lockfiles in the version 3 form that Cargo writes and
// on ELF binaries with a cargo-auditable section, built in the test: which
// paths it requests and which crates it lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { elfSection } from '../../src/ecosystems/cargo/auditable.js';
import { CargoScanner } from '../../src/ecosystems/cargo/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { deflateSync } from 'node:zlib';
import { AUDITABLE_JSON, CARGO_LOCK, elfWithSection } from './lang-samples.js';

const scanner = new CargoScanner();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

const WANTS: Array<[string, boolean]> = [
  ['usr/src/app/Cargo.lock', true],
  ['Cargo.lock', true],
  ['usr/src/app/Cargo.toml', false],
  ['usr/src/app/NotCargo.lock', false],
  ['usr/src/app/Cargo.lock.orig', false],
  ['usr/local/bin/hello', true],
  ['usr/local/cargo/bin/rg', true],
  ['usr/sbin/daemon', true],
  ['bin/sh', true],
  ['usr/lib/libssl.so.3', false],
  ['usr/local/bin/', false],
  ['hello', false],
];

for (const [path, wanted] of WANTS) {
  test(`cargo wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('every [[package]] table of a version 3 lockfile', () => {
  const findings = scanner.scan([file('usr/src/app/Cargo.lock', CARGO_LOCK)]);

  assert.equal(findings.scanner, 'cargo');
  assert.deepEqual(findings.databases, ['usr/src/app/Cargo.lock']);
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.path]), [
    ['cargo', 'app', '0.1.0', 'usr/src/app/Cargo.lock'],
    ['cargo', 'serde', '1.0.193', 'usr/src/app/Cargo.lock'],
    ['cargo', 'serde_derive', '1.0.193', 'usr/src/app/Cargo.lock'],
  ]);
});

test('malformed lockfiles list nothing and keep their path', () => {
  const files = [
    file('a/Cargo.lock', '[[package]]\nname = "unterminated\n'),
    file('b/Cargo.lock', 'version = 3\n'),
    file('c/Cargo.lock', '[[package]]\nname = "no-version"\n\n[[package]]\nname = 7\nversion = "1.0.0"\n'),
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, ['a/Cargo.lock', 'b/Cargo.lock', 'c/Cargo.lock']);
});

const auditableBinary = (json: string): Buffer => elfWithSection('.dep-v0', deflateSync(Buffer.from(json)));

test('elfSection finds a section by name', () => {
  const binary = elfWithSection('.dep-v0', Buffer.from('payload'));
  assert.equal(elfSection(binary, '.dep-v0')?.toString(), 'payload');
  assert.equal(elfSection(binary, '.dep-v1'), undefined);
  assert.equal(elfSection(Buffer.from('#!/bin/sh\necho not ELF\n'.padEnd(80)), '.dep-v0'), undefined);
});

test('runtime crates and root of a cargo-auditable binary', () => {
  const findings = scanner.scan([{ path: 'usr/local/bin/hello', contents: auditableBinary(AUDITABLE_JSON) }]);

  assert.deepEqual(findings.databases, ['usr/local/bin/hello']);
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.path]), [
    ['cargo', 'hello', '0.1.0', 'usr/local/bin/hello'],
    ['cargo', 'itoa', '1.0.9', 'usr/local/bin/hello'],
  ]);
});

test('binaries without crates list nothing and keep their path', () => {
  const binary = auditableBinary(AUDITABLE_JSON);
  const files = [
    file('usr/bin/script', '#!/bin/sh\nexit 0\n'),
    { path: 'usr/bin/plain', contents: elfWithSection('.note.gnu.build-id', Buffer.alloc(24)) },
    { path: 'usr/bin/truncated', contents: binary.subarray(0, binary.length - 100) },
    { path: 'usr/bin/not-zlib', contents: elfWithSection('.dep-v0', Buffer.from('not compressed')) },
    { path: 'usr/bin/not-json', contents: elfWithSection('.dep-v0', deflateSync(Buffer.from('{"packages": ['))) },
    { path: 'usr/bin/no-list', contents: auditableBinary('{"format": 1}') },
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});

test('merged-/usr alias of a binary listed once', () => {
  const contents = auditableBinary(AUDITABLE_JSON);
  const findings = scanner.scan([{ path: 'bin/hello', contents }, { path: 'usr/bin/hello', contents }]);

  assert.deepEqual(findings.databases, ['bin/hello', 'usr/bin/hello']);
  assert.deepEqual(findings.packages.map((p) => `${p.name} ${p.path}`), ['hello usr/bin/hello', 'itoa usr/bin/hello']);
});
