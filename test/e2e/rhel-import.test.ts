// `layerlens db import` of Red Hat's CSAF files as a user downloads them:
// the shared sample tarball, and a .tar.zst archive in the layout of Red
// Hat's csaf_vex_<date>.tar.zst. Expected records were read by hand from
// the VEX documents.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { openStore } from '../../src/store/index.js';
import { writeTar } from '../feeds/helpers.js';
import { sampleText } from '../feeds/redhat-samples.js';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, storeFingerprint } from './cli.js';

const REDHAT_SAMPLES = sharedPath('feeds', 'redhat-csaf-vex-samples.tar.gz');
const ZSTD_MISSING = spawnSync('zstd', ['--version']).status === 0 ? false : 'the zstd tool is not installed (apt-get install zstd)';

interface StatusRow {
  feed: string;
  recordCount: number;
}

async function statusOf(db: string): Promise<StatusRow[]> {
  const result = await runWithDb(db, ['db', 'status', '--format', 'json']);
  assert.equal(result.code, 0, describeResult(result));
  return JSON.parse(result.stdout) as StatusRow[];
}

/** Returns the RHEL 9 openssl-libs records of a store as `id state fixed-version`. */
async function opensslLibs(db: string): Promise<string[]> {
  const store = await openStore(db);
  try {
    const records = await store.findRecords({ distribution: 'rhel', release: '9', packageNames: ['openssl-libs'] });
    return records.map((record) => `${record.advisoryId} ${record.state} ${record.fixedVersion ?? '-'}`).sort();
  } finally {
    await store.close();
  }
}

describe('db import of Red Hat CSAF files', () => {
  let dir: string;

  before(() => {
    dir = makeTempDir('rhel-import');
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('sample tarball imports', async () => {
    const db = path.join(dir, 'tarball.db');
    const result = await runWithDb(db, ['db', 'import', REDHAT_SAMPLES]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /imported rhel-vex: \d+ records/);

    const status = await statusOf(db);
    assert.ok(status.some((row) => row.feed === 'rhel-vex' && row.recordCount > 0));
    // The advisory in the sample names only extended support streams, so rhel-csaf stores nothing.
    assert.equal(status.some((row) => row.feed === 'rhel-csaf'), false);

    // CVE-2024-0727: fixed in 1:3.0.7-27.el9. CVE-2026-2673: known_affected, "Fix deferred".
    assert.deepEqual(await opensslLibs(db), ['CVE-2024-0727 fixed 1:3.0.7-27.el9', 'CVE-2026-2673 unfixed -']);
  });

  test('tar.zst archive imports', { skip: ZSTD_MISSING }, async () => {
    const tar = await writeTar(path.join(dir, 'csaf_vex_2026-03-01.tar'), [
      { name: '2024/cve-2024-0727.json', content: await sampleText('cve-2024-0727.json') },
      { name: '2026/cve-2026-2673.json', content: await sampleText('cve-2026-2673.json') },
    ]);
    execFileSync('zstd', ['-q', '-f', tar, '-o', `${tar}.zst`]);

    const db = path.join(dir, 'zst.db');
    const result = await runWithDb(db, ['db', 'import', `${tar}.zst`]);
    assert.equal(result.code, 0, describeResult(result));
    assert.deepEqual(await opensslLibs(db), ['CVE-2024-0727 fixed 1:3.0.7-27.el9', 'CVE-2026-2673 unfixed -']);
  });

  test('truncated tar.zst changes nothing', { skip: ZSTD_MISSING }, async () => {
    const db = path.join(dir, 'truncated.db');
    const first = await runWithDb(db, ['db', 'import', REDHAT_SAMPLES]);
    assert.equal(first.code, 0, describeResult(first));
    const before = storeFingerprint(db);

    const tar = await writeTar(path.join(dir, 'csaf_vex_2026-03-02.tar'), [
      { name: '2024/cve-2024-0727.json', content: await sampleText('cve-2024-0727.json') },
    ]);
    execFileSync('zstd', ['-q', '-f', tar, '-o', `${tar}.zst`]);
    const bytes = fs.readFileSync(`${tar}.zst`);
    fs.writeFileSync(`${tar}.zst`, bytes.subarray(0, Math.floor(bytes.length / 2)));

    const result = await runWithDb(db, ['db', 'import', `${tar}.zst`]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /csaf_vex_2026-03-02\.tar\.zst/);
    assert.deepEqual(storeFingerprint(db), before);
  });
});
