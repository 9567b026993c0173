// Reads the version-ordering tables of the shared test data: tab-separated,
// an optional `#` comment line, then a header line naming the columns.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { VersionScheme } from '../../src/versioning/types.js';
import { sharedPath } from '../shared.js';

export type VectorRow = Record<string, string> & { line: string };

/** Returns the rows of a vectors file as column-name → value records. */
export function readVectors(file: string): VectorRow[] {
  const lines = readFileSync(sharedPath('vectors', file), 'utf8').split('\n');
  const content = lines.filter((line) => line !== '' && !line.startsWith('#'));
  const header = content[0]?.split('\t') ?? [];

  return content.slice(1).map((line, index) => {
    const fields = line.split('\t');
    if (fields.length !== header.length) {
      throw new Error(`${file} row ${index + 1}: expected ${header.length} fields, found ${fields.length}`);
    }
    const row: VectorRow = { line: `${file} row ${index + 1}` };
    header.forEach((name, column) => {
      row[name] = fields[column]!;
    });
    return row;
  });
}

/** Returns -1, 0 or 1 for a compare() result; `+ 0` turns -0 into 0. */
export function sign(value: number): number {
  return Math.sign(value) + 0;
}

/** Maps an order operator to the sign compare() must return. */
export function expectedSign(op: string): number {
  if (op === '<') return -1;
  if (op === '>') return 1;
  if (op === '=') return 0;
  throw new Error(`unknown order operator "${op}"`);
}

/**
 * Asserts that the scheme orders a `left op right` row as the row states,
 * and the reversed pair the opposite way.
 */
export function assertRowOrder(scheme: VersionScheme, row: VectorRow): void {
  const { left, op, right, source } = row;
  const label = `${row.line} [${source}]: ${left} ${op} ${right}`;
  assert.equal(sign(scheme.compare(left!, right!)), expectedSign(op!), label);
  assert.equal(sign(scheme.compare(right!, left!)), expectedSign(reverseOp(op!)), `${label} (reversed)`);
}

/** Returns the operator for the reverse comparison: `<` becomes `>`. */
export function reverseOp(op: string): string {
  if (op === '<') return '>';
  if (op === '>') return '<';
  return op;
}
