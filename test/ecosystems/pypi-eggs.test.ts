// The PyPI scanner on zipped eggs built in the test with the zip command:
// the distribution in EGG-INFO/PKG-INFO, and what a broken egg yields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PypiScanner } from '../../src/ecosystems/pypi/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { captureLogs, LEVEL } from '../image/tar-fixtures.js';

const logs = captureLogs();
const scanner = new PypiScanner();

const SITE_PACKAGES = 'usr/local/lib/python3.11/site-packages';

function hasZip(): boolean {
  try {
    execFileSync('zip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
const skip = hasZip() ? false : 'the zip command is not installed';

/** Zips the given files (relative path → text) into an egg, the way bdist_egg lays one out. */
async function buildEgg(files: Record<string, string>): Promise<Buffer> {
  const directory = await mkdtemp(path.join(os.tmpdir(), 'layerlens-egg-'));
  try {
    for (const [name, text] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(directory, name)), { recursive: true });
      await writeFile(path.join(directory, name), text);
    }
    execFileSync('zip', ['-q', '-r', 'out.egg', ...Object.keys(files)], { cwd: directory });
    return await readFile(path.join(directory, 'out.egg'));
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

async function scanOne(file: LayerFile): Promise<{ packages: string[]; databases: string[]; warnings: Array<Record<string, unknown>> }> {
  const before = logs.length;
  const findings = await scanner.scan([file]);
  return {
    packages: findings.packages.map((p) => `${p.ecosystem} ${p.name} ${p.version} ${p.path}`),
    databases: findings.databases,
    warnings: logs.slice(before).filter((line) => line.level === LEVEL.warn),
  };
}

test('zipped egg distribution from EGG-INFO/PKG-INFO', { skip }, async () => {
  const eggPath = `${SITE_PACKAGES}/six-1.16.0-py3.11.egg`;
  const contents = await buildEgg({
    'six.py': '"""Python 2 and 3 compatibility utilities"""\n',
    'EGG-INFO/PKG-INFO': 'Metadata-Version: 2.1\nName: six\nVersion: 1.16.0\nSummary: Python 2 and 3 compatibility utilities\n\nsix\n',
    'EGG-INFO/top_level.txt': 'six\n',
    'EGG-INFO/zip-safe': '\n',
  });

  const result = await scanOne({ path: eggPath, contents });
  assert.deepEqual(result.packages, [`pypi six 1.16.0 ${eggPath}`]);
  assert.deepEqual(result.databases, [eggPath]);
  assert.deepEqual(result.warnings, []);
});

test('egg folder distribution from EGG-INFO/PKG-INFO', async () => {
  const pkgInfo = `${SITE_PACKAGES}/setuptools-69.0.2-py3.11.egg/EGG-INFO/PKG-INFO`;
  const result = await scanOne({ path: pkgInfo, contents: Buffer.from('Metadata-Version: 2.1\nName: setuptools\nVersion: 69.0.2\n') });
  assert.deepEqual(result.packages, [`pypi setuptools 69.0.2 ${pkgInfo}`]);
});

const BROKEN: Array<[string, () => Promise<Buffer>]> = [
  ['not a zip', async () => Buffer.from('this is not a zip archive, only text named .egg\n')],
  ['truncated zip', async () => (await buildEgg({ 'EGG-INFO/PKG-INFO': 'Name: six\nVersion: 1.16.0\n' })).subarray(0, 40)],
  ['zip without PKG-INFO', async () => buildEgg({ 'six.py': '', 'EGG-INFO/top_level.txt': 'six\n' })],
  ['PKG-INFO without Version', async () => buildEgg({ 'EGG-INFO/PKG-INFO': 'Metadata-Version: 2.1\nName: six\n' })],
];

for (const [name, build] of BROKEN) {
  test(`egg ${name}: one warning, no package`, { skip }, async () => {
    const eggPath = `${SITE_PACKAGES}/six-1.16.0-py3.11.egg`;
    const result = await scanOne({ path: eggPath, contents: await build() });

    assert.deepEqual(result.packages, []);
    assert.deepEqual(result.databases, [eggPath]);
    assert.equal(result.warnings.length, 1);
    assert.equal(result.warnings[0].path, eggPath);
  });
}
