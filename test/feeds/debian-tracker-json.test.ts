import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { UserError } from '../../src/errors.js';
import { DEBIAN_SNAPSHOT, importIntoMemory, importSingleFile, onlyRecord, readSnapshotMember, recordsWhere } from './helpers.js';

// Expected values are read by hand from sample-json/tracker-data-json-excerpt.json of the snapshot.
describe('Debian security tracker JSON', () => {
  let records: VulnerabilityRecord[];

  before(async () => {
    const store = await importIntoMemory(DEBIAN_SNAPSHOT);
    records = store.records.get('debian-tracker') ?? [];
  });

  test('counts one record per CVE, package and release', () => {
    // prototypejs 2 CVEs x 4 releases, txt2man 4, backupninja 4, chromium 5, sope 4, chromium-browser none.
    assert.equal(records.length, 25);
  });

  test('resolved and open releases of one CVE', () => {
    const chromium = recordsWhere(records, { advisoryId: 'CVE-2022-0456', packageName: 'chromium' });
    assert.equal(chromium.length, 5);

    const bullseye = onlyRecord(chromium, { release: 'bullseye' });
    assert.equal(bullseye.state, 'fixed');
    assert.equal(bullseye.fixedVersion, '98.0.4758.80-1~deb11u1');
    assert.equal(bullseye.severity, 'Unknown');
    assert.equal(bullseye.vendorSeverity, 'not yet assigned');
    assert.deepEqual(bullseye.cves, ['CVE-2022-0456']);
    assert.deepEqual(bullseye.links, ['https://security-tracker.debian.org/tracker/CVE-2022-0456']);
    assert.equal(bullseye.distribution, 'debian');

    // buster and stretch: status open with urgency end-of-life.
    for (const release of ['buster', 'stretch']) {
      const open = onlyRecord(chromium, { release });
      assert.equal(open.state, 'wont-fix');
      assert.equal(open.fixedVersion, undefined);
      assert.equal(open.vendorSeverity, 'end-of-life');
      assert.equal(open.severity, 'Unknown');
    }
  });

  test('fixed_version 0 means not affected', () => {
    // prototypejs CVE-2007-2383: resolved, fixed_version "0", urgency unimportant, in all four releases.
    const stretch = onlyRecord(records, { advisoryId: 'CVE-2007-2383', release: 'stretch' });
    assert.equal(stretch.state, 'not-affected');
    assert.equal(stretch.fixedVersion, undefined);
    assert.equal(stretch.severity, 'Negligible');
    assert.equal(stretch.vendorSeverity, 'unimportant');
  });

  test('urgency with asterisks and a Debian bug', () => {
    // prototypejs CVE-2008-7220: fixed 1.6.0.2-1, urgency "high**", debianbug 555217.
    const sid = onlyRecord(records, { advisoryId: 'CVE-2008-7220', release: 'sid' });
    assert.equal(sid.state, 'fixed');
    assert.equal(sid.fixedVersion, '1.6.0.2-1');
    assert.equal(sid.severity, 'High');
    assert.equal(sid.vendorSeverity, 'high**');
    assert.deepEqual(sid.links, ['https://security-tracker.debian.org/tracker/CVE-2008-7220', 'https://bugs.debian.org/555217']);
    assert.match(sid.description ?? '', /^Unspecified vulnerability in Prototype JavaScript framework/);

    // txt2man CVE-2013-1444: urgency "low**".
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2013-1444', release: 'buster' }).severity, 'Low');
    // backupninja CVE-2005-3111: urgency "medium".
    assert.equal(onlyRecord(records, { advisoryId: 'CVE-2005-3111', release: 'jessie' }).severity, 'Medium');
  });

  test('undetermined, postponed, ignored and temporary ids', async () => {
    // The excerpt has none of these, so this document follows the export's shape by hand.
    const document = {
      demo: {
        'CVE-2024-0001': {
          description: ' Demo flaw. ',
          releases: {
            bookworm: { status: 'undetermined', repositories: { bookworm: '1.0-1' }, urgency: 'not yet assigned' },
            bullseye: { status: 'open', repositories: { bullseye: '0.9-1' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'postponed' },
            buster: { status: 'open', repositories: { buster: '0.8-1' }, urgency: 'low', nodsa: 'Minor issue', nodsa_reason: 'ignored' },
            sid: { status: 'open', repositories: { sid: '1.0-1' }, urgency: 'unimportant' },
          },
        },
        'TEMP-0000000-ABCDEF': { releases: { sid: { status: 'open', repositories: { sid: '1.0-1' }, urgency: 'medium' } } },
      },
    };
    const parsed = await importJson(JSON.stringify(document));

    assert.equal(onlyRecord(parsed, { release: 'bookworm' }).state, 'unfixed');
    assert.equal(onlyRecord(parsed, { release: 'bullseye' }).state, 'unfixed');
    assert.equal(onlyRecord(parsed, { release: 'buster' }).state, 'wont-fix');

    const unimportant = onlyRecord(parsed, { advisoryId: 'CVE-2024-0001', release: 'sid' });
    assert.equal(unimportant.state, 'unfixed');
    assert.equal(unimportant.severity, 'Negligible');
    assert.equal(unimportant.description, 'Demo flaw.');

    const temporary = onlyRecord(parsed, { advisoryId: 'TEMP-0000000-ABCDEF' });
    assert.deepEqual(temporary.cves, []);
    assert.equal(temporary.severity, 'Medium');
  });

  test('truncated JSON names the file and line', async () => {
    const excerpt = await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/sample-json/tracker-data-json-excerpt.json');
    const truncated = excerpt.subarray(0, 3000).toString('utf8');

    await assert.rejects(importJson(truncated), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'INVALID_FEED');
      assert.match(err.message, /debian-tracker\.json/);
      assert.match(err.message, /invalid JSON/);
      assert.match(err.message, /line \d+/);
      return true;
    });
  });

  test('wrong shape names the field', async () => {
    await assert.rejects(importJson('{"demo": {"CVE-2024-0001": {"releases": {"sid": {"urgency": "low"}}}}}'), (err: unknown) => {
      assert.ok(err instanceof UserError);
      assert.equal(err.code, 'INVALID_FEED');
      assert.match(err.message, /demo → CVE-2024-0001 → releases → sid → status/);
      return true;
    });
    await assert.rejects(importJson('[1, 2]'), /expected an object keyed by source package/);
  });
});

/** Imports a tracker JSON text saved as debian-tracker.json and returns its records. */
function importJson(text: string): Promise<VulnerabilityRecord[]> {
  return importSingleFile('debian-tracker.json', text, 'debian-tracker');
}
