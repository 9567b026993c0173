// Red Hat's CSAF VEX and advisory parsers on the real documents of the
// shared Red Hat sample. Every expected value was read from the JSON files
// themselves: the product ids of each status list, the remediation of each
// product id, the score and threat entries.
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { describe, test } from 'node:test';
import { rhelCsafAdvisoryParser } from '../../src/ecosystems/rhel/advisory.js';
import { rhelVexParser } from '../../src/ecosystems/rhel/vex.js';
import { isUserError } from '../../src/errors.js';
import { isEnrichment, type FeedParser, type VulnerabilityRecord } from '../../src/feeds/types.js';
import { onlyRecord, recordsWhere } from './helpers.js';
import { sampleText } from './redhat-samples.js';

async function parseText(parser: FeedParser, name: string, text: string): Promise<VulnerabilityRecord[]> {
  const records: VulnerabilityRecord[] = [];
  for await (const item of parser.parse({ name, open: () => Readable.from([Buffer.from(text)]) })) {
    assert.ok(!isEnrichment(item), 'Red Hat parsers produce vulnerability records only');
    records.push(item);
  }
  return records;
}

async function parseSample(parser: FeedParser, name: string): Promise<VulnerabilityRecord[]> {
  return parseText(parser, name, await sampleText(name));
}

describe('Red Hat VEX parser', () => {
  test('member names it accepts', () => {
    assert.equal(rhelVexParser.accepts('2024/cve-2024-0727.json'), true);
    assert.equal(rhelVexParser.accepts('redhat-csaf-vex/cve-2021-0084.json'), true);
    assert.equal(rhelVexParser.accepts('CVE-2024-0727.json'), false, 'OSV names its records in upper case');
    assert.equal(rhelVexParser.accepts('advisories/rhsa-2022_0011.json'), false);
    assert.equal(rhelCsafAdvisoryParser.accepts('2022/rhsa-2022_0011.json'), true);
    assert.equal(rhelCsafAdvisoryParser.accepts('2024/cve-2024-0727.json'), false);
  });

  test('openssl CVE-2024-0727 product states', async () => {
    const records = await parseSample(rhelVexParser, 'cve-2024-0727.json');

    // AppStream-9.4.0.GA and BaseOS-9.4.0.GA list openssl-libs-1:3.0.7-27.el9 for five arches, with RHSA-2024:2447.
    const fixed = onlyRecord(records, { release: '9', packageName: 'openssl-libs', arches: undefined });
    assert.equal(fixed.feed, 'rhel-vex');
    assert.equal(fixed.distribution, 'rhel');
    assert.equal(fixed.advisoryId, 'CVE-2024-0727');
    assert.deepEqual(fixed.cves, ['CVE-2024-0727']);
    assert.equal(fixed.state, 'fixed');
    assert.equal(fixed.fixedVersion, '1:3.0.7-27.el9');
    assert.deepEqual(fixed.aliases, ['RHSA-2024:2447']);
    assert.ok(fixed.links.includes('https://access.redhat.com/errata/RHSA-2024:2447'));
    assert.ok(fixed.links.includes('https://access.redhat.com/security/cve/CVE-2024-0727'));
    assert.equal(fixed.vendorSeverity, 'Low');
    assert.equal(fixed.severity, 'Low');
    assert.deepEqual(fixed.cvss, [{ version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:N/UI:R/S:U/C:N/I:N/A:H', baseScore: 5.5, source: 'secalert@redhat.com' }]);
    assert.equal(fixed.minorRelease, '9.4');
    assert.equal(fixed.published, '2024-01-22T00:00:00+00:00');
    assert.equal(fixed.modified, '2025-11-21T14:32:00+00:00');
    assert.equal(fixed.module, undefined);

    // The .src product ids make a statement about the source rpm.
    const source = onlyRecord(records, { release: '9', packageName: 'openssl', state: 'fixed', arches: undefined });
    assert.equal(source.fixedVersion, '1:3.0.7-27.el9');
    const sourceStatements = records.filter((record) => record.release === '9' && record.packageName === 'openssl' && record.arches?.includes('src'));
    assert.equal(sourceStatements.length, 1);
    assert.equal(sourceStatements[0].fixedVersion, '1:3.0.7-27.el9');

    // red_hat_enterprise_linux_8:openssl-libs is known_affected with "Fix deferred" (none_available).
    const deferred = onlyRecord(records, { release: '8', packageName: 'openssl-libs' });
    assert.equal(deferred.state, 'unfixed');
    assert.equal(deferred.fixedVersion, undefined);
    assert.deepEqual(deferred.aliases, []);

    // red_hat_enterprise_linux_7:openssl-libs is known_affected with "Out of support scope" (no_fix_planned).
    assert.equal(onlyRecord(records, { release: '7', packageName: 'openssl-libs' }).state, 'wont-fix');

    // BaseOS-9.4.0.GA:openssl-fips-provider-0:3.0.7-2.el9.* is known_not_affected.
    assert.equal(onlyRecord(records, { release: '9', packageName: 'openssl-fips-provider', arches: undefined }).state, 'not-affected');
  });

  test('only main RHEL streams make records', async () => {
    const records = await parseSample(rhelVexParser, 'cve-2023-38545.json');

    // Satellite client and JBoss Core Services products name their own streams.
    assert.deepEqual(recordsWhere(records, { packageName: 'puppet-agent' }), []);
    assert.deepEqual(recordsWhere(records, { packageName: 'jbcs-httpd24-curl' }), []);
    assert.ok(records.every((record) => record.distribution === 'rhel'));

    // curl-minimal is fixed in 9.0 EUS (7.76.1-14.el9_0.9, an extended stream), in the
    // 9.2 main stream (7.76.1-23.el9_2.4, RHSA-2023:5763) and in 9.3 (7.76.1-26.el9_3.2, RHSA-2023:6745).
    const curl = recordsWhere(records, { release: '9', packageName: 'curl-minimal' });
    assert.deepEqual(curl.map((record) => `${record.minorRelease} ${record.fixedVersion} ${record.aliases.join()}`).sort(), [
      '9.2 7.76.1-23.el9_2.4 RHSA-2023:5763',
      '9.3 7.76.1-26.el9_3.2 RHSA-2023:6745',
    ]);
    for (const record of curl) {
      assert.equal(record.state, 'fixed');
      assert.equal(record.vendorSeverity, 'Important');
      assert.equal(record.severity, 'High');
    }

    // red_hat_enterprise_linux_8:curl and libcurl-minimal are known_not_affected.
    assert.equal(onlyRecord(records, { release: '8', packageName: 'libcurl-minimal' }).state, 'not-affected');
    assert.equal(onlyRecord(records, { release: '8', packageName: 'curl', arches: undefined }).state, 'not-affected');
  });

  test('module streams from purls and ids', async () => {
    const perl = await parseSample(rhelVexParser, 'cve-2025-40907.json');

    // RHEL 8 ships perl-FCGI only in the perl-FCGI:0.78 module; AppStream-8.10.0.Z.MAIN.EUS
    // lists four module builds that differ by context, all from RHSA-2025:8696.
    const rhel8 = recordsWhere(perl, { release: '8', packageName: 'perl-FCGI', arches: undefined });
    assert.deepEqual(rhel8.map((record) => record.fixedVersion).sort(), [
      '1:0.78-12.module+el8.10.0+23147+20b7d289',
      '1:0.78-12.module+el8.10.0+23147+63faba8d',
      '1:0.78-12.module+el8.10.0+23147+95b68fad',
      '1:0.78-12.module+el8.10.0+23147+df114ff4',
    ]);
    assert.ok(rhel8.every((record) => record.module === 'perl-FCGI:0.78' && record.state === 'fixed' && record.minorRelease === '8.10'));
    assert.ok(rhel8.every((record) => record.aliases.join() === 'RHSA-2025:8696'));

    // RHEL 9: AppStream-9.6.0.Z.MAIN.EUS; 9.4 EUS and 9.0/9.2 E4S are extended streams.
    const rhel9 = onlyRecord(perl, { release: '9', packageName: 'perl-FCGI', arches: undefined });
    assert.equal(rhel9.fixedVersion, '1:0.79-8.1.el9_6');
    assert.equal(rhel9.minorRelease, '9.6');
    // RHEL 10: AppStream-10.0.Z, whose CPE is enterprise_linux:10.0.
    const rhel10 = onlyRecord(perl, { release: '10', packageName: 'perl-FCGI', arches: undefined });
    assert.equal(rhel10.fixedVersion, '1:0.82-13.1.el10_0');
    assert.equal(rhel10.minorRelease, '10.0');
    // RHEL 7 has only the ELS stream (7Server-ELS).
    assert.deepEqual(recordsWhere(perl, { release: '7' }), []);

    // python3-PyMySQL::python36:3.6 carries the module in the product id and purl; "Fix deferred".
    const python = await parseSample(rhelVexParser, 'cve-2026-2297.json');
    const pymysql = onlyRecord(python, { release: '8', packageName: 'python3-PyMySQL' });
    assert.equal(pymysql.module, 'python36:3.6');
    assert.equal(pymysql.state, 'unfixed');
    const pymysqlSource = recordsWhere(python, { release: '8', packageName: 'python-PyMySQL' });
    assert.deepEqual(pymysqlSource.map((record) => [record.module, record.arches]).sort(), [
      ['python36:3.6', ['src']],
      ['python39-devel:3.9', ['src']],
    ]);
  });

  test('components without purl', async () => {
    // CVE-2021-0084 names kernel, kernel-alt and kernel-rt by name only, all known_not_affected.
    const records = await parseSample(rhelVexParser, 'cve-2021-0084.json');
    assert.deepEqual(records.map((record) => `${record.release} ${record.packageName} ${record.state}`).sort(), [
      '5 kernel not-affected',
      '6 kernel not-affected',
      '7 kernel not-affected',
      '7 kernel-alt not-affected',
      '7 kernel-rt not-affected',
      '8 kernel not-affected',
      '8 kernel-rt not-affected',
      '9 kernel not-affected',
    ]);
    // No threat entries: the document's aggregate severity, "important", counts.
    assert.ok(records.every((record) => record.vendorSeverity === 'Important' && record.severity === 'High'));
  });

  test('non-RHEL product makes no record', async () => {
    // CVE-2024-22047 affects only rubygem-audited in Red Hat Satellite 6.
    assert.deepEqual(await parseSample(rhelVexParser, 'cve-2024-22047.json'), []);
  });

  test('under investigation is unfixed', async () => {
    // CVE-2026-0968 with RHEL 10's libssh moved from known_affected to under_investigation.
    const document = JSON.parse(await sampleText('cve-2026-0968.json')) as { vulnerabilities: Array<{ product_status: Record<string, string[]> }> };
    const status = document.vulnerabilities[0]!.product_status;
    status.known_affected = status.known_affected!.filter((id) => id !== 'red_hat_enterprise_linux_10:libssh');
    status.under_investigation = ['red_hat_enterprise_linux_10:libssh'];

    const records = await parseText(rhelVexParser, 'cve-2026-0968.json', JSON.stringify(document));
    assert.equal(onlyRecord(records, { release: '10', packageName: 'libssh', arches: undefined }).state, 'unfixed');
    assert.equal(onlyRecord(records, { release: '10', packageName: 'libssh-devel' }).state, 'unfixed');
  });

  test('module between package and stream', async () => {
    // CVE-2025-40907's RHEL 8 fix rewritten with the module as a product of its own:
    // package → module → stream, the nested form CSAF allows.
    const document = JSON.parse(await sampleText('cve-2025-40907.json')) as Record<string, any>;
    const fixedId = 'AppStream-8.10.0.Z.MAIN.EUS:perl-FCGI-1:0.78-12.module+el8.10.0+23147+20b7d289.x86_64::perl-FCGI:0.78';
    const moduleId = 'AppStream-8.10.0.Z.MAIN.EUS:perl-FCGI:0.78';
    document.product_tree.relationships = [
      { category: 'default_component_of', product_reference: 'perl-FCGI:0.78', relates_to_product_reference: 'AppStream-8.10.0.Z.MAIN.EUS', full_product_name: { name: 'module', product_id: moduleId } },
      { category: 'default_component_of', product_reference: 'perl-FCGI-1:0.78-12.module+el8.10.0+23147+20b7d289.x86_64', relates_to_product_reference: moduleId, full_product_name: { name: 'package', product_id: fixedId } },
    ];
    document.vulnerabilities[0].product_status = { fixed: [fixedId] };

    const records = await parseText(rhelVexParser, 'cve-2025-40907.json', JSON.stringify(document));
    assert.deepEqual(records.map((record) => `${record.release} ${record.packageName} ${record.module} ${record.fixedVersion} ${record.minorRelease}`), [
      '8 perl-FCGI perl-FCGI:0.78 1:0.78-12.module+el8.10.0+23147+20b7d289 8.10',
    ]);
  });

  test('deleted document makes no record', async () => {
    const document = JSON.parse(await sampleText('cve-2024-0727.json')) as { document: { tracking: { status: string } } };
    document.document.tracking.status = 'deleted';
    assert.deepEqual(await parseText(rhelVexParser, 'cve-2024-0727.json', JSON.stringify(document)), []);
  });

  test('malformed document names member and field', async () => {
    const text = await sampleText('cve-2026-0968.json');
    const document = JSON.parse(text) as Record<string, any>;

    const cases: Array<{ label: string; text: string; message: RegExp }> = [
      { label: 'truncated', text: text.slice(0, text.length / 2), message: /cve-2026-0968\.json .*invalid JSON/ },
      { label: 'not CSAF', text: '[1, 2]', message: /not a JSON object/ },
      { label: 'advisory as VEX', text: JSON.stringify({ ...document, document: { ...document.document, category: 'csaf_security_advisory' } }), message: /document\.category: "csaf_security_advisory" is not a VEX document/ },
      { label: 'no tracking id', text: JSON.stringify({ ...document, document: { ...document.document, tracking: {} } }), message: /document\.tracking\.id: missing/ },
      {
        label: 'status list not an array',
        text: JSON.stringify({ ...document, vulnerabilities: [{ ...document.vulnerabilities[0], product_status: { known_affected: 'libssh' } }] }),
        message: /vulnerabilities\[0\]\.product_status\.known_affected: not an array/,
      },
      {
        label: 'relationship without product id',
        text: JSON.stringify({ ...document, product_tree: { ...document.product_tree, relationships: [{ category: 'default_component_of', product_reference: 'libssh' }] } }),
        message: /product_tree\.relationships\[0\]: expected product_reference/,
      },
      {
        label: 'remediation product ids not a list',
        text: JSON.stringify({ ...document, vulnerabilities: [{ ...document.vulnerabilities[0], remediations: [{ category: 'none_available', product_ids: 7 }] }] }),
        message: /vulnerabilities\[0\]\.remediations\[0\]\.product_ids: not an array of product ids/,
      },
    ];

    for (const c of cases) {
      await assert.rejects(parseText(rhelVexParser, 'cve-2026-0968.json', c.text), (err: unknown) => {
        assert.ok(isUserError(err), c.label);
        assert.equal(err.code, 'INVALID_FEED', c.label);
        assert.match(err.message, c.message, c.label);
        return true;
      });
    }
  });
});

describe('Red Hat security advisory parser', () => {
  test('extended support streams only: no record', async () => {
    // RHSA-2022:0011 fixes telnet in 7.6 AUS, E4S and TUS (rhel_aus, rhel_e4s, rhel_tus CPEs).
    assert.deepEqual(await parseSample(rhelCsafAdvisoryParser, 'advisories/rhsa-2022_0011.json'), []);
  });

  test('fixed packages of a main stream', async () => {
    // The same advisory with its AUS stream moved to RHEL 7 Server's main CPE.
    const text = (await sampleText('advisories/rhsa-2022_0011.json')).replaceAll('cpe:/o:redhat:rhel_aus:7.6::server', 'cpe:/o:redhat:enterprise_linux:7::server');
    const records = await parseText(rhelCsafAdvisoryParser, 'rhsa-2022_0011.json', text);

    assert.deepEqual(records.map((record) => `${record.packageName} ${record.arches?.join() ?? ''}`).sort(), [
      'telnet ',
      'telnet src',
      'telnet-debuginfo ',
      'telnet-server ',
    ]);
    for (const record of records) {
      assert.equal(record.feed, 'rhel-csaf');
      assert.equal(record.advisoryId, 'RHSA-2022:0011');
      assert.deepEqual(record.cves, ['CVE-2020-10188']);
      assert.equal(record.release, '7');
      assert.equal(record.state, 'fixed');
      assert.equal(record.fixedVersion, '1:0.17-65.el7_6');
      assert.equal(record.vendorSeverity, 'Important');
      assert.equal(record.severity, 'High');
      assert.deepEqual(record.links, ['https://access.redhat.com/errata/RHSA-2022:0011']);
      assert.equal(record.published, '2022-01-04T08:38:00Z');
      // 7Server-7.6.AUS names no minor in a form the main streams use.
      assert.equal(record.minorRelease, undefined);
    }
  });

  test('advisory parser rejects VEX document', async () => {
    await assert.rejects(parseSample(rhelCsafAdvisoryParser, 'cve-2026-0968.json'), /document\.category: "csaf_vex" is not a security advisory/);
  });
});
