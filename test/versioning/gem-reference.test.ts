// Cross-checks the gem scheme against the RubyGems of this machine's Ruby
// when there is one: validity, to_s, order and Requirement#satisfied_by? on
// generated versions and requirements, valid and not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { compareGemVersions, satisfiesGemRequirement, tryParseGemVersion } from '../../src/ecosystems/rubygems/version.js';
import { InvalidRangeError, InvalidVersionError } from '../../src/versioning/types.js';

const probe = spawnSync('ruby', ['-e', 'print Gem::VERSION'], { encoding: 'utf8' });
const skip = probe.error === undefined && probe.status === 0 ? false : 'ruby is not installed on this machine, so there is no reference to compare with';

// Reads JSON cases on stdin and writes RubyGems' verdict for each. The
// requirement parts are passed as separate arguments, split on commas.
const ORACLE = `
require 'json'
verdicts = JSON.parse($stdin.read).map do |c|
  a = Gem::Version.correct?(c['a']) ? Gem::Version.new(c['a']) : nil
  b = Gem::Version.correct?(c['b']) ? Gem::Version.new(c['b']) : nil
  verdict = { 'text' => a&.to_s }
  verdict['order'] = a <=> b if a && b
  begin
    requirement = Gem::Requirement.new(*c['range'].split(',', -1))
    verdict['satisfied'] = a ? requirement.satisfied_by?(a) : 'invalid version'
  rescue Gem::Requirement::BadRequirementError
    verdict['satisfied'] = 'invalid range'
  end
  verdict
end
print JSON.generate(verdicts)
`;

interface Verdict {
  text: string | null;
  order?: number;
  satisfied: boolean | string;
}

// Small pools make equal segments, letters against numbers and trailing
// zeros common; one in ten versions gets a stray character.
const segment = fc.constantFrom('0', '1', '2', '00', '10', 'a', 'b', 'B', 'pre', 'rc1', '0b', '9007199254740993');
const wellFormed = fc
  .tuple(
    fc.constantFrom('', '', ' ', '\n'),
    fc.constantFrom('0', '1', '2', '01'),
    fc.array(segment, { maxLength: 4 }),
    fc.option(fc.constantFrom('-1', '-rc1', '-a-b', '-alpha.1'), { freq: 4, nil: '' }),
  )
  .map(([lead, head, segments, suffix]) => `${lead}${[head, ...segments].join('.')}${suffix}`);
const version = fc.oneof(
  { weight: 9, arbitrary: wellFormed },
  {
    weight: 1,
    arbitrary: fc.tuple(wellFormed, fc.nat(), fc.constantFrom('.', '-', '_', ' ', '\u00a0', 'x')).map(
      ([text, at, stray]) => text.slice(0, at % (text.length + 1)) + stray + text.slice(at % (text.length + 1)),
    ),
  },
);
const operator = fc.constantFrom('', '= ', '!= ', '> ', '< ', '>= ', '<= ', '~> ', '~>');
const range = fc
  .array(fc.tuple(operator, version), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([op, text]) => `${op}${text.trim()}`).join(', '));

/** Returns the scheme's verdict in the oracle's terms: true, false, or which side is invalid. */
function satisfied(a: string, requirement: string): boolean | string {
  try {
    return satisfiesGemRequirement(a, requirement);
  } catch (error) {
    if (error instanceof InvalidRangeError) return 'invalid range';
    if (error instanceof InvalidVersionError) return 'invalid version';
    throw error;
  }
}

test('gem agrees with RubyGems on generated cases', { skip }, () => {
  const cases = fc.sample(fc.record({ a: version, b: version, range }), { seed: 3_3_15, numRuns: 3000 });
  const oracle = spawnSync('ruby', ['-e', ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(oracle.status, 0, oracle.stderr);
  const verdicts = JSON.parse(oracle.stdout) as Verdict[];

  cases.forEach((testCase, index) => {
    const verdict = verdicts[index]!;
    const label = JSON.stringify(testCase);
    assert.equal(tryParseGemVersion(testCase.a)?.text ?? null, verdict.text, `${label}: to_s`);
    if (verdict.order !== undefined) assert.equal(Math.sign(compareGemVersions(testCase.a, testCase.b)) + 0, verdict.order, `${label}: order`);

    // Both read the requirement before the version, so a bad requirement wins.
    assert.equal(satisfied(testCase.a, testCase.range), verdict.satisfied, `${label}: satisfied_by?`);
  });
});
