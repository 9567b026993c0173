import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import { getScheme, schemeNames } from '../../src/versioning/index.js';

test('registry lists dpkg and apk', () => {
  const names = schemeNames();
  assert.ok(names.includes('dpkg'), names.join(','));
  assert.ok(names.includes('apk'), names.join(','));
  assert.deepEqual(names, [...names].sort(), 'names are sorted');
});

test('registry returns a scheme by name', () => {
  for (const name of schemeNames()) {
    assert.equal(getScheme(name).name, name);
  }
  assert.ok(getScheme('dpkg').compare('1.0~rc1', '1.0') < 0, 'dpkg sorts a tilde first');
  assert.ok(getScheme('apk').compare('1.0_rc1', '1.0') < 0, 'apk sorts _rc first');
});

test('registry rejects an unknown name', () => {
  assert.throws(
    () => getScheme('DPKG'),
    (err: unknown) =>
      err instanceof UserError &&
      err.code === 'USAGE' &&
      err.message.includes('"DPKG"') &&
      schemeNames().every((name) => err.message.includes(name)),
  );
});
