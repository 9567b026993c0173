// Order laws of the apk scheme on generated versions, which follow the
// grammar apk-tools validates:
// digit{.digit}...{letter}{_suffix{number}}...{~hash}{-r#}.
import fc from 'fast-check';
import { apkScheme } from '../../src/ecosystems/alpine/version.js';
import { stripLeadingZeros, testOrderLaws } from './order-laws.js';

const digits = fc.constantFrom('0', '1', '2', '9', '10', '01', '007', '18446744073709551616');
const suffixName = fc.constantFrom('alpha', 'beta', 'pre', 'rc', 'cvs', 'svn', 'git', 'hg', 'p');

const apkVersion = fc
  .record({
    initial: digits,
    dotted: fc.array(digits, { maxLength: 3 }),
    letter: fc.constantFrom('', '', 'a', 'z'),
    suffixes: fc.array(fc.tuple(suffixName, fc.constantFrom('', '0', '1', '02', '10')), { maxLength: 2 }),
    hash: fc.constantFrom('', '', '~0', '~abc', '~deadbeef'),
    revision: fc.constantFrom('', '', '-r0', '-r1', '-r01', '-r10'),
  })
  .map(({ initial, dotted, letter, suffixes, hash, revision }) =>
    initial + dotted.map((part) => `.${part}`).join('') + letter +
    suffixes.map(([name, number]) => `_${name}${number}`).join('') + hash + revision);

const APK_VERSION = /^([0-9]+)((?:\.[0-9]+)*)([a-z]?)((?:_[a-z]+[0-9]*)*)(~[0-9a-f]+)?(?:-r([0-9]+))?$/;

/**
 * Parses by the grammar, then prints without leading zeros in the numbers
 * apk compares as numbers: the first number, suffix numbers and the
 * revision. A dotted number keeps them, because apk compares it as a
 * string when it starts with 0 (1.01 < 1.1).
 */
function printApk(text: string): string {
  const match = APK_VERSION.exec(text);
  if (match === null) throw new Error(`"${text}" does not match the apk version grammar`);
  const [, initial, dotted, letter, suffixes, hash, revision] = match;
  const printedSuffixes = stripLeadingZeros(suffixes!);
  const printedRevision = revision === undefined ? '' : `-r${stripLeadingZeros(revision)}`;
  return `${stripLeadingZeros(initial!)}${dotted}${letter}${printedSuffixes}${hash ?? ''}${printedRevision}`;
}

testOrderLaws(apkScheme, apkVersion, printApk, { numRuns: 400 });
