// The rpm scanner's modularity stream and vendor, on a database that rpm
// itself wrote from packages rpmbuild made. The expected values are what
// `rpm -qa` prints for MODULARITYLABEL and VENDOR.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { moduleStream, RpmScanner } from '../../src/ecosystems/rpm/scanner.js';
import type { Package } from '../../src/indexer/types.js';
import { buildRpm, installRpms, RPM_BUILD_MISSING } from './rpm-build.js';

let dir: string;
let packages: Package[] = [];
let rpmRows: string[] = [];

before(() => {
  if (RPM_BUILD_MISSING) return;
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-rpm-module-'));
  const root = path.join(dir, 'root');
  installRpms(root, [
    buildRpm(path.join(dir, 'a'), { name: 'nodejs', epoch: 1, version: '18.19.0', release: '1.module+el8.9.0+20473+c4e3d824', modularityLabel: 'nodejs:18:8090020231211092240:a75119d5' }),
    buildRpm(path.join(dir, 'b'), { name: 'openssl', subpackage: 'libs', epoch: 1, version: '3.0.7', release: '24.el9' }),
  ]);

  const database = path.join(root, 'var', 'lib', 'rpm', 'rpmdb.sqlite');
  packages = new RpmScanner().scan([{ path: 'var/lib/rpm/rpmdb.sqlite', contents: fs.readFileSync(database) }]).packages;
  rpmRows = execFileSync('rpm', ['-qa', '--dbpath', path.dirname(database), '--qf', '%{NAME}\\t%{MODULARITYLABEL}\\t%{VENDOR}\\n'], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line !== '')
    .sort();
});

after(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

test('module stream and vendor as rpm prints them', { skip: RPM_BUILD_MISSING }, () => {
  assert.deepEqual(rpmRows, ['nodejs\tnodejs:18:8090020231211092240:a75119d5\tRed Hat, Inc.', 'openssl-libs\t(none)\tRed Hat, Inc.']);

  const nodejs = packages.find((pkg) => pkg.name === 'nodejs');
  assert.equal(nodejs?.module, 'nodejs:18');
  assert.equal(nodejs?.vendor, 'Red Hat, Inc.');
  assert.equal(nodejs?.version, '1:18.19.0-1.module+el8.9.0+20473+c4e3d824');

  const libs = packages.find((pkg) => pkg.name === 'openssl-libs');
  assert.equal(libs?.module, undefined, 'a package outside modules has no module field');
  assert.equal(libs?.vendor, 'Red Hat, Inc.');
  assert.equal(libs?.sourceName, 'openssl');
});

test('module stream of a label', () => {
  const cases: Array<[string, string | undefined]> = [
    ['perl-FCGI:0.78:8060020250604201935:513b2a65', 'perl-FCGI:0.78'],
    ['python36:3.6', 'python36:3.6'],
    ['', undefined],
    ['nostream', undefined],
  ];
  for (const [label, expected] of cases) assert.equal(moduleStream(label), expected, label);
});

test('scanner version changed with the new fields', () => {
  assert.equal(new RpmScanner().version, '3');
});
