// NVD CVE API 2.0, FIRST EPSS and CISA KEV parsers on the real samples.
// Expected values were read by hand from the sample files.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import { parseNvdDocument, nvdParser, type NvdPage } from '../../src/ecosystems/nvd/cve-json.js';
import { parseEpssCsv, epssParser } from '../../src/ecosystems/epss/scores-csv.js';
import { parseKevCatalog, kevParser } from '../../src/ecosystems/kev/catalog.js';
import { streamJsonArray } from '../../src/feeds/json-array-stream.js';
import type { EnrichmentRecord } from '../../src/feeds/types.js';
import { isUserError } from '../../src/errors.js';
import { sharedPath } from '../shared.js';

const NVD_SAMPLE = sharedPath('feeds', 'nvd-cve-api-2.0-sample.json');
const EPSS_SAMPLE = sharedPath('feeds', 'epss-scores-sample.csv');
const KEV_SAMPLE = sharedPath('feeds', 'known_exploited_vulnerabilities.json.gz');

async function collect(records: AsyncIterable<EnrichmentRecord>): Promise<EnrichmentRecord[]> {
  const out: EnrichmentRecord[] = [];
  for await (const record of records) out.push(record);
  return out;
}

function byCve(records: EnrichmentRecord[], cve: string): EnrichmentRecord {
  const found = records.filter((record) => record.cve === cve);
  assert.equal(found.length, 1, `one record for ${cve}`);
  return found[0]!;
}

/** Asserts that `promise` rejects with INVALID_FEED whose message matches every pattern. */
async function assertInvalidFeed(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isUserError(err), `expected a UserError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_FEED');
    for (const pattern of patterns) assert.match(err.message, pattern);
    return true;
  });
}

function textStream(text: string): Readable {
  return Readable.from([Buffer.from(text)]);
}

test('NVD sample: records and rejected CVE', async () => {
  const page: NvdPage = { rejected: [] };
  const records = await collect(parseNvdDocument(fs.createReadStream(NVD_SAMPLE), 'sample', page));

  assert.deepEqual(records.map((record) => record.cve), ['CVE-2016-2781', 'CVE-2016-3674']);
  assert.deepEqual(page.rejected, ['CVE-2016-3197']);
  assert.equal(page.totalResults, 3);
  assert.equal(page.startIndex, 0);
  assert.equal(page.resultsPerPage, 3);
  for (const record of records) {
    assert.equal(record.feed, 'nvd');
    assert.equal(record.kind, 'nvd');
  }
});

test('NVD sample: CVSS Primary first, with sources', async () => {
  const records = await collect(parseNvdDocument(fs.createReadStream(NVD_SAMPLE), 'sample'));

  const coreutils = byCve(records, 'CVE-2016-2781').nvd!;
  assert.deepEqual(coreutils.cvss, [
    { version: '3.0', vector: 'CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:N/I:H/A:N', baseScore: 6.5, source: 'nvd@nist.gov' },
    { version: '2.0', vector: 'AV:L/AC:L/Au:N/C:N/I:P/A:N', baseScore: 2.1, source: 'nvd@nist.gov' },
    { version: '3.1', vector: 'CVSS:3.1/AV:L/AC:L/PR:L/UI:R/S:C/C:L/I:L/A:N', baseScore: 4.6, source: '134c704f-9b21-4f2e-91b3-4a467353bcc0' },
  ]);

  const xstream = byCve(records, 'CVE-2016-3674').nvd!;
  assert.deepEqual(xstream.cvss, [
    { version: '3.1', vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:N/A:N', baseScore: 7.5, source: 'nvd@nist.gov' },
    { version: '2.0', vector: 'AV:N/AC:L/Au:N/C:P/I:N/A:N', baseScore: 5.0, source: 'nvd@nist.gov' },
  ]);
});

test('NVD sample: CWEs, description and dates', async () => {
  const records = await collect(parseNvdDocument(fs.createReadStream(NVD_SAMPLE), 'sample'));

  const coreutils = byCve(records, 'CVE-2016-2781').nvd!;
  assert.deepEqual(coreutils.cwes, ['CWE-20']);
  assert.match(coreutils.description ?? '', /^chroot in GNU coreutils, when used with --userspec/);
  assert.equal(coreutils.published, '2017-02-07T15:59:00.333Z');
  assert.equal(coreutils.modified, '2025-06-09T16:15:25.013Z');

  const xstream = byCve(records, 'CVE-2016-3674').nvd!;
  assert.deepEqual(xstream.cwes, ['CWE-200']);
  assert.match(xstream.description ?? '', /^Multiple XML external entity \(XXE\) vulnerabilities/);
  assert.equal(xstream.published, '2016-05-17T14:08:03.607Z');
});

test('NVD CVSS v4 metrics are read', async () => {
  const document = {
    resultsPerPage: 1, startIndex: 0, totalResults: 1, format: 'NVD_CVE', version: '2.0',
    vulnerabilities: [{
      cve: {
        id: 'CVE-2024-0001', vulnStatus: 'Analyzed', published: '2024-01-01T00:00:00.000', lastModified: '2024-02-01T00:00:00.000',
        descriptions: [{ lang: 'en', value: 'v4 only' }],
        metrics: {
          cvssMetricV40: [{ source: 'cna@example.org', type: 'Secondary', cvssData: { version: '4.0', vectorString: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: 9.3, baseSeverity: 'CRITICAL' } }],
        },
        weaknesses: [{ source: 'cna@example.org', type: 'Secondary', description: [{ lang: 'en', value: 'NVD-CWE-noinfo' }] }],
      },
    }],
  };
  const records = await collect(parseNvdDocument(textStream(JSON.stringify(document)), 'v4.json'));

  assert.deepEqual(records[0]!.nvd!.cvss, [
    { version: '4.0', vector: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N', baseScore: 9.3, source: 'cna@example.org' },
  ]);
  assert.deepEqual(records[0]!.nvd!.cwes, [], 'NVD placeholders are not CWEs');
});

test('NVD malformed input names the field', async () => {
  const cases: Array<[string, string, RegExp[]]> = [
    ['not JSON', '<html>rate limited</html>', [/bad\.json line 1/, /not a JSON object/]],
    ['truncated', '{"totalResults": 1, "vulnerabilities": [{"cve": {"id": "CVE-2020-0001"', [/truncated/]],
    ['no array', '{"totalResults": 0}', [/missing "vulnerabilities"/]],
    ['bad id', '{"vulnerabilities": [{"cve": {"id": "XYZ"}}]}', [/vulnerabilities\[0\]\.cve\.id/, /invalid CVE id "XYZ"/]],
    ['bad score', '{"vulnerabilities": [{"cve": {"id": "CVE-2020-0001", "metrics": {"cvssMetricV31": [{"type": "Primary", "cvssData": {"version": "3.1", "vectorString": "CVSS:3.1/x", "baseScore": "high"}}]}}}]}', [/cvssMetricV31\[0\]\.cvssData\.baseScore/]],
    ['wrong version', '{"vulnerabilities": [{"cve": {"id": "CVE-2020-0001", "metrics": {"cvssMetricV31": [{"cvssData": {"version": "3.0", "vectorString": "CVSS:3.0/x", "baseScore": 5}}]}}}]}', [/expected 3\.1, found "3\.0"/]],
    ['wrong format', '{"format": "NVD_CPE", "vulnerabilities": []}', [/expected "NVD_CVE"/]],
  ];
  for (const [name, text, patterns] of cases) {
    await assertInvalidFeed(collect(parseNvdDocument(textStream(text), 'bad.json')), ...patterns).catch((err: Error) => {
      throw new Error(`case "${name}": ${err.message}`);
    });
  }
});

test('JSON array stream across chunk borders', async () => {
  const text = '{"a": {"x": [1, "}]"]}, "items": [{"s": "q\\"}{"}, {"n": [1, {"m": 2}]}], "b": "end"}';
  // One character per chunk puts every border inside strings, escapes and nesting.
  const chunks = [...text].map((char) => Buffer.from(char));
  const elements = streamJsonArray(Readable.from(chunks), 'chunks.json', 'items', 1000);

  const values: unknown[] = [];
  let next = await elements.next();
  while (!next.done) {
    values.push(next.value.value);
    next = await elements.next();
  }
  assert.deepEqual(values, [{ s: 'q"}{' }, { n: [1, { m: 2 }] }]);
  assert.deepEqual(next.value, { a: { x: [1, '}]'] }, b: 'end' });
});

test('EPSS sample: rows and score date', async () => {
  const records = await collect(parseEpssCsv(fs.createReadStream(EPSS_SAMPLE), 'epss-scores-sample.csv'));

  assert.equal(records.length, 29, "rows CVE-1999-0005..0010, CVE-2022-34665..34675, CVE-2024-9972..9975 and 9980..9987");
  assert.deepEqual(byCve(records, 'CVE-1999-0005'), {
    feed: 'epss', kind: 'epss', cve: 'CVE-1999-0005', epss: { score: 0.91963, percentile: 0.9903, date: '2024-10-25', modelVersion: 'v2023.03.01' },
  });
  assert.deepEqual(byCve(records, 'CVE-2022-34671').epss, { score: 0.00142, percentile: 0.50809, date: '2024-10-25', modelVersion: 'v2023.03.01' });
  assert.deepEqual(byCve(records, 'CVE-2024-9987').epss, { score: 0.00043, percentile: 0.09778, date: '2024-10-25', modelVersion: 'v2023.03.01' });
});

test('EPSS gzip file imports through the parser', async () => {
  const gz = zlib.gzipSync(fs.readFileSync(EPSS_SAMPLE));
  const records = await collect(parseEpssCsv(Readable.from([gz]).pipe(zlib.createGunzip()), 'epss_scores-current.csv'));
  assert.equal(records.length, 29, "rows CVE-1999-0005..0010, CVE-2022-34665..34675, CVE-2024-9972..9975 and 9980..9987");
});

test('EPSS date from a dated file name', async () => {
  const records = await collect(parseEpssCsv(textStream('cve,epss,percentile\nCVE-2020-0001,0.5,0.75\n'), 'epss_scores-2022-01-31.csv'));
  assert.deepEqual(records[0]!.epss, { score: 0.5, percentile: 0.75, date: '2022-01-31' });
});

test('EPSS malformed rows name the line', async () => {
  const head = '#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000\ncve,epss,percentile\n';
  const cases: Array<[string, RegExp[]]> = [
    [`${head}CVE-2020-0001,1.5,0.2\n`, [/line 3/, /epss must be a number from 0 to 1/]],
    [`${head}CVE-2020-0001,0.1\n`, [/line 3/, /expected 3 columns/]],
    [`${head}GHSA-xxxx,0.1,0.2\n`, [/line 3/, /invalid CVE id/]],
    ['#model_version:v1\ncve,epss,percentile\n', [/line 1/, /score_date/]],
    ['cve,epss,percentile\nCVE-2020-0001,0.1,0.2\n', [/no "#model_version/]],
    ['id,score\n', [/expected the header "cve,epss,percentile"/]],
    ['', [/missing the header/]],
  ];
  for (const [text, patterns] of cases) {
    await assertInvalidFeed(collect(parseEpssCsv(textStream(text), 'epss.csv')), ...patterns);
  }
});

test('KEV catalogue: entries and fields', async () => {
  const records = await collect(parseKevCatalog(fs.createReadStream(KEV_SAMPLE).pipe(zlib.createGunzip()), 'kev.json'));

  assert.equal(records.length, 1404);
  assert.deepEqual(byCve(records, 'CVE-2025-48384'), {
    feed: 'kev',
    kind: 'kev',
    cve: 'CVE-2025-48384',
    kev: {
      dateAdded: '2025-08-25',
      dueDate: '2025-09-15',
      knownRansomwareUse: false,
      name: 'Git Link Following Vulnerability',
      requiredAction: 'Apply mitigations per vendor instructions, follow applicable BOD 22-01 guidance for cloud services, or discontinue use of the product if mitigations are unavailable.',
      shortDescription: 'Git contains a link following vulnerability that stems from Git\u2019s inconsistent handling of carriage return characters in configuration files.',
      catalogVersion: '2025.08.25',
    },
  });

  const log4shell = byCve(records, 'CVE-2021-44228').kev!;
  assert.equal(log4shell.dateAdded, '2021-12-10');
  assert.equal(log4shell.dueDate, '2021-12-24');
  assert.equal(log4shell.knownRansomwareUse, true);
  assert.equal(log4shell.name, 'Apache Log4j2 Remote Code Execution Vulnerability');
});

test('KEV malformed catalogue is rejected', async () => {
  const entry = '{"cveID": "CVE-2021-44228", "dateAdded": "2021-12-10"}';
  const cases: Array<[string, RegExp[]]> = [
    [`{"count": 2, "vulnerabilities": [${entry}]}`, [/count is 2 but the catalogue contains 1 entries/]],
    ['{"vulnerabilities": [{"cveID": "CVE-2021-44228", "dateAdded": "12/10/2021"}]}', [/vulnerabilities\[0\]\.dateAdded/, /YYYY-MM-DD/]],
    ['{"vulnerabilities": [{"cveID": 7, "dateAdded": "2021-12-10"}]}', [/vulnerabilities\[0\]\.cveID/]],
    [`{"count": 1, "vulnerabilities": [${entry}`, [/truncated/]],
    [`{"count": 1, "vulnerabilities": [${entry.slice(0, -1)}, "x": }]}`, [/invalid JSON/]],
  ];
  for (const [text, patterns] of cases) {
    await assertInvalidFeed(collect(parseKevCatalog(textStream(text), 'kev.json')), ...patterns);
  }
});

test('import parsers accept upstream names', () => {
  const cases: Array<[{ accepts(name: string): boolean }, string, boolean]> = [
    [nvdParser, 'nvd-cve-api-2.0-sample.json', true],
    [nvdParser, 'feeds/nvdcve-2.0-2024.json', true],
    [nvdParser, 'nvd/notes.txt', false],
    [epssParser, 'epss_scores-current.csv', true],
    [epssParser, 'epss-scores-sample.csv', true],
    [epssParser, 'scores.csv', false],
    [kevParser, 'known_exploited_vulnerabilities.json', true],
    [kevParser, path.join('dir', 'known_exploited_vulnerabilities.json').split(path.sep).join('/'), true],
    [kevParser, 'known_exploited_vulnerabilities.csv', false],
  ];
  for (const [parser, name, expected] of cases) {
    assert.equal(parser.accepts(name), expected, name);
  }
});
