import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { secfixIds } from '../../src/ecosystems/alpine/secdb.js';
import { UserError } from '../../src/errors.js';
import { ALPINE_SNAPSHOT, importIntoMemory, importTarMembers, onlyRecord, readSnapshotMember, recordsWhere, type TarMember } from './helpers.js';

const BRANCHES = ['v3.3', 'v3.4', 'v3.5', 'v3.6', 'v3.7', 'v3.8', 'v3.9', 'v3.10', 'v3.11'];

// Expected values are read by hand from the v3.5, v3.8, v3.9 and v3.11 documents of the snapshot.
describe('Alpine secdb', () => {
  let records: VulnerabilityRecord[];
  let sources: string[];

  before(async () => {
    const store = await importIntoMemory(ALPINE_SNAPSHOT);
    records = store.records.get('alpine-secdb') ?? [];
    sources = store.operations.map((operation) => operation.source);
  });

  test('reads each branch and repository once', () => {
    // 12028 id strings in the JSON documents; repeats of one id under one fix version collapse
    // (CVE-2017-17434-1/-2 in five branches, listed twice elsewhere), leaving 12002.
    assert.equal(records.length, 12002);
    assert.deepEqual(sources, [ALPINE_SNAPSHOT]);
  });

  test('fix version key 0 means not affected', () => {
    // v3.8/main: db secfixes "0": CVE-2016-0682 CVE-2016-0689 CVE-2016-0692 CVE-2016-0694 CVE-2016-3418
    const db = recordsWhere(records, { release: 'v3.8', packageName: 'db' });
    assert.deepEqual(db.map((record) => record.advisoryId), ['CVE-2016-0682', 'CVE-2016-0689', 'CVE-2016-0692', 'CVE-2016-0694', 'CVE-2016-3418']);
    for (const record of db) {
      assert.equal(record.state, 'not-affected');
      assert.equal(record.fixedVersion, undefined);
    }
  });

  test('two ids in one value', () => {
    // v3.5/main: sdl2_image 2.0.1-r2: "CVE-2017-2887 TALOS-2017-0394"
    const record = onlyRecord(records, { release: 'v3.5', packageName: 'sdl2_image', advisoryId: 'CVE-2017-2887' });
    assert.equal(record.state, 'fixed');
    assert.equal(record.fixedVersion, '2.0.1-r2');
    assert.deepEqual(record.cves, ['CVE-2017-2887']);
    assert.deepEqual(record.aliases, ['TALOS-2017-0394']);
    assert.equal(record.distribution, 'alpine');
    assert.equal(record.severity, 'Unknown');
    assert.deepEqual(record.links, ['https://security.alpinelinux.org/vuln/CVE-2017-2887']);
  });

  test('suffixed and misspelt CVE ids', () => {
    // v3.5/main: rsync 3.1.2-r3: CVE-2017-17434-1, CVE-2017-17434-2
    const rsync = recordsWhere(records, { release: 'v3.5', packageName: 'rsync', advisoryId: 'CVE-2017-17434' });
    assert.equal(rsync.length, 1);
    assert.equal(rsync[0]?.fixedVersion, '3.1.2-r3');

    // v3.9/main: ansible 2.7.3-r0: "CVE 2018-16859"; v3.11/community: dia 0.97.3-r1: "CVE-2019-19451.patch"
    assert.equal(onlyRecord(records, { release: 'v3.9', packageName: 'ansible', advisoryId: 'CVE-2018-16859' }).fixedVersion, '2.7.3-r0');
    assert.equal(onlyRecord(records, { release: 'v3.11', packageName: 'dia', advisoryId: 'CVE-2019-19451' }).fixedVersion, '0.97.3-r1');
  });

  test('id without CVE', () => {
    // v3.5/main: xen 4.7.1-r5: XSA-207
    const record = onlyRecord(records, { release: 'v3.5', packageName: 'xen', advisoryId: 'XSA-207' });
    assert.deepEqual(record.cves, []);
    assert.deepEqual(record.aliases, []);
    assert.deepEqual(record.links, []);
    assert.equal(record.fixedVersion, '4.7.1-r5');
  });

  test('secfix id normalisation table', () => {
    const cases: Array<[string, ReturnType<typeof secfixIds>]> = [
      ['CVE-2019-14904', { advisoryId: 'CVE-2019-14904', cves: ['CVE-2019-14904'], aliases: [] }],
      ['CVE-2016-10013 XSA-204', { advisoryId: 'CVE-2016-10013', cves: ['CVE-2016-10013'], aliases: ['XSA-204'] }],
      ['CVE-2017-17434-2', { advisoryId: 'CVE-2017-17434', cves: ['CVE-2017-17434'], aliases: [] }],
      ['CVE_2019-2426', { advisoryId: 'CVE-2019-2426', cves: ['CVE-2019-2426'], aliases: [] }],
      ['CVE-????-?????  XSA-285', { advisoryId: 'XSA-285', cves: [], aliases: [] }],
      ['wnpa-sec-2017-18', { advisoryId: 'wnpa-sec-2017-18', cves: [], aliases: [] }],
      ['', undefined],
    ];
    for (const [value, expected] of cases) assert.deepEqual(secfixIds(value), expected, value);
  });

  for (const branch of BRANCHES) {
    for (const repository of ['main', 'community']) {
      test(`JSON and YAML of ${branch}/${repository} agree`, async () => {
        const json = await importMember(`alpine-secdb/${branch}/${repository}.json`);
        const yaml = await importMember(`alpine-secdb/${branch}/${repository}.yaml`);
        assert.deepEqual(yaml, json);
        assert.deepEqual(json, recordsOfDocument(records, branch, json));
      });
    }
  }

  test('YAML alone is read when no JSON twin exists', async () => {
    const yaml = await readSnapshotMember(ALPINE_SNAPSHOT, 'alpine-secdb/v3.11/main.yaml');
    const parsed = await importTar([{ name: 'secdb/v3.11/main.yaml', content: yaml }]);
    assert.equal(recordsWhere(parsed, { release: 'v3.11' }).length, parsed.length);
    assert.ok(parsed.length > 0);
  });

  test('rejects invalid YAML with its line', async () => {
    const text = 'distroversion: v3.11\nreponame: main\npackages:\n  - pkg:\n      name: demo\n     secfixes: [\n';
    await assert.rejects(importTar([{ name: 'secdb/v3.11/main.yaml', content: text }]), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'INVALID_FEED');
      assert.match(err.message, /secdb\.tar\.gz: secdb\/v3\.11\/main\.yaml line \d+: invalid YAML/);
      return true;
    });
  });

  test('rejects a document without distroversion', async () => {
    await assert.rejects(importTar([{ name: 'secdb/v3.11/main.json', content: '{"packages": []}' }]), /main\.json at distroversion: missing or empty/);
  });

  test('rejects secfixes that are not id lists', async () => {
    const document = { distroversion: 'v3.11', packages: [{ pkg: { name: 'demo', secfixes: { '1.0-r0': 'CVE-2020-0001' } } }] };
    await assert.rejects(importTar([{ name: 'secdb/v3.11/main.json', content: JSON.stringify(document) }]), /packages\[0\]\.pkg\.secfixes\["1\.0-r0"\]: expected a list of id strings/);
  });
});

/** Returns the records of the whole-snapshot import that belong to the packages of one document, in document order. */
function recordsOfDocument(all: VulnerabilityRecord[], branch: string, document: VulnerabilityRecord[]): VulnerabilityRecord[] {
  const names = new Set(document.map((record) => record.packageName));
  return all.filter((record) => record.release === branch && names.has(record.packageName));
}

/** Imports one member of the snapshot on its own, through a tar holding only it. */
async function importMember(member: string): Promise<VulnerabilityRecord[]> {
  const content = await readSnapshotMember(ALPINE_SNAPSHOT, member);
  return importTar([{ name: member, content }]);
}

function importTar(members: TarMember[]): Promise<VulnerabilityRecord[]> {
  return importTarMembers('secdb.tar.gz', members, 'alpine-secdb');
}
