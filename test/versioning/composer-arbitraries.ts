// Generators of valid composer versions and constraints for the property
// and reference tests.
import fc from 'fast-check';

const number = fc.oneof(fc.constantFrom('0', '1', '2', '10', '007'), fc.nat(99_999).map(String));

// Release numbers: composer keeps at most four, and the first has at most
// five digits in the classical form.
const numbers = fc
  .tuple(fc.nat(99_999).map(String), fc.array(number, { maxLength: 3 }))
  .map(([first, rest]) => [first, ...rest].join('.'));

const modifier = fc
  .record({
    separator: fc.constantFrom('', '-', '.', '_'),
    stability: fc.constantFrom('alpha', 'a', 'beta', 'b', 'RC', 'rc', 'patch', 'pl', 'p', 'stable', 'BETA'),
    stabilityNumber: fc.option(fc.tuple(fc.constantFrom('', '.', '-'), number, fc.option(number)), { nil: undefined }),
    dev: fc.boolean(),
  })
  .map(({ separator, stability, stabilityNumber, dev }) => {
    let text = `${separator}${stability}`;
    if (stabilityNumber !== undefined) {
      const [numberSeparator, first, second] = stabilityNumber;
      text += `${numberSeparator}${first}${second === null ? '' : `.${second}`}`;
    }
    return dev ? `${text}-dev` : text;
  });

// A release, optionally with a stability, a `-dev` suffix and build metadata.
export const classical = fc
  .tuple(fc.constantFrom('', 'v'), numbers, fc.option(fc.oneof(modifier, fc.constant('-dev')), { nil: '' }), fc.constantFrom('', '', '+build.5'))
  .map(([prefix, release, suffix, build]) => `${prefix}${release}${suffix}${build}`);

// A numbered branch such as `1.2.x-dev`, and one default branch in its two
// spellings: two different default branches have no order.
const branch = fc.oneof(
  fc.tuple(fc.array(number, { minLength: 1, maxLength: 3 }), fc.constantFrom('x', 'X', '*')).map(([parts, wildcard]) => `${parts.join('.')}.${wildcard}-dev`),
  fc.constantFrom('dev-master', 'master'),
);

export const version = fc.oneof({ weight: 6, arbitrary: classical }, { weight: 1, arbitrary: branch });

const date = fc
  .tuple(fc.integer({ min: 1990, max: 2030 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 28 }), fc.constantFrom('-', '.', ''))
  .map(([year, month, day, separator]) => [year, String(month).padStart(2, '0'), String(day).padStart(2, '0')].join(separator));

/** A valid version in any of the forms above, or a date version. */
export const anyVersion = fc.oneof({ weight: 5, arbitrary: version }, { weight: 1, arbitrary: date });

/** A branch name other than a default branch: `dev-` and a name. */
export const namedBranch = fc.stringMatching(/^[a-z][a-z0-9/-]{0,10}$/).map((name) => `dev-${name}`);

// One requirement: `^`/`~`, a wildcard, a hyphen range, a branch or a comparison.
const requirement = fc.oneof(
  fc.tuple(fc.constantFrom('^', '~'), numbers, fc.constantFrom('', '-beta', '-dev', '-stable')).map((parts) => parts.join('')),
  fc.tuple(numbers.filter((text) => text.split('.').length <= 3), fc.constantFrom('.*', '.x')).map((parts) => parts.join('')),
  fc.tuple(numbers, numbers).map(([low, high]) => `${low} - ${high}`),
  fc.constantFrom('*', 'dev-master', 'dev-feature', '@dev', '*@beta'),
  fc.tuple(fc.constantFrom('', '>', '>=', '<', '<=', '!=', '==', '= '), version, fc.constantFrom('', '', '@dev', '@beta')).map((parts) => parts.join('')),
);

/** A constraint of up to three alternatives, each of one or two requirements. */
export const constraint = fc
  .array(
    fc.tuple(fc.array(requirement, { minLength: 1, maxLength: 2 }), fc.constantFrom(' ', ', ', ',')).map(([parts, separator]) => parts.join(separator)),
    { minLength: 1, maxLength: 3 },
  )
  .chain((groups) => fc.constantFrom(' || ', '|').map((separator) => groups.join(separator)));
