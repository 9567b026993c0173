import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { UserError } from '../../src/errors.js';
import { DEBIAN_SNAPSHOT, importIntoMemory, importTarMembers, onlyRecord, recordsWhere } from './helpers.js';

// Expected values are read by hand from data/DSA/list and data/DLA/list of the snapshot.
describe('Debian DSA and DLA lists', () => {
  let dsa: VulnerabilityRecord[];
  let dla: VulnerabilityRecord[];

  before(async () => {
    const store = await importIntoMemory(DEBIAN_SNAPSHOT);
    dsa = store.records.get('debian-dsa') ?? [];
    dla = store.records.get('debian-dla') ?? [];
  });

  test('counts one record per release line', () => {
    // 6988 release lines in DSA/list, less one whose version is not a Debian version (DSA-423); 3535 in DLA/list.
    assert.equal(dsa.length, 6987);
    assert.equal(dla.length, 3535);
  });

  test('DSA with several CVEs and releases', () => {
    // [22 Jul 2022] DSA-5188-1 openjdk-11: three CVEs, fixed in buster and bullseye.
    const records = recordsWhere(dsa, { advisoryId: 'DSA-5188-1' });
    assert.equal(records.length, 2);

    const buster = onlyRecord(records, { release: 'buster' });
    assert.equal(buster.packageName, 'openjdk-11');
    assert.equal(buster.state, 'fixed');
    assert.equal(buster.fixedVersion, '11.0.16+8-1~deb10u1');
    assert.deepEqual(buster.cves, ['CVE-2022-21540', 'CVE-2022-21541', 'CVE-2022-34169']);
    assert.equal(buster.published, '2022-07-22');
    assert.equal(buster.severity, 'Unknown');
    assert.equal(buster.distribution, 'debian');
    assert.deepEqual(buster.links, ['https://security-tracker.debian.org/tracker/DSA-5188-1']);

    const bullseye = onlyRecord(records, { release: 'bullseye' });
    assert.equal(bullseye.fixedVersion, '11.0.16+8-1~deb11u1');
    assert.deepEqual(bullseye.cves, buster.cves);
  });

  test('release line with <not-affected>', () => {
    // DSA-1843-1: [etch] - squid <not-affected> (Vulnerable code introduced in 3.x); [lenny] - squid3 3.0.STABLE8-3+lenny1
    const etch = onlyRecord(dsa, { advisoryId: 'DSA-1843-1', release: 'etch' });
    assert.equal(etch.packageName, 'squid');
    assert.equal(etch.state, 'not-affected');
    assert.equal(etch.fixedVersion, undefined);
    assert.deepEqual(etch.cves, ['CVE-2009-2621', 'CVE-2009-2622']);

    const lenny = onlyRecord(dsa, { advisoryId: 'DSA-1843-1', release: 'lenny' });
    assert.equal(lenny.packageName, 'squid3');
    assert.equal(lenny.state, 'fixed');
    assert.equal(lenny.fixedVersion, '3.0.STABLE8-3+lenny1');
    assert.equal(lenny.published, '2009-07-28');
  });

  test('tags <unfixed> and <end-of-life>', () => {
    // DSA-880-1: [woody] - phpmyadmin <unfixed>; DSA-3699-1: [jessie] - virtualbox <end-of-life>
    assert.equal(onlyRecord(dsa, { advisoryId: 'DSA-880-1', release: 'woody' }).state, 'unfixed');
    assert.equal(onlyRecord(dsa, { advisoryId: 'DSA-880-1', release: 'sarge' }).fixedVersion, '4:2.6.2-3sarge1');

    const endOfLife = onlyRecord(dsa, { advisoryId: 'DSA-3699-1' });
    assert.equal(endOfLife.state, 'wont-fix');
    assert.equal(endOfLife.packageName, 'virtualbox');
    assert.deepEqual(endOfLife.cves, []);
  });

  test('advisory without CVE', () => {
    // [17 Mar 2023] DSA-5356-2 sox - regression update, no {CVE} line.
    const record = onlyRecord(dsa, { advisoryId: 'DSA-5356-2' });
    assert.deepEqual(record.cves, []);
    assert.equal(record.fixedVersion, '14.4.2+git20190427-2+deb11u2');
  });

  test('DLA record', () => {
    // [30 Mar 2023] DLA-3373-1 json-smart: {CVE-2021-31684 CVE-2023-1370}, [buster] - json-smart 2.2-2+deb10u1
    const record = onlyRecord(dla, { advisoryId: 'DLA-3373-1' });
    assert.equal(record.feed, 'debian-dla');
    assert.equal(record.release, 'buster');
    assert.equal(record.packageName, 'json-smart');
    assert.equal(record.state, 'fixed');
    assert.equal(record.fixedVersion, '2.2-2+deb10u1');
    assert.deepEqual(record.cves, ['CVE-2021-31684', 'CVE-2023-1370']);
    assert.equal(record.published, '2023-03-30');
    assert.deepEqual(record.links, ['https://security-tracker.debian.org/tracker/DLA-3373-1']);

    // DLA-372-1: [squeeze] - virtualbox-ose <end-of-life>
    assert.equal(onlyRecord(dla, { advisoryId: 'DLA-372-1' }).state, 'wont-fix');
  });

  test('CVE line after the release lines', async () => {
    // Two DSA entries put {CVE ...} below a release line; the CVEs still apply to every release of the advisory.
    const records = await parseList('[01 Feb 2020] DSA-9999-1 demo - security update\n\t[buster] - demo 1.0-1\n\t{CVE-2020-0001}\n');
    assert.equal(records.length, 1);
    assert.deepEqual(records[0]?.cves, ['CVE-2020-0001']);
  });

  test('tags map to record states', async () => {
    const tags: Array<[string, string]> = [
      ['<not-affected> (vulnerable code not present)', 'not-affected'],
      ['<unfixed>', 'unfixed'],
      ['<end-of-life>', 'wont-fix'],
      ['<ignored> (minor issue)', 'wont-fix'],
      ['<no-dsa> (minor issue)', 'unfixed'],
      ['<postponed>', 'unfixed'],
    ];
    const text = ['[01 Feb 2020] DSA-9999-1 demo - security update', ...tags.map(([tag], index) => `\t[release${index}] - demo ${tag}`)].join('\n');
    const records = await parseList(text);

    assert.equal(records.length, tags.length);
    for (const [index, [tag, state]] of tags.entries()) {
      assert.equal(onlyRecord(records, { release: `release${index}` }).state, state, tag);
    }
  });

  const malformedLists: Array<{ name: string; text: string; line: number }> = [
    { name: 'release line without dash', text: '[01 Feb 2020] DSA-9999-1 demo - x\n\t{CVE-2020-0001}\n\t[buster] demo 1.0-1\n', line: 3 },
    { name: 'release line without version', text: '[01 Feb 2020] DSA-9999-1 demo - x\n\t[buster] - demo\n', line: 2 },
    { name: 'unknown tag', text: '[01 Feb 2020] DSA-9999-1 demo - x\n\t[buster] - demo <maybe>\n', line: 2 },
    { name: 'invalid CVE id', text: '[01 Feb 2020] DSA-9999-1 demo - x\n\t{CVE-20-1}\n', line: 2 },
    { name: 'unknown month', text: '[01 Foo 2020] DSA-9999-1 demo - x\n', line: 1 },
    { name: 'unindented detail', text: '[01 Feb 2020] DSA-9999-1 demo - x\n[buster - demo 1.0\n', line: 2 },
    { name: 'text before any header', text: '\t[buster] - demo 1.0-1\n', line: 1 },
  ];
  for (const { name, text, line } of malformedLists) {
    test(`rejects ${name}`, async () => {
      await assert.rejects(parseList(text), (err: unknown) => {
        assert.ok(err instanceof UserError);
        assert.equal(err.code, 'INVALID_FEED');
        assert.match(err.message, new RegExp(`data/DSA/list line ${line}:`));
        assert.match(err.message, /list\.tar\.gz/);
        return true;
      });
    });
  }
});

/** Imports a DSA list text packed as data/DSA/list in list.tar.gz and returns its records. */
function parseList(text: string): Promise<VulnerabilityRecord[]> {
  return importTarMembers('list.tar.gz', [{ name: 'security-tracker/data/DSA/list', content: text }], 'debian-dsa');
}
