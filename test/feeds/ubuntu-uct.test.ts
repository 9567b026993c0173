import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { UserError } from '../../src/errors.js';
import { importIntoMemory, importTarMembers, onlyRecord, recordsWhere, UBUNTU_SNAPSHOT } from './helpers.js';

// Expected values are read by hand from active/CVE-2019-11707, CVE-2020-8597 and CVE-2017-5192 of the snapshot.
describe('Ubuntu CVE tracker', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    const store = await importIntoMemory(UBUNTU_SNAPSHOT);
    records = store.records.get('ubuntu-uct') ?? [];
  });

  test('counts release lines other than DNE', () => {
    // Status lines in active/CVE-*, less upstream_, devel_ and product_ lines and DNE statuses.
    assert.equal(records.length, 95820);
    assert.equal(recordsWhere(records, { release: 'devel' }).length, 0);
    assert.equal(recordsWhere(records, { release: 'upstream' }).length, 0);
  });

  test('one CVE across packages and statuses', () => {
    const cve = recordsWhere(records, { advisoryId: 'CVE-2019-11707' });
    // firefox and thunderbird 5 releases each, mozjs38 1, mozjs52 4, mozjs60 3; DNE lines give none.
    assert.equal(cve.length, 18);

    const firefox = onlyRecord(cve, { packageName: 'firefox', release: 'xenial' });
    assert.equal(firefox.state, 'fixed');
    assert.equal(firefox.fixedVersion, '67.0.3+build1-0ubuntu0.16.04.1');
    assert.equal(firefox.severity, 'High');
    assert.equal(firefox.vendorSeverity, 'high');
    assert.equal(firefox.distribution, 'ubuntu');
    assert.deepEqual(firefox.cves, ['CVE-2019-11707']);
    assert.deepEqual(firefox.aliases, ['USN-4020-1', 'USN-4045-1']);
    assert.equal(firefox.published, '2019-07-23T14:15:00Z');
    assert.equal(firefox.links[0], 'https://ubuntu.com/security/CVE-2019-11707');
    assert.ok(firefox.links.includes('https://usn.ubuntu.com/usn/usn-4020-1'));
    assert.match(firefox.description ?? '', /^A type confusion vulnerability can occur .* Thunderbird < 60\.7\.2\.$/);

    assert.equal(recordsWhere(cve, { packageName: 'firefox', release: 'precise/esm' }).length, 0, 'DNE gives no record');
  });

  test('Priority_ override per package', () => {
    // Priority: high, Priority_thunderbird: low, Priority_mozjs38: medium.
    const thunderbird = onlyRecord(records, { advisoryId: 'CVE-2019-11707', packageName: 'thunderbird', release: 'bionic' });
    assert.equal(thunderbird.severity, 'Low');
    assert.equal(thunderbird.vendorSeverity, 'low');
    assert.equal(thunderbird.fixedVersion, '1:60.7.2+build1-0ubuntu0.18.04.1');

    const mozjs38 = onlyRecord(records, { advisoryId: 'CVE-2019-11707', packageName: 'mozjs38' });
    assert.equal(mozjs38.release, 'bionic');
    assert.equal(mozjs38.state, 'not-affected');
    assert.equal(mozjs38.severity, 'Medium');
  });

  test('needed and ignored', () => {
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2019-11707', packageName: 'mozjs52', release: 'bionic' }).state, 'unfixed');
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2019-11707', packageName: 'mozjs52', release: 'cosmic' }).state, 'wont-fix');
  });

  test('ESM release names kept as written', () => {
    // CVE-2020-8597: trusty/esm_ppp: released (2.4.5-5.1ubuntu2.3+esm1); trusty_ppp: ignored (out of standard support)
    const esm = onlyRecord(records, { advisoryId: 'CVE-2020-8597', packageName: 'ppp', release: 'trusty/esm' });
    assert.equal(esm.state, 'fixed');
    assert.equal(esm.fixedVersion, '2.4.5-5.1ubuntu2.3+esm1');
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2020-8597', packageName: 'ppp', release: 'trusty' }).state, 'wont-fix');
    // eoan_lwip: needs-triage
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2020-8597', packageName: 'lwip', release: 'eoan' }).state, 'unfixed');
  });

  test('description with a blank line between paragraphs', () => {
    const record = recordsWhere(records, { advisoryId: 'CVE-2017-5192' })[0];
    assert.ok(record);
    assert.match(record.description ?? '', /authentication to be bypassed\. The LocalClient\.cmd_batch\(\) method/);
  });

  test('no records from boilerplate templates', () => {
    assert.equal(records.filter((record) => !record.advisoryId.startsWith('CVE-')).length, 0);
  });

  test('rejects a garbage line with its line number', async () => {
    const text = 'Candidate: CVE-2020-0001\nPriority: low\nthis line is garbage\nbionic_demo: needed\n';
    await assert.rejects(importUct(text), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'INVALID_FEED');
      assert.match(err.message, /uct\.tar\.gz: uct\/active\/CVE-2020-0001 line 3: invalid line "this line is garbage"/);
      return true;
    });
  });

  test('rejects an unknown status', async () => {
    await assert.rejects(importUct('Candidate: CVE-2020-0001\nbionic_demo: maybe-later\n'), /line 2: unknown status "maybe-later"/);
  });

  test('rejects a continuation line before any field', async () => {
    await assert.rejects(importUct(' stray continuation\n'), /line 1: continuation line "stray continuation" follows no field/);
  });

  test('released without a version gives no record', async () => {
    const parsed = await importUct('Candidate: CVE-2020-0001\nPriority: critical\nbionic_demo: released\nfocal_demo: released [1.2-3]\n');
    assert.equal(parsed.length, 1);
    assert.equal(parsed[0]?.release, 'focal');
    assert.equal(parsed[0]?.fixedVersion, '1.2-3');
    assert.equal(parsed[0]?.severity, 'Critical');
  });
});

/** Imports one UCT file text, packed as uct/active/CVE-2020-0001 in uct.tar.gz, and returns its records. */
function importUct(text: string): Promise<VulnerabilityRecord[]> {
  return importTarMembers('uct.tar.gz', [{ name: 'uct/active/CVE-2020-0001', content: text }], 'ubuntu-uct');
}
