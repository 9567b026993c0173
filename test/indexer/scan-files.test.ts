// Tests of the file loop the language scanners share: which files are listed
// as databases, which are read, and how an invalid file is reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogs, LEVEL } from '../image/tar-fixtures.js';
import {
  emptyFindings, InvalidFileError, languagePackage, parseJsonFile, scanFiles, scanFilesAsync, usrMergedAliases,
  type FileReader, type ReadPackages,
} from '../../src/indexer/scan-files.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { logger } from '../../src/log.js';

const logs = captureLogs();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

/** Reads `{"name", "version"}` JSON files named `*.json`; files named `skip-*` are listed but not read. */
const JSON_READER: FileReader<ReadPackages> = {
  takes: (f) => f.path.endsWith('.json'),
  skips: (f) => f.path.split('/').pop()!.startsWith('skip-'),
  read: (f) => {
    const { name, version } = parseJsonFile(f, 'test manifest') as { name?: string; version?: string };
    if (name === undefined || version === undefined) throw new InvalidFileError('missing name in test manifest', { name });
    return languagePackage('npm', name, version, f.path);
  },
};

const FILES = [
  file('a/good.json', '{"name": "left-pad", "version": "1.3.0"}'),
  file('a/notes.txt', 'not taken'),
  file('a/broken.json', '{"name": '),
  file('a/nameless.json', '{"version": "1.0.0"}'),
  file('a/skip-alias.json', '{"name": "never-read", "version": "0.0.1"}'),
  file('b/good.json', '{"name": "ms", "version": "2.1.3"}'),
];

test('scanFiles lists taken files as databases', () => {
  const findings = emptyFindings({ name: 'test', version: '1' });
  scanFiles(findings, FILES, JSON_READER, logger('test'));

  assert.equal(findings.scanner, 'test');
  assert.equal(findings.scannerVersion, '1');
  assert.deepEqual(findings.databases, ['a/good.json', 'a/broken.json', 'a/nameless.json', 'a/skip-alias.json', 'b/good.json']);
});

test('scanFiles reads valid files, skips invalid ones', () => {
  const findings = emptyFindings({ name: 'test', version: '1' });
  const before = logs.length;
  const added = scanFiles(findings, FILES, JSON_READER, logger('test'));

  const rows = findings.packages.map((p) => `${p.name} ${p.version} ${p.path} ${p.sourceName}|${p.sourceVersion}|${p.arch}`);
  assert.deepEqual(rows, ['left-pad 1.3.0 a/good.json ||', 'ms 2.1.3 b/good.json ||']);
  assert.deepEqual(added, findings.packages);

  const warnings = logs.slice(before).filter((line) => line.level === LEVEL.warn);
  assert.deepEqual(warnings.map((line) => line.path), ['a/broken.json', 'a/nameless.json']);
  assert.equal(warnings[0].msg, 'invalid JSON in test manifest, file skipped');
  assert.ok(warnings[0].err !== undefined, 'the parse error is logged');
  assert.equal(warnings[1].msg, 'missing name in test manifest, file skipped');
});

test('scanFiles appends across readers', () => {
  const findings = emptyFindings({ name: 'test', version: '1' });
  scanFiles(findings, FILES, JSON_READER, logger('test'));
  const added = scanFiles(findings, FILES, { takes: (f) => f.path.endsWith('.txt'), read: (f) => languagePackage('npm', 'notes', '1.0.0', f.path) }, logger('test'));

  assert.deepEqual(added.map((p) => p.path), ['a/notes.txt']);
  assert.equal(findings.packages.length, 3);
  assert.equal(findings.databases.at(-1), 'a/notes.txt');
});

test('scanFiles rethrows reader bugs', () => {
  const findings = emptyFindings({ name: 'test', version: '1' });
  const buggy: FileReader<ReadPackages> = { takes: () => true, read: () => { throw new TypeError('reader bug'); } };
  assert.throws(() => scanFiles(findings, FILES, buggy, logger('test')), TypeError);
});

test('scanFilesAsync matches scanFiles', async () => {
  const sync = emptyFindings({ name: 'test', version: '1' });
  scanFiles(sync, FILES, JSON_READER, logger('test'));

  const async = emptyFindings({ name: 'test', version: '1' });
  await scanFilesAsync(async, FILES, { ...JSON_READER, read: async (f) => JSON_READER.read(f) }, logger('test'));
  assert.deepEqual(async, sync);

  const buggy: FileReader<Promise<ReadPackages>> = { takes: () => true, read: async () => { throw new RangeError('reader bug'); } };
  await assert.rejects(scanFilesAsync(async, FILES, buggy, logger('test')), RangeError);
});

test('usrMergedAliases finds link-served twins', () => {
  const shared = Buffer.from('\x7fELF');
  const files: LayerFile[] = [
    { path: 'bin/app', contents: shared, isLink: true },
    { path: 'usr/bin/app', contents: shared },
    // Same bytes in a different Buffer: a copy, not a link, so both are read.
    { path: 'sbin/tool', contents: Buffer.from('\x7fELF') },
    { path: 'usr/sbin/tool', contents: Buffer.from('\x7fELF') },
  ];
  assert.deepEqual([...usrMergedAliases(files)], ['bin/app']);
});
