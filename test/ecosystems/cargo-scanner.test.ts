// The Cargo scanner on lockfiles built in the test, in the version 3 form
// that Cargo writes: which paths it requests and which crates it lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CargoScanner } from '../../src/ecosystems/cargo/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { CARGO_LOCK } from './lang-samples.js';

const scanner = new CargoScanner();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

const WANTS: Array<[string, boolean]> = [
  ['usr/src/app/Cargo.lock', true],
  ['Cargo.lock', true],
  ['usr/src/app/Cargo.toml', false],
  ['usr/src/app/NotCargo.lock', false],
  ['usr/src/app/Cargo.lock.orig', false],
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
