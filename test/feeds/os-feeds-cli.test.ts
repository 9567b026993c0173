// `layerlens db import` and `db status` on the Photon snapshot and the
// SUSE, Oracle, Amazon, Wolfi and Chainguard documents. The tests run the
// built command in a child process, as a user runs it.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { describeResult, makeTempDir, runWithDb, storeRowCounts } from '../e2e/cli.js';
import { sharedPath } from '../shared.js';
import { AL2_UPDATEINFO, bzip2, CHAINGUARD_SECDB, ORACLE_DOCUMENT, SLE15_DOCUMENT, WOLFI_SECDB } from './os-feed-documents.js';

const PHOTON_SNAPSHOT = sharedPath('feeds', 'com.vmware.phsa-photon3.xml.gz');

describe('db import of OVAL, updateinfo and secdb files', () => {
  let dir: string;
  let db: string;
  const files: Record<string, string> = {};

  before(() => {
    dir = makeTempDir('os-feeds');
    db = path.join(dir, 'layerlens.db');
    const write = (name: string, content: string | Buffer): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, content);
      return file;
    };
    files.suse = write('suse.linux.enterprise.15.xml.gz', zlib.gzipSync(SLE15_DOCUMENT));
    files.oracle = write('com.oracle.elsa-all.xml.bz2', bzip2(ORACLE_DOCUMENT));
    files.amazon = write('9dd3ce045294b530-updateinfo.xml.gz', zlib.gzipSync(AL2_UPDATEINFO));
    fs.mkdirSync(path.join(dir, 'wolfi'));
    fs.mkdirSync(path.join(dir, 'chainguard'));
    files.wolfi = write('wolfi/security.json', WOLFI_SECDB);
    files.chainguard = write('chainguard/security.json', CHAINGUARD_SECDB);
  });

  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('every format is detected and imported', async () => {
    const result = await runWithDb(db, ['db', 'import', PHOTON_SNAPSHOT, files.suse!, files.oracle!, files.amazon!, files.wolfi!, files.chainguard!]);
    assert.equal(result.code, 0, describeResult(result));

    const status = await runWithDb(db, ['db', 'status', '--format', 'json']);
    assert.equal(status.code, 0, describeResult(status));
    const rows = JSON.parse(status.stdout) as Array<{ feed: string; recordCount: number }>;
    const counts = Object.fromEntries(rows.map((row) => [row.feed, row.recordCount]));
    // Counted by hand: 778 "is earlier than" criteria in the Photon 3 snapshot.
    // The other documents have 7 SUSE, 2 Oracle, 2 Amazon, 4 Wolfi and 4 Chainguard statements.
    // The 2 Amazon statements are curl and libcurl, because the bash entry is a bug fix.
    assert.deepEqual(counts, {
      'photon-oval': 778,
      'suse-oval': 7,
      'oracle-oval': 2,
      'amazon-updateinfo': 2,
      'wolfi-secdb': 4,
      'chainguard-secdb': 4,
    });
  });

  test('corrupt bzip2 leaves the store unchanged', async () => {
    const before = storeRowCounts(db);
    const corrupt = path.join(dir, 'com.oracle.elsa-2024.xml.bz2');
    fs.writeFileSync(corrupt, bzip2(ORACLE_DOCUMENT).subarray(0, 300));

    const result = await runWithDb(db, ['db', 'import', corrupt]);
    assert.equal(result.code, 2, describeResult(result));
    assert.match(result.stderr, /com\.oracle\.elsa-2024\.xml\.bz2: invalid bzip2 data/);
    assert.deepEqual(storeRowCounts(db), before);
  });
});
