// CVSS v3 base scores computed from vectors, checked against the scores
// that NVD and Red Hat publish beside the same vectors in the shared
// feed samples.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import zlib from 'node:zlib';
import { extract } from 'tar-stream';
import { cvss3BaseScore } from '../../../src/ecosystems/osv/cvss.js';
import { sharedPath } from '../../shared.js';

interface Published {
  source: string;
  vector: string;
  score: number;
}

/** Reads the v3 vectors and scores of an NVD CVE API 2.0 response. */
function nvdScores(file: string): Published[] {
  const response = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    vulnerabilities: { cve: { id: string; metrics?: Record<string, { cvssData: { vectorString: string; baseScore: number } }[]> } }[];
  };
  return response.vulnerabilities.flatMap(({ cve }) =>
    ['cvssMetricV31', 'cvssMetricV30'].flatMap((key) =>
      (cve.metrics?.[key] ?? []).map((metric) => ({ source: cve.id, vector: metric.cvssData.vectorString, score: metric.cvssData.baseScore })),
    ),
  );
}

/** Reads the v3 vectors and scores of the Red Hat CSAF VEX documents from the tarball with tar-stream. */
async function csafScores(): Promise<Published[]> {
  const tar = extract();
  fs.createReadStream(sharedPath('feeds', 'redhat-csaf-vex-samples.tar.gz')).pipe(zlib.createGunzip()).pipe(tar);

  const scores: Published[] = [];
  for await (const entry of tar) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
    if (entry.header.type !== 'file' || !entry.header.name.endsWith('.json')) continue;

    const document = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { vulnerabilities?: { scores?: { cvss_v3?: { vectorString: string; baseScore: number } }[] }[] };
    for (const vulnerability of document.vulnerabilities ?? []) {
      for (const score of vulnerability.scores ?? []) {
        if (score.cvss_v3) scores.push({ source: entry.header.name, vector: score.cvss_v3.vectorString, score: score.cvss_v3.baseScore });
      }
    }
  }
  return scores;
}

describe('CVSS v3 base score', () => {
  test('matches NVD and Red Hat scores', async () => {
    const published = [
      ...nvdScores(sharedPath('feeds', 'nvd-cve-api-2.0-sample.json')),
      ...nvdScores(sharedPath('corpus', 'claircore', 'enricher', 'cvss', 'testdata', 'feed.json')),
      ...(await csafScores()),
    ];
    assert.ok(published.length >= 15, `found ${published.length} published scores`);
    assert.ok(published.some((score) => score.vector.includes('/S:C/')), 'some vectors change scope');

    for (const { source, vector, score } of published) {
      assert.equal(cvss3BaseScore(vector)?.baseScore, score, `${source}: ${vector}`);
    }
  });

  test('no-impact vector scores 0', () => {
    assert.deepEqual(cvss3BaseScore('CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N'), { version: '3.1', baseScore: 0 });
  });

  test('version comes from prefix', () => {
    assert.equal(cvss3BaseScore('CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H')?.version, '3.0');
  });

  for (const vector of [
    'AV:N/AC:L/Au:N/C:P/I:P/A:P',
    'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N',
    'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H',
    'CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H',
  ]) {
    test(`not a v3 vector: ${vector}`, () => {
      assert.equal(cvss3BaseScore(vector), undefined);
    });
  }
});
