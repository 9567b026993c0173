// Order laws every version scheme must obey, checked with fast-check on
// generated versions: a total order that is antisymmetric and transitive,
// and a printed form that keeps the order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { VersionScheme } from '../../src/versioning/types.js';
import { sign } from './vectors.js';

export const PROPERTY_SEED = 20261204;

export interface OrderLawOptions {
  numRuns: number;
  seed?: number;
  /** Names the generated domain in test names when a scheme is tested on several. */
  domain?: string;
}

/** Strips the leading zeros from every run of digits in the text. */
export function stripLeadingZeros(text: string): string {
  return text.replace(/[0-9]+/g, (digits) => digits.replace(/^0+(?=[0-9])/, ''));
}

function label(values: string[]): string {
  return values.map((value) => JSON.stringify(value)).join(' vs ');
}

/**
 * Registers tests that `version` only generates valid versions, that
 * compare is total, antisymmetric and transitive on them, and that
 * `print` (parse, then print) yields an equal version that keeps the order.
 * A scheme whose printed form is not always a valid version passes no
 * `print` and tests its printed form itself.
 */
export function testOrderLaws(
  scheme: VersionScheme,
  version: fc.Arbitrary<string>,
  print: ((version: string) => string) | undefined,
  options: OrderLawOptions,
): void {
  const runs = { seed: options.seed ?? PROPERTY_SEED, numRuns: options.numRuns };
  const name = options.domain === undefined ? scheme.name : `${scheme.name} ${options.domain}`;

  test(`${name} generated versions are valid`, () => {
    fc.assert(
      fc.property(version, (text) => {
        assert.equal(scheme.explainInvalid?.(text), undefined, label([text]));
        assert.equal(scheme.isValid(text), true, label([text]));
      }),
      runs,
    );
  });

  test(`${name} order is total and antisymmetric`, () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const forward = scheme.compare(a, b);
        assert.ok(Number.isFinite(forward), `${label([a, b])}: ${forward} is a number`);
        assert.equal(sign(forward), sign(-scheme.compare(b, a)), label([a, b]));
        assert.equal(sign(scheme.compare(a, a)), 0, `${label([a])} equals itself`);
      }),
      runs,
    );
  });

  // Sorting a list and then checking every pair finds any cycle among its
  // members, which a check of one triple at a time rarely meets.
  test(`${name} order is transitive`, () => {
    fc.assert(
      fc.property(fc.array(version, { minLength: 3, maxLength: 10 }), (list) => {
        const sorted = [...list].sort((x, y) => scheme.compare(x, y));
        for (let i = 0; i < sorted.length; i++) {
          for (let j = i + 1; j < sorted.length; j++) {
            assert.ok(scheme.compare(sorted[i]!, sorted[j]!) <= 0, `sorted ${label(sorted)}: item ${i} > item ${j}`);
          }
        }
      }),
      runs,
    );
  });

  // Independent versions are rarely equal, so with a `print` half the pairs
  // are a version and its printed form, which must be equal.
  const maybeEqualPair =
    print === undefined
      ? fc.tuple(version, version)
      : fc.oneof(fc.tuple(version, version), version.map((text): [string, string] => [text, print(text)]));

  test(`${name} equality is transitive`, () => {
    fc.assert(
      fc.property(maybeEqualPair, version, ([a, b], c) => {
        if (scheme.compare(a, b) !== 0) return;
        assert.equal(sign(scheme.compare(a, c)), sign(scheme.compare(b, c)), `${label([a, b])} are equal, so against ${JSON.stringify(c)}`);
      }),
      runs,
    );
  });

  if (print === undefined) return;

  test(`${name} parse and print keep the order`, () => {
    fc.assert(
      fc.property(version, version, (a, b) => {
        const printedA = print(a);
        const printedB = print(b);
        assert.equal(scheme.isValid(printedA), true, `${label([a])} prints as valid ${JSON.stringify(printedA)}`);
        assert.equal(sign(scheme.compare(printedA, a)), 0, `${label([a])} prints as equal ${JSON.stringify(printedA)}`);
        assert.equal(print(printedA), printedA, `${JSON.stringify(printedA)} prints as itself`);
        assert.equal(sign(scheme.compare(printedA, printedB)), sign(scheme.compare(a, b)), label([a, b]));
      }),
      runs,
    );
  });
}
