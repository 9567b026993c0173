// fast-check generators of RPM versions, shared by the property tests and
// the cross-check against the rpm binary.
import fc from 'fast-check';

// Few characters, so generated versions often share prefixes and meet
// every rule: digits with leading zeros, letters of both cases, the
// separators rpm skips (one beyond ASCII), tilde and caret.
const partCharacter = fc.constantFrom(...'0019aAzZ._+~^α');
const part = fc.string({ unit: partCharacter, minLength: 1, maxLength: 6 });

/** A version or release that starts with a digit or letter, as most real ones do, or with anything. */
const versionPart = fc.oneof(
  fc.tuple(fc.constantFrom('0', '1', '2', '10', 'a'), fc.string({ unit: partCharacter, maxLength: 5 })).map(([head, tail]) => head + tail),
  part,
);

const epoch = fc.constantFrom('', '', '0:', '1:', '2:', '10:', '007:');
const release = fc.oneof(fc.constant(''), versionPart.map((text) => `-${text}`));

/** An RPM version `[epoch:]version[-release]` that the scheme calls valid. */
export const rpmVersion = fc.tuple(epoch, versionPart, release).map((parts) => parts.join(''));

/**
 * Pairs of RPM versions: independent ones, ones that share a start and
 * differ late, and a version against itself with an explicit zero epoch
 * or zero-padded numbers, which rpm must find equal.
 */
export const rpmVersionPair = fc.oneof(
  fc.tuple(rpmVersion, rpmVersion),
  fc.tuple(rpmVersion, fc.string({ unit: fc.constantFrom(...'019az.~^-'), maxLength: 3 }), fc.nat({ max: 3 })).map(
    ([base, tail, cut]) => [base, base.slice(0, Math.max(1, base.length - cut)) + tail] as [string, string],
  ),
  rpmVersion.map((base) => [base, base.includes(':') ? base.replace(/[0-9]+/, (digits) => `0${digits}`) : `0:${base}`] as [string, string]),
);
