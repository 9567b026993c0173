// `layerlens db diff` and `db status` as a user runs them: two imports of
// an Alpine secdb document written here, then the diff between them.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb } from './cli.js';

interface StatusRow {
  feed: string;
  recordCount: number;
  lastUpdate: { id: number; newestRecord?: string };
  operations: Array<{ id: number }>;
}

interface DiffItem {
  advisoryId: string;
  packageName: string;
  fixedVersion?: string;
}

const DEBIAN_SNAPSHOT = sharedPath('feeds', 'debian-security-tracker-dsa-dla-2023-04.tar.gz');

/** An Alpine secdb branch document: origin package name to fixed version to ids. */
function secdb(packages: Record<string, Record<string, string[]>>): string {
  return JSON.stringify({
    distroversion: 'v3.11',
    reponame: 'main',
    packages: Object.entries(packages).map(([name, secfixes]) => ({ pkg: { name, secfixes } })),
  });
}

const FIRST = secdb({
  openssl: { '1.1.1d-r0': ['CVE-2019-1547', 'CVE-2019-1563'], '1.1.1g-r0': ['CVE-2020-1967'] },
  curl: { '7.66.0-r0': ['CVE-2019-5481'] },
});

// Against FIRST: CVE-2019-1563 dropped, CVE-2020-1971 new, curl's fix moved to -r1.
const SECOND = secdb({
  openssl: { '1.1.1d-r0': ['CVE-2019-1547'], '1.1.1g-r0': ['CVE-2020-1967'], '1.1.1i-r0': ['CVE-2020-1971'] },
  curl: { '7.66.0-r1': ['CVE-2019-5481'] },
});

function keys(items: DiffItem[]): string[] {
  return items.map((item) => `${item.advisoryId} ${item.packageName} ${item.fixedVersion}`).sort();
}

describe('db diff', () => {
  let dir: string;
  let db: string;
  let alpineIds: number[];
  let debianDsaId: number;

  before(async () => {
    dir = makeTempDir('db-diff');
    db = path.join(dir, 'layerlens.db');
    for (const [name, document] of [['first', FIRST], ['second', SECOND]]) {
      fs.mkdirSync(path.join(dir, name));
      const file = path.join(dir, name, 'main.json');
      fs.writeFileSync(file, document);
      const result = await runWithDb(db, ['db', 'import', file]);
      assert.equal(result.code, 0, describeResult(result));
    }
    const debian = await runWithDb(db, ['db', 'import', DEBIAN_SNAPSHOT]);
    assert.equal(debian.code, 0, describeResult(debian));

    const status = await runWithDb(db, ['db', 'status', '--format', 'json']);
    const rows = JSON.parse(status.stdout) as StatusRow[];
    alpineIds = rows.find((row) => row.feed === 'alpine-secdb')!.operations.map((operation) => operation.id);
    debianDsaId = rows.find((row) => row.feed === 'debian-dsa')!.lastUpdate.id;
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('status lists both kept operations', () => {
    assert.equal(alpineIds.length, 2);
    assert.ok(alpineIds[0] < alpineIds[1]);
  });

  test('json lists exactly the changed records', async () => {
    const result = await runWithDb(db, ['db', 'diff', String(alpineIds[0]), String(alpineIds[1]), '--format', 'json']);
    assert.equal(result.code, 0, describeResult(result));

    const diff = JSON.parse(result.stdout) as { feed: string; added: DiffItem[]; removed: DiffItem[] };
    assert.equal(diff.feed, 'alpine-secdb');
    assert.deepEqual(keys(diff.added), ['CVE-2019-5481 curl 7.66.0-r1', 'CVE-2020-1971 openssl 1.1.1i-r0']);
    assert.deepEqual(keys(diff.removed), ['CVE-2019-1563 openssl 1.1.1d-r0', 'CVE-2019-5481 curl 7.66.0-r0']);
  });

  test('table shows each change and a summary', async () => {
    const result = await runWithDb(db, ['db', 'diff', String(alpineIds[0]), String(alpineIds[1])]);
    assert.equal(result.code, 0, describeResult(result));

    const rows = result.stdout.split('\n').filter((line) => /^│ [+-] /.test(line)).map((line) => line.split('│').map((cell) => cell.trim()).slice(1, 7));
    assert.deepEqual(rows, [
      ['-', 'CVE-2019-1563', 'alpine v3.11', 'openssl', 'fixed', '1.1.1d-r0'],
      ['-', 'CVE-2019-5481', 'alpine v3.11', 'curl', 'fixed', '7.66.0-r0'],
      ['+', 'CVE-2019-5481', 'alpine v3.11', 'curl', 'fixed', '7.66.0-r1'],
      ['+', 'CVE-2020-1971', 'alpine v3.11', 'openssl', 'fixed', '1.1.1i-r0'],
    ]);
    assert.match(result.stdout, /alpine-secdb: operation \d+ \(.+\) to \d+ \(.+\): 2 added, 2 removed/);
  });

  test('same operation has no changes', async () => {
    const result = await runWithDb(db, ['db', 'diff', String(alpineIds[1]), String(alpineIds[1])]);
    assert.equal(result.code, 0, describeResult(result));
    assert.match(result.stdout, /0 added, 0 removed/);
  });

  const malformed: Array<{ name: string; args: () => string[]; fragments: string[] }> = [
    { name: 'non-number PREV', args: () => ['abc', String(alpineIds[1])], fragments: ['PREV "abc" is not an update operation id', 'OPERATION column'] },
    { name: 'non-number CUR', args: () => [String(alpineIds[0]), '2x'], fragments: ['CUR "2x" is not an update operation id'] },
    { name: 'zero id', args: () => ['0', String(alpineIds[1])], fragments: ['PREV "0"'] },
    { name: 'fractional id', args: () => ['1.5', String(alpineIds[1])], fragments: ['PREV "1.5"'] },
    { name: 'unknown id', args: () => [String(alpineIds[0]), '99999'], fragments: ['CUR', 'no update operation 99999', 'db status --format json'] },
    { name: 'ids of different feeds', args: () => [String(alpineIds[1]), String(debianDsaId)], fragments: ['different feeds', 'alpine-secdb', 'debian-dsa', 'two operations of one feed'] },
  ];

  for (const { name, args, fragments } of malformed) {
    test(`rejects ${name}`, async () => {
      const result = await runWithDb(db, ['db', 'diff', ...args()]);
      assert.equal(result.code, 2, describeResult(result));
      assert.equal(result.stdout, '');
      for (const fragment of fragments) assert.ok(result.stderr.includes(fragment), `stderr lacks "${fragment}":\n${result.stderr}`);
    });
  }
});

describe('db import retention', () => {
  test('config retention bounds kept operations', async () => {
    const dir = makeTempDir('db-retention');
    try {
      const db = path.join(dir, 'layerlens.db');
      const config = path.join(dir, 'layerlens.yaml');
      fs.writeFileSync(config, 'updaters:\n  retention: 1\n');

      const imports = [FIRST, SECOND, FIRST];
      for (const [index, document] of imports.entries()) {
        const file = path.join(dir, `main-${index}`, 'main.json');
        fs.mkdirSync(path.dirname(file));
        fs.writeFileSync(file, document);
        const result = await runWithDb(db, ['--config', config, 'db', 'import', file]);
        assert.equal(result.code, 0, describeResult(result));
      }

      const status = await runWithDb(db, ['db', 'status', '--format', 'json']);
      const alpine = (JSON.parse(status.stdout) as StatusRow[]).find((row) => row.feed === 'alpine-secdb')!;
      assert.equal(alpine.operations.length, 1);
      assert.equal(alpine.operations[0].id, alpine.lastUpdate.id);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('db status columns', () => {
  test('table shows operation and newest record', async () => {
    const dir = makeTempDir('db-status');
    try {
      const db = path.join(dir, 'layerlens.db');
      const imported = await runWithDb(db, ['db', 'import', DEBIAN_SNAPSHOT]);
      assert.equal(imported.code, 0, describeResult(imported));

      const result = await runWithDb(db, ['db', 'status']);
      assert.equal(result.code, 0, describeResult(result));
      const lines = result.stdout.split('\n').filter((line) => line.startsWith('│'));
      const cells = lines.map((line) => line.split('│').map((cell) => cell.trim()).slice(1, 5));
      assert.deepEqual(cells[0], ['FEED', 'OPERATION', 'RECORDS', 'NEWEST RECORD']);
      assert.match(lines[0], /UPDATED.*SOURCE/);

      // Newest dates read from the list files by hand: the first entry of each list.
      const byFeed = new Map(cells.slice(1).map((row) => [row[0], row]));
      assert.equal(byFeed.get('debian-dsa')?.[2], '6987');
      assert.equal(byFeed.get('debian-dsa')?.[3], '2023-03-29');
      assert.equal(byFeed.get('debian-dla')?.[3], '2023-04-01');
      assert.match(byFeed.get('debian-dsa')?.[1] ?? '', /^\d+$/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
