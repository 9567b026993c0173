// `layerlens inventory` on an unpacked root filesystem containing a gem, a Rust
// lockfile and binary, a .NET application and a PHP application, run as a user runs it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';
import { AUDITABLE_JSON, CARGO_LOCK, COMPOSER_LOCK, DEPS_JSON, elfWithSection, INSTALLED_V2, RACK_SPEC } from './lang-samples.js';

const CLI = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

const FILES: Record<string, string | Buffer> = {
  'etc/os-release': 'ID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\n',
  'usr/local/bundle/specifications/rack-2.2.3.gemspec': RACK_SPEC,
  'usr/src/app/Cargo.lock': CARGO_LOCK,
  'usr/local/bin/hello': elfWithSection('.dep-v0', deflateSync(Buffer.from(AUDITABLE_JSON))),
  'app/WebApp.deps.json': DEPS_JSON,
  'var/www/html/vendor/composer/installed.json': INSTALLED_V2,
  'var/www/html/composer.lock': COMPOSER_LOCK,
  // Malformed: each is skipped with one warning.
  'srv/broken/Broken.deps.json': '{"libraries": ',
  'srv/broken/Cargo.lock': '[[package]\n',
};

// [ecosystem, name, version, path], read from the files above by hand.
const EXPECTED = [
  ['cargo', 'app', '0.1.0', 'usr/src/app/Cargo.lock'],
  ['cargo', 'hello', '0.1.0', 'usr/local/bin/hello'],
  ['cargo', 'itoa', '1.0.9', 'usr/local/bin/hello'],
  ['cargo', 'serde', '1.0.193', 'usr/src/app/Cargo.lock'],
  ['cargo', 'serde_derive', '1.0.193', 'usr/src/app/Cargo.lock'],
  ['composer', 'guzzlehttp/guzzle', '7.8.0', 'var/www/html/composer.lock'],
  ['composer', 'monolog/monolog', '2.9.1', 'var/www/html/vendor/composer/installed.json'],
  ['composer', 'psr/log', '3.0.0', 'var/www/html/composer.lock'],
  ['composer', 'symfony/console', 'v5.4.0', 'var/www/html/vendor/composer/installed.json'],
  ['gem', 'rack', '2.2.3', 'usr/local/bundle/specifications/rack-2.2.3.gemspec'],
  ['nuget', 'Newtonsoft.Json', '13.0.1', 'app/WebApp.deps.json'],
  ['nuget', 'Serilog', '3.1.1', 'app/WebApp.deps.json'],
].map((row) => row.join('\t'));

test('inventory of a dir: root filesystem lists gem, cargo, nuget and composer rows', () => {
  const work = mkdtempSync(path.join(os.tmpdir(), 'layerlens-more-langs-'));
  try {
    const root = path.join(work, 'root');
    for (const [name, text] of Object.entries(FILES)) {
      mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
      writeFileSync(path.join(root, name), text);
    }

    const run = spawnSync(process.execPath, [CLI, '--db', path.join(work, 'layerlens.db'), 'inventory', '--format', 'tsv', `dir:${root}`], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);

    const [header, ...lines] = run.stdout.trim().split('\n');
    const columns = header.split('\t');
    assert.deepEqual(columns, ['ecosystem', 'name', 'version', 'source_name', 'source_version', 'layer', 'path']);
    const rows = lines.map((line) => line.split('\t'));
    for (const row of rows) {
      assert.equal(row[3], '', `source_name of ${row[1]}`);
      assert.equal(row[4], '', `source_version of ${row[1]}`);
    }
    assert.deepEqual(rows.map(([eco, name, version, , , , file]) => [eco, name, version, file].join('\t')).sort(), EXPECTED);

    for (const broken of ['srv/broken/Broken.deps.json', 'srv/broken/Cargo.lock']) {
      // The log is JSON lines or pretty-printed, depending on the log settings.
      const warnings = run.stderr.split('\n').filter((line) => line.includes(`"path":"${broken}"`) || line.trim() === `path: "${broken}"`);
      assert.equal(warnings.length, 1, run.stderr);
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
});
