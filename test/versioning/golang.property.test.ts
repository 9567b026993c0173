// Order laws of the golang scheme on generated versions: module versions
// with and without the `v`, toolchain versions, and both mixed.
import fc from 'fast-check';
import {
  canonicalGoSemver,
  formatGoToolchainVersion,
  golangScheme,
  parseGoToolchainVersion,
} from '../../src/ecosystems/golang/version.js';
import { testOrderLaws } from './order-laws.js';

// Numbers that tie often, plus one beyond 64 bits.
const number = fc.constantFrom('0', '1', '2', '9', '10', '21', '99999999999999999999');

// Numeric identifiers have no leading zero; the others include the parts
// of pseudo-versions (a timestamp and a commit hash) and hyphens.
const prereleaseIdentifier = fc.constantFrom('0', '1', '2', '10', '20191109021931', 'alpha', 'beta', 'rc', 'a-1', '-', '0a', 'Z', 'daa7c04131f5');
const buildIdentifier = fc.constantFrom('00', 'meta', 'incompatible', 'sha-256', '1');

const fullSemver = fc
  .record({
    major: number,
    minor: number,
    patch: number,
    prerelease: fc.array(prereleaseIdentifier, { maxLength: 3 }),
    build: fc.array(buildIdentifier, { maxLength: 2 }),
  })
  .map(({ major, minor, patch, prerelease, build }) => {
    let text = `${major}.${minor}.${patch}`;
    if (prerelease.length > 0) text += `-${prerelease.join('.')}`;
    if (build.length > 0) text += `+${build.join('.')}`;
    return text;
  });

// x/mod/semver's shorthands vMAJOR and vMAJOR.MINOR take no suffix.
const shorthandSemver = fc.oneof(number, fc.tuple(number, number).map(([major, minor]) => `${major}.${minor}`));

const moduleVersion = fc
  .tuple(fc.constantFrom('v', 'v', ''), fc.oneof({ weight: 3, arbitrary: fullSemver }, { weight: 1, arbitrary: shorthandSemver }))
  .map(([prefix, text]) => prefix + text);

const toolchainMinor = fc.constantFrom('0', '1', '9', '20', '21', '22', '99999999999999999');
const toolchainKind = fc.tuple(fc.constantFrom('alpha', 'beta', 'rc', 'testmod'), fc.constantFrom('', '1', '2', '10'))
  .map(([kind, pre]) => kind + pre);
const suffix = fc.constantFrom('', '', '', '-bigcorp');

/**
 * Toolchain versions in every form go/version accepts: `go1`, language
 * versions `go1.N`, prereleases with and without a patch, and releases.
 */
const anyToolchainVersion = fc
  .tuple(
    fc.constantFrom('1', '1', '2'),
    toolchainMinor,
    fc.constantFrom('', '.0', '.1', '.12'),
    fc.oneof(fc.constant(''), toolchainKind),
    suffix,
  )
  .map(([major, minor, patch, kind, tail]) => `go${major}.${minor}${patch}${kind}${tail}`);

/**
 * The toolchain versions whose conversion to a module version keeps the
 * go/version order: all but language versions from go1.21 on and
 * prereleases of a `.0` patch, which the scheme documents as exceptions.
 */
const convertibleToolchainVersion = anyToolchainVersion.filter((text) => {
  const parsed = parseGoToolchainVersion(text)!;
  const languageVersion = parsed.patch === '' && parsed.kind === '';
  const zeroPatchPrerelease = parsed.patch === '0' && parsed.kind !== '';
  return !languageVersion && !zeroPatchPrerelease;
});

/** Prints the canonical module version, or the toolchain version with its parts filled in. */
function printGo(text: string): string {
  const toolchain = parseGoToolchainVersion(text);
  if (toolchain !== undefined) return formatGoToolchainVersion(toolchain);
  return canonicalGoSemver(text);
}

testOrderLaws(golangScheme, moduleVersion, printGo, { numRuns: 400, domain: 'module versions' });
testOrderLaws(golangScheme, anyToolchainVersion, printGo, { numRuns: 300, domain: 'toolchain versions' });
testOrderLaws(golangScheme, fc.oneof(moduleVersion, convertibleToolchainVersion, fc.constant('go1')), printGo, {
  numRuns: 400,
  domain: 'mixed module and toolchain versions',
});
