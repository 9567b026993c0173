// Cross-checks the pep440 scheme against Python's packaging 26 when this
// machine has it: validity, normal form, order and SpecifierSet.contains
// with every option, on generated spellings, valid and not.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { comparePep440, containsPep440, tryParsePep440, formatPep440 } from '../../src/ecosystems/pypi/version.js';
import { InvalidRangeError } from '../../src/versioning/types.js';

const probe = spawnSync('python3', ['-c', 'import packaging; print(packaging.__version__)'], { encoding: 'utf8' });
const packagingVersion = probe.error === undefined && probe.status === 0 ? probe.stdout.trim() : undefined;
const skip = packagingVersion?.startsWith('26.')
  ? false
  : `python3 with packaging 26 is not installed (found ${packagingVersion ?? 'none'}), so there is no reference to compare with`;

// Reads JSON cases on stdin and writes packaging's verdict for each.
const ORACLE = `
import json, sys
from packaging.version import Version, InvalidVersion
from packaging.specifiers import SpecifierSet, InvalidSpecifier

def parse(text):
    try:
        return Version(text)
    except InvalidVersion:
        return None

out = []
for case in json.load(sys.stdin):
    a, b = parse(case["a"]), parse(case["b"])
    verdict = {"normal": None if a is None else str(a)}
    if a is not None and b is not None:
        verdict["order"] = (a > b) - (a < b)
    try:
        specs = SpecifierSet(case["range"], prereleases=case.get("prereleases"))
        verdict["contains"] = specs.contains(case["a"], prereleases=case.get("contains"), installed=case.get("installed"))
    except InvalidSpecifier:
        verdict["contains"] = "invalid"
    except Exception as error:
        verdict["contains"] = "error " + type(error).__name__
    out.append(verdict)
json.dump(out, sys.stdout)
`;

interface ReferenceCase {
  a: string;
  b: string;
  range: string;
  prereleases?: boolean;
  contains?: boolean;
  installed?: boolean;
}

interface Verdict {
  normal: string | null;
  order?: number;
  contains: boolean | string;
}

// Versions come from a small pool of parts, so pairs often share a release
// and ranges often name a version's neighbours. One in ten versions gets a
// stray character, which usually makes it invalid.
const separator = fc.constantFrom('', '.', '-', '_');
const number = fc.constantFrom('', '0', '1', '2', '01');
const part = (labels: string[]): fc.Arbitrary<string> =>
  fc.option(fc.tuple(separator, fc.constantFrom(...labels), separator, number).map((parts) => parts.join('')), { freq: 3, nil: '' });
const local = fc.option(
  fc.array(fc.constantFrom('1', '2', '01', 'a', 'b', 'abc', 'Z'), { minLength: 1, maxLength: 3 }).map((parts) => `+${parts.join('.')}`),
  { freq: 4, nil: '' },
);
const wellFormed = fc
  .tuple(
    fc.constantFrom('', '', '', 'v', ' ', '1!'),
    fc.constantFrom('1', '1.0', '1.0.0', '2', '1.1', '0'),
    part(['a', 'b', 'c', 'rc', 'alpha', 'beta', 'pre', 'preview', 'RC']),
    fc.oneof(part(['post', 'rev', 'r']), fc.constantFrom('-1', '-2')),
    part(['dev', 'DEV']),
    local,
  )
  .map((parts) => parts.join(''));
const version = fc.oneof(
  { weight: 9, arbitrary: wellFormed },
  {
    weight: 1,
    arbitrary: fc.tuple(wellFormed, fc.nat(), fc.constantFrom('.', '-', '+', '!', '*', 'x', ' ')).map(
      ([text, at, stray]) => text.slice(0, at % (text.length + 1)) + stray + text.slice(at % (text.length + 1)),
    ),
  },
);
const operator = fc.constantFrom('==', '!=', '<=', '>=', '<', '>', '~=', '===', '== ');
const wildcard = fc.constantFrom('1.*', '1.0.*', '2.*', '1!1.*', '0.*');
const spec = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(operator, version).map(([op, text]) => `${op}${text.trim()}`) },
  { weight: 1, arbitrary: fc.tuple(fc.constantFrom('==', '!='), wildcard).map(([op, text]) => `${op}${text}`) },
);
const range = fc.array(spec, { maxLength: 3 }).map((specs) => specs.join(','));
const flag = fc.option(fc.boolean(), { freq: 2, nil: undefined });

const referenceCase = fc.record({ a: version, b: version, range, prereleases: flag, contains: flag, installed: flag }, { requiredKeys: ['a', 'b', 'range'] });

test('pep440 agrees with packaging on generated cases', { skip }, () => {
  const cases: ReferenceCase[] = fc.sample(referenceCase, { seed: 26_2, numRuns: 3000 });
  const oracle = spawnSync('python3', ['-c', ORACLE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  assert.equal(oracle.status, 0, oracle.stderr);
  const verdicts = JSON.parse(oracle.stdout) as Verdict[];

  let rangesChecked = 0;
  cases.forEach((testCase, index) => {
    const verdict = verdicts[index]!;
    const label = JSON.stringify(testCase);
    const parsed = tryParsePep440(testCase.a);
    assert.equal(parsed === undefined ? null : formatPep440(parsed), verdict.normal, `${label}: normal form`);
    if (verdict.order !== undefined) assert.equal(Math.sign(comparePep440(testCase.a, testCase.b)) + 0, verdict.order, `${label}: order`);

    // packaging fails an assertion on a `~=` version with a non-ASCII
    // letter; LayerLens rejects that range, which is what "error" stands for.
    let contains: boolean | string;
    try {
      contains = containsPep440(testCase.a, testCase.range, {
        prereleases: testCase.prereleases,
        containsPrereleases: testCase.contains,
        installed: testCase.installed,
      });
      rangesChecked += 1;
    } catch (error) {
      if (!(error instanceof InvalidRangeError)) throw error;
      contains = 'invalid';
    }
    const expected = typeof verdict.contains === 'string' && verdict.contains.startsWith('error') ? 'invalid' : verdict.contains;
    assert.equal(contains, expected, `${label}: contains`);
  });
  assert.ok(rangesChecked > 500, `only ${rangesChecked} generated ranges were valid`);
});
