import { afterEach, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { importFeedFiles } from '../../src/feeds/import.js';
import { parserFor } from '../../src/feeds/registry.js';
import { UserError } from '../../src/errors.js';
import { DEBIAN_SNAPSHOT, makeTempDir, readSnapshotMember, writeTar } from './helpers.js';
import { MemoryStore } from '../fakes/memory-store.js';

const UCT_ENTRY = 'Candidate: CVE-2020-0001\nPriority: low\nbionic_demo: released (1.0-1ubuntu1)\nfocal_demo: needed\n';

function assertInvalidFeed(pattern: RegExp): (err: unknown) => boolean {
  return (err) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_FEED');
    assert.match(err.message, pattern);
    return true;
  };
}

describe('feed file import', () => {
  let dir: string;
  let store: MemoryStore;

  beforeEach(() => {
    dir = makeTempDir();
    store = new MemoryStore();
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('one update operation per feed of a file', async () => {
    const operations = await importFeedFiles(store, [DEBIAN_SNAPSHOT]);
    assert.deepEqual(operations.map((operation) => operation.feed).sort(), ['debian-dla', 'debian-dsa', 'debian-tracker']);
    for (const operation of operations) assert.equal(operation.source, path.resolve(DEBIAN_SNAPSHOT));
  });

  test('single plain file named like a tracker entry', async () => {
    const file = path.join(dir, 'CVE-2020-0001');
    fs.writeFileSync(file, UCT_ENTRY);
    await importFeedFiles(store, [file]);
    assert.deepEqual(store.records.get('ubuntu-uct')?.map((record) => [record.release, record.state]), [['bionic', 'fixed'], ['focal', 'unfixed']]);
  });

  test('single gzip file, detected by magic bytes', async () => {
    const list = await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DLA/list');
    fs.mkdirSync(path.join(dir, 'DLA'));
    const file = path.join(dir, 'DLA', 'list.gz');
    fs.writeFileSync(file, zlib.gzipSync(list));
    await importFeedFiles(store, [file]);
    assert.equal(store.records.get('debian-dla')?.length, 3535);
  });

  test('plain tar without gzip', async () => {
    const file = await writeTar(path.join(dir, 'uct.tar'), [{ name: './active/CVE-2020-0001', content: UCT_ENTRY }]);
    await importFeedFiles(store, [file]);
    assert.equal(store.records.get('ubuntu-uct')?.length, 2);
  });

  test('Alpine JSON preferred over its YAML twin', async () => {
    const json = JSON.stringify({ distroversion: 'v3.11', reponame: 'main', packages: [{ pkg: { name: 'from-json', secfixes: { '1.0-r0': ['CVE-2020-0001'] } } }] });
    const yaml = 'distroversion: v3.11\nreponame: main\npackages:\n  - pkg:\n      name: from-yaml\n      secfixes:\n        1.0-r0:\n          - CVE-2020-0002\n';
    const file = await writeTar(path.join(dir, 'secdb.tar.gz'), [
      { name: 'secdb/v3.11/main.yaml', content: yaml },
      { name: 'secdb/v3.11/main.json', content: json },
      { name: 'secdb/v3.10/main.yaml', content: yaml.replace('v3.11', 'v3.10') },
    ]);
    await importFeedFiles(store, [file]);

    const records = store.records.get('alpine-secdb') ?? [];
    assert.deepEqual(records.map((record) => [record.release, record.packageName]), [['v3.11', 'from-json'], ['v3.10', 'from-yaml']]);
  });

  test('rejects an empty tar', async () => {
    const file = await writeTar(path.join(dir, 'empty.tar.gz'), []);
    await assert.rejects(importFeedFiles(store, [file]), assertInvalidFeed(/no known feed found in .*empty\.tar\.gz .*supported: /));
  });

  test('rejects a tar without known members', async () => {
    const file = await writeTar(path.join(dir, 'other.tar.gz'), [{ name: 'README', content: 'hello' }]);
    await assert.rejects(importFeedFiles(store, [file]), assertInvalidFeed(/no known feed found in .*other\.tar\.gz \(checked 1 archive members\)/));
  });

  test('rejects an empty file', async () => {
    const file = path.join(dir, 'CVE-2020-0001');
    fs.writeFileSync(file, '');
    await assert.rejects(importFeedFiles(store, [file]), assertInvalidFeed(/CVE-2020-0001 is empty/));
  });

  test('rejects a truncated tar.gz', async () => {
    const whole = fs.readFileSync(DEBIAN_SNAPSHOT);
    const file = path.join(dir, 'truncated.tar.gz');
    fs.writeFileSync(file, whole.subarray(0, Math.floor(whole.length / 2)));
    await assert.rejects(importFeedFiles(store, [file]), assertInvalidFeed(/truncated\.tar\.gz/));
    assert.equal(store.records.size, 0);
  });

  test('rejects corrupt gzip data', async () => {
    const file = path.join(dir, 'corrupt.tar.gz');
    fs.writeFileSync(file, Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(64, 0x55)]));
    await assert.rejects(importFeedFiles(store, [file]), assertInvalidFeed(/corrupt\.tar\.gz is not a readable feed file/));
  });

  test('missing file', async () => {
    await assert.rejects(importFeedFiles(store, [path.join(dir, 'absent.tar.gz')]), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'NOT_FOUND');
      assert.match(err.message, /absent\.tar\.gz/);
      return true;
    });
  });

  test('directory instead of a file', async () => {
    await assert.rejects(importFeedFiles(store, [dir]), assertInvalidFeed(/is a directory/));
  });

  test('unknown file stops the import before any write', async () => {
    const good = path.join(dir, 'CVE-2020-0001');
    fs.writeFileSync(good, UCT_ENTRY);
    const unknown = path.join(dir, 'notes.txt');
    fs.writeFileSync(unknown, 'nothing to import');

    await assert.rejects(importFeedFiles(store, [good, unknown]), assertInvalidFeed(/no known feed found in .*notes\.txt/));
    assert.equal(store.operations.length, 0);
  });

  test('malformed member rolls back its file only', async () => {
    const good = path.join(dir, 'CVE-2020-0001');
    fs.writeFileSync(good, UCT_ENTRY);
    const bad = await writeTar(path.join(dir, 'bad.tar.gz'), [
      { name: 'active/CVE-2020-0002', content: UCT_ENTRY.replace('0001', '0002') },
      { name: 'active/CVE-2020-0003', content: 'Candidate: CVE-2020-0003\n%%% garbage\n' },
    ]);
    const imported: string[] = [];

    await assert.rejects(
      importFeedFiles(store, [good, bad], { onImported: (file) => imported.push(file) }),
      assertInvalidFeed(/bad\.tar\.gz: active\/CVE-2020-0003 line 2: invalid line "%%% garbage".*nothing from .*bad\.tar\.gz was stored/),
    );
    assert.deepEqual(imported, [good]);
    assert.deepEqual(store.records.get('ubuntu-uct')?.map((record) => record.advisoryId), ['CVE-2020-0001', 'CVE-2020-0001']);
  });
});

describe('feed parser registry', () => {
  const cases: Array<[string, string | undefined]> = [
    ['debian-security-tracker/data/DSA/list', 'debian-dsa'],
    ['data/DLA/list', 'debian-dla'],
    ['data/CVE/list', undefined],
    ['data/CPE/list', undefined],
    ['json', 'debian-tracker'],
    ['sample-json/tracker-data-json-excerpt.json', 'debian-tracker'],
    // Debian publishes its OSV records under DEBIAN-CVE ids.
    ['DEBIAN-CVE-2024-0001.json', 'osv'],
    ['ubuntu-cve-tracker/active/CVE-2020-8597', 'ubuntu-uct'],
    ['ubuntu-cve-tracker/active/00boilerplate.openssl', undefined],
    ['ubuntu-cve-tracker/active/10autotriage.linux', undefined],
    ['alpine-secdb/v3.11/main.json', 'alpine-secdb'],
    ['alpine-secdb/v3.11/community.yaml', 'alpine-secdb'],
    ['alpine-secdb/v3.11/README.md', undefined],
  ];
  for (const [member, feed] of cases) {
    test(`parser for ${member}`, () => {
      assert.equal(parserFor(member)?.name, feed);
    });
  }
});
