// Assertions of a total order, for the property tests of each scheme.
import assert from 'node:assert/strict';
import { sign } from './vectors.js';

export type Compare = (a: string, b: string) => number;

/** Asserts that a and b order oppositely both ways, and that each equals itself. */
export function assertAntisymmetric(compare: Compare, a: string, b: string): void {
  assert.equal(sign(compare(a, b)), sign(-compare(b, a)), `"${a}" vs "${b}"`);
  assert.equal(sign(compare(a, a)), 0, `"${a}" equals itself`);
}

/** Asserts that `<=` and `=` are transitive over every ordering of a, b and c. */
export function assertTransitive(compare: Compare, a: string, b: string, c: string): void {
  for (const [x, y, z] of [[a, b, c], [a, c, b], [b, a, c], [b, c, a], [c, a, b], [c, b, a]] as const) {
    if (compare(x, y) <= 0 && compare(y, z) <= 0) {
      assert.ok(compare(x, z) <= 0, `"${x}" <= "${y}" <= "${z}"`);
    }
    if (compare(x, y) === 0 && compare(y, z) === 0) {
      assert.equal(sign(compare(x, z)), 0, `"${x}" = "${y}" = "${z}"`);
    }
  }
}
