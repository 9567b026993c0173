import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compareSeverity, normalizeSeverity, parseSeverityList, severityFromCvssScore } from '../../src/matcher/severity.js';
import { UserError } from '../../src/errors.js';

test('vendor words normalise', () => {
  const cases: Array<[string | undefined, string]> = [
    // Debian tracker urgencies, with the unreviewed marks.
    ['unimportant', 'Negligible'],
    ['low', 'Low'],
    ['medium**', 'Medium'],
    ['high*', 'High'],
    ['not yet assigned', 'Unknown'],
    ['end-of-life', 'Unknown'],
    // Ubuntu priorities.
    ['negligible', 'Negligible'],
    ['critical', 'Critical'],
    ['untriaged', 'Unknown'],
    // GitHub, Red Hat and NVD words.
    ['MODERATE', 'Medium'],
    ['Important', 'High'],
    ['CRITICAL', 'Critical'],
    ['NONE', 'Negligible'],
    // Nothing, or a word no vendor here uses.
    [undefined, 'Unknown'],
    ['', 'Unknown'],
    ['severe', 'Unknown'],
    // Names every object inherits.
    ['constructor', 'Unknown'],
    ['toString', 'Unknown'],
  ];
  for (const [word, expected] of cases) {
    assert.equal(normalizeSeverity(word), expected, String(word));
  }
});

test('CVSS score bands', () => {
  // The CVSS v3.1 qualitative severity rating scale.
  const cases: Array<[number, string]> = [
    [0, 'Negligible'], [0.1, 'Low'], [3.9, 'Low'], [4.0, 'Medium'], [6.9, 'Medium'],
    [7.0, 'High'], [8.9, 'High'], [9.0, 'Critical'], [10, 'Critical'], [-1, 'Unknown'], [Number.NaN, 'Unknown'],
  ];
  for (const [score, expected] of cases) {
    assert.equal(severityFromCvssScore(score), expected, String(score));
  }
});

test('severity order', () => {
  const sorted = (['High', 'Unknown', 'Critical', 'Low', 'Negligible', 'Medium'] as const).slice().sort(compareSeverity);
  assert.deepEqual(sorted, ['Unknown', 'Negligible', 'Low', 'Medium', 'High', 'Critical']);
});

test('severity list parses', () => {
  assert.deepEqual(parseSeverityList('high,CRITICAL'), ['High', 'Critical']);
  assert.deepEqual(parseSeverityList(' medium , medium '), ['Medium']);
});

test('severity list rejects unknown names', () => {
  for (const list of ['high,severe', '', ' , ']) {
    assert.throws(
      () => parseSeverityList(list),
      (err: unknown) => {
        assert.ok(err instanceof UserError, list);
        assert.equal(err.code, 'USAGE', list);
        assert.match(err.message, /--severity/, list);
        assert.match(err.message, /Unknown, Negligible, Low, Medium, High, Critical/, list);
        return true;
      },
    );
  }
  assert.throws(() => parseSeverityList('high,severe'), /"severe"/);
});
