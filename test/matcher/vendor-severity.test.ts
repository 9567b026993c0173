// Debian urgencies and Ubuntu priorities share the words low, medium and
// high, and each keeps its own words for the rest of its scale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Severity } from '../../src/feeds/types.js';
import { severityFromUrgency } from '../../src/ecosystems/debian/severity.js';
import { severityFromPriority } from '../../src/ecosystems/ubuntu/priority.js';

const URGENCIES: Array<[string | undefined, Severity]> = [
  ['unimportant', 'Negligible'],
  ['low', 'Low'],
  ['low**', 'Low'],
  [' Medium ', 'Medium'],
  ['high*', 'High'],
  ['not yet assigned', 'Unknown'],
  ['end-of-life', 'Unknown'],
  // Debian has no critical or negligible urgency.
  ['critical', 'Unknown'],
  ['negligible', 'Unknown'],
  [undefined, 'Unknown'],
];

const PRIORITIES: Array<[string | undefined, Severity]> = [
  ['negligible', 'Negligible'],
  ['low', 'Low'],
  ['Medium', 'Medium'],
  [' high ', 'High'],
  ['critical', 'Critical'],
  ['untriaged', 'Unknown'],
  // Ubuntu has no unimportant priority and no unreviewed marks.
  ['unimportant', 'Unknown'],
  ['low*', 'Unknown'],
  [undefined, 'Unknown'],
];

for (const [urgency, expected] of URGENCIES) {
  test(`debian urgency ${JSON.stringify(urgency)}`, () => {
    assert.equal(severityFromUrgency(urgency), expected);
  });
}

for (const [priority, expected] of PRIORITIES) {
  test(`ubuntu priority ${JSON.stringify(priority)}`, () => {
    assert.equal(severityFromPriority(priority), expected);
  });
}
