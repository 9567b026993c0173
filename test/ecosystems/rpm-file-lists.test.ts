// File lists read from a real rpm database must equal what the rpm tool
// lists for each package of a scratch copy of the same file.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { RpmScanner } from '../../src/ecosystems/rpm/scanner.js';
import { finalFileLists } from '../../src/indexer/file-owners.js';
import type { LayerScan, PackageFileList } from '../../src/indexer/types.js';
import { sharedPath } from '../shared.js';

const SQLITE_FILE = sharedPath('corpus', 'go-rpmdb', 'pkg', 'testdata', 'cbl-mariner-2.0', 'rpmdb.sqlite');
const DB_PATH = 'var/lib/rpm/rpmdb.sqlite';

const RPM_MISSING = spawnSync('rpm', ['--version']).status === 0 ? false : 'the rpm tool is not installed (apt-get install rpm)';

/** Runs rpm on a scratch copy of the database, because rpm writes lock and WAL files beside it. */
function withScratchCopy<T>(run: (dir: string) => T): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-rpmdb-'));
  try {
    fs.copyFileSync(SQLITE_FILE, path.join(dir, 'rpmdb.sqlite'));
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function rpm(args: string[]): string {
  return execFileSync('rpm', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
}

function scanLists(): PackageFileList[] {
  const findings = new RpmScanner().scan([{ path: DB_PATH, contents: fs.readFileSync(SQLITE_FILE) }]);
  return findings.fileLists ?? [];
}

test('rpm -ql of bash and openssl equals their file lists', { skip: RPM_MISSING }, () => {
  const lists = scanLists();
  for (const name of ['bash', 'openssl']) {
    const list = lists.find((candidate) => candidate.package === name);
    assert.ok(list, `no file list for ${name}`);
    assert.equal(list.ecosystem, 'rpm');

    const want = withScratchCopy((dir) => rpm(['-ql', '--dbpath', dir, name])).split('\n').filter((line) => line !== '').map((line) => line.slice(1));
    assert.ok(want.length > 10, `rpm lists only ${want.length} files for ${name}`);
    assert.deepEqual(list.files, want);
    assert.ok(list.files.includes(name === 'bash' ? 'bin/bash' : 'usr/bin/openssl'));
  }
});

test('every package file list equals rpm FILENAMES', { skip: RPM_MISSING }, () => {
  const output = withScratchCopy((dir) => rpm(['-qa', '--dbpath', dir, '--qf', '[%{=NAME}.%{=ARCH}\\t%{FILENAMES}\\n]']));
  const want = output.split('\n').filter((line) => line !== '' && !line.startsWith('gpg-pubkey-')).map((line) => {
    const [pkg, file] = line.split('\t');
    return `${pkg}\t${file.slice(1)}`;
  }).sort();

  const got = scanLists().flatMap((list) => list.files.map((file) => `${list.package}.${list.arch}\t${file}`)).sort();
  assert.equal(got.length, want.length);
  assert.deepEqual(got, want);
});

test('list paths are unique and sit inside the database path', () => {
  const lists = scanLists();
  assert.equal(lists.length, new Set(lists.map((list) => list.path)).size);
  assert.ok(lists.every((list) => list.path.startsWith(`${DB_PATH}!`)));
});

test('a whiteout or rewrite of the database ends its file lists', () => {
  const lists = scanLists();
  const layer = (fileLists: PackageFileList[], databases: string[], whiteouts: string[] = []): LayerScan => ({
    digest: `sha256:${'1'.repeat(64)}`,
    changes: { whiteouts, opaqueDirs: [] },
    findings: [{ scanner: 'rpm', scannerVersion: '2', packages: [], databases, fileLists }],
  });

  assert.equal(finalFileLists([layer(lists, [DB_PATH])]).length, lists.length);
  assert.deepEqual(finalFileLists([layer(lists, [DB_PATH]), layer([], [], [DB_PATH])]), []);

  // A higher layer that removes bash rewrites the database without its list.
  const withoutBash = lists.filter((list) => list.package !== 'bash');
  const final = finalFileLists([layer(lists, [DB_PATH]), layer(withoutBash, [DB_PATH])]);
  assert.equal(final.length, lists.length - 1);
  assert.equal(final.some((list) => list.package === 'bash'), false);
});
