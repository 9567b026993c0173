import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../src/errors.js';

test('UserError keeps its code', () => {
  const err = new UserError('USAGE', 'bad');
  assert.equal(err.code, 'USAGE');
});
