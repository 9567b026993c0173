import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Writable } from 'node:stream';
import { runDbImport, runDbStatus } from '../../src/cli/db.js';
import { UserError } from '../../src/errors.js';
import { ALPINE_SNAPSHOT, DEBIAN_SNAPSHOT, makeTempDir, readSnapshotMember, writeTar } from './helpers.js';

/** A stream that keeps what is written to it. */
class Capture extends Writable {
  text = '';

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.text += chunk.toString();
    callback();
  }
}

describe('db import and db status on the SQLite store', () => {
  let dir: string;
  let db: string;

  beforeEach(() => {
    dir = makeTempDir();
    db = path.join(dir, 'layerlens.db');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('status of an empty database says how to import', async () => {
    const output = new Capture();
    assert.equal(await runDbStatus({ format: 'table' }, { db }, output), 0);
    assert.match(output.text, /is empty/);
    assert.match(output.text, /layerlens db import FILE/);

    const json = new Capture();
    await runDbStatus({ format: 'json' }, { db }, json);
    assert.deepEqual(JSON.parse(json.text), []);
  });

  test('import prints one line per feed, status lists them', async () => {
    const output = new Capture();
    assert.equal(await runDbImport([DEBIAN_SNAPSHOT, ALPINE_SNAPSHOT], { db }, output), 0);
    const lines = output.text.trim().split('\n').sort();
    assert.deepEqual(lines, [
      `imported alpine-secdb: 12002 records from ${path.resolve(ALPINE_SNAPSHOT)}`,
      `imported debian-dla: 3535 records from ${path.resolve(DEBIAN_SNAPSHOT)}`,
      `imported debian-dsa: 6987 records from ${path.resolve(DEBIAN_SNAPSHOT)}`,
      `imported debian-tracker: 25 records from ${path.resolve(DEBIAN_SNAPSHOT)}`,
    ]);

    const json = new Capture();
    await runDbStatus({ format: 'json' }, { db }, json);
    const status = JSON.parse(json.text) as Array<{ feed: string; recordCount: number; lastUpdate: { source: string } }>;
    assert.deepEqual(status.map((row) => [row.feed, row.recordCount]).sort(), [
      ['alpine-secdb', 12002], ['debian-dla', 3535], ['debian-dsa', 6987], ['debian-tracker', 25],
    ]);

    const table = new Capture();
    await runDbStatus({ format: 'table' }, { db }, table);
    assert.match(table.text, /FEED.*OPERATION.*RECORDS.*NEWEST RECORD.*UPDATED.*SOURCE/);
    assert.match(table.text, /debian-dsa\s*│\s*\d+\s*│\s*6987\s*│\s*2023-03-29\s*│/);
  });

  test('quiet import prints nothing', async () => {
    const output = new Capture();
    await runDbImport([ALPINE_SNAPSHOT], { db, quiet: true }, output);
    assert.equal(output.text, '');
  });

  test('malformed feed leaves the stored records unchanged', async () => {
    await runDbImport([DEBIAN_SNAPSHOT], { db }, new Capture());

    // The real DLA list with a broken release line appended: every line before it parses.
    const list = await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DLA/list');
    const broken = Buffer.concat([list, Buffer.from('[01 Apr 2023] DLA-9999-1 demo - security update\n\t[buster] demo 1.0-1\n')]);
    const file = await writeTar(path.join(dir, 'broken.tar.gz'), [{ name: 'data/DLA/list', content: broken }]);
    const lineCount = list.toString('utf8').split('\n').length + 1;

    await assert.rejects(runDbImport([file], { db }, new Capture()), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'INVALID_FEED');
      assert.match(err.message, new RegExp(`broken\\.tar\\.gz: data/DLA/list line ${lineCount}: `));
      return true;
    });

    const json = new Capture();
    await runDbStatus({ format: 'json' }, { db }, json);
    const dla = (JSON.parse(json.text) as Array<{ feed: string; recordCount: number; lastUpdate: { source: string } }>).find((row) => row.feed === 'debian-dla');
    assert.equal(dla?.recordCount, 3535);
    assert.equal(dla?.lastUpdate.source, path.resolve(DEBIAN_SNAPSHOT));
  });
});
