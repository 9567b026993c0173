// Order laws of the dpkg scheme on generated versions. Agreement with the
// dpkg binary itself is in dpkg-binary.test.ts.
import fc from 'fast-check';
import { dpkgScheme, parseDpkgVersion } from '../../src/ecosystems/dpkg/version.js';
import { stripLeadingZeros, testOrderLaws } from './order-laws.js';

const upstreamTail = fc.string({ unit: fc.constantFrom(...'0019aAzZ.+~'), maxLength: 6 });
const upstreamStart = fc.constantFrom('0', '1', '2', '9', '10', '007');
const revisionText = fc.string({ unit: fc.constantFrom(...'0019abzZ.+~'), minLength: 1, maxLength: 5 });

// Policy 5.6.12: a hyphen in the upstream version needs a revision, and a
// colon needs an epoch.
const dpkgVersion = fc.oneof(
  fc.tuple(fc.constantFrom('', '', '0:', '1:', '10:'), upstreamStart, upstreamTail, fc.oneof(fc.constant(''), revisionText.map((text) => `-${text}`)))
    .map((parts) => parts.join('')),
  fc.tuple(fc.constantFrom('1:', '2:'), upstreamStart, fc.constantFrom(':', '-'), upstreamTail, revisionText)
    .map(([epoch, start, inner, tail, revision]) => `${epoch}${start}${inner}${tail}-${revision}`),
);

/**
 * Parses, then prints with an explicit epoch and without leading zeros in
 * numbers, which verrevcmp compares as numbers.
 */
function printDpkg(text: string): string {
  const { epoch, upstream, revision } = parseDpkgVersion(text);
  const printedRevision = revision === '' ? '' : `-${stripLeadingZeros(revision)}`;
  return `${epoch}:${stripLeadingZeros(upstream)}${printedRevision}`;
}

testOrderLaws(dpkgScheme, dpkgVersion, printDpkg, { numRuns: 400 });
