// The Composer scanner on installed.json files of both Composer versions and
// on a composer.lock, built in the test: which paths it requests and which
// packages it lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ComposerScanner } from '../../src/ecosystems/composer/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { COMPOSER_LOCK, INSTALLED_V1, INSTALLED_V2 } from './lang-samples.js';

const scanner = new ComposerScanner();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

const WANTS: Array<[string, boolean]> = [
  ['var/www/html/vendor/composer/installed.json', true],
  ['vendor/composer/installed.json', true],
  ['var/www/html/composer.lock', true],
  ['composer.lock', true],
  ['var/www/html/vendor/acme/lib/composer.lock', false],
  ['vendor/acme/lib/composer.lock', false],
  ['var/www/html/vendor/composer/installed.php', false],
  ['var/www/html/installed.json', false],
  ['var/www/html/composer.json', false],
];

for (const [path, wanted] of WANTS) {
  test(`composer wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('installed.json of Composer 1 and 2 and the non-dev packages of composer.lock', () => {
  const findings = scanner.scan([
    file('app/vendor/composer/installed.json', INSTALLED_V2),
    file('old/vendor/composer/installed.json', INSTALLED_V1),
    file('app/composer.lock', COMPOSER_LOCK),
  ]);

  assert.equal(findings.scanner, 'composer');
  assert.deepEqual(findings.databases, ['app/vendor/composer/installed.json', 'old/vendor/composer/installed.json', 'app/composer.lock']);
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.path]), [
    ['composer', 'symfony/console', 'v5.4.0', 'app/vendor/composer/installed.json'],
    ['composer', 'monolog/monolog', '2.9.1', 'app/vendor/composer/installed.json'],
    ['composer', 'monolog/monolog', '2.9.1', 'old/vendor/composer/installed.json'],
    ['composer', 'guzzlehttp/guzzle', '7.8.0', 'app/composer.lock'],
    ['composer', 'psr/log', '3.0.0', 'app/composer.lock'],
  ]);
});

test('malformed Composer files list nothing and keep their path', () => {
  const files = [
    file('a/vendor/composer/installed.json', '{"packages": ['),
    file('b/vendor/composer/installed.json', '{"dev": true}'),
    file('c/composer.lock', '"a string"'),
    file('d/composer.lock', '{"packages": [null, {"name": "x/y"}, {"version": "1.0.0"}, {"name": 1, "version": "1"}]}'),
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});
