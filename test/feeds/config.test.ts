// The configuration file: every key read, defaults, and errors that name
// the key and the fix.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { defaultConfig, loadConfig, parseConfig, parseDuration } from '../../src/config.js';
import { UserError } from '../../src/errors.js';
import { makeTempDir } from './helpers.js';

const dir = makeTempDir();
after(() => fs.rmSync(dir, { recursive: true, force: true }));

function writeConfig(name: string, text: string): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, text);
  return file;
}

describe('config file', () => {
  test('every key is read', () => {
    const file = writeConfig(
      'full.yaml',
      [
        'updaters:',
        '  sets: [debian, alpine-secdb]',
        '  retention: 5',
        '  timeout: 2m',
        '  connect_timeout: 10s',
        '  retries: 0',
        '  config:',
        '    alpine-secdb:',
        '      url: http://127.0.0.1:8080/alpine',
        '      interval: 1h30m',
        '      branches: [v3.19, edge]',
        '    debian-dsa:',
        'matcher:',
        '  match_os_owned: true',
        'db:',
        '  max_age: 12h',
        '',
      ].join('\n'),
    );
    const config = loadConfig(file);
    assert.equal(config.file, file);
    assert.deepEqual(config.updaters.sets, ['debian', 'alpine-secdb']);
    assert.equal(config.updaters.retention, 5);
    assert.equal(config.updaters.timeout, 120_000);
    assert.equal(config.updaters.connectTimeout, 10_000);
    assert.equal(config.updaters.retries, 0);
    assert.deepEqual(config.updaters.config['alpine-secdb'], {
      url: 'http://127.0.0.1:8080/alpine',
      interval: 5_400_000,
      options: { branches: ['v3.19', 'edge'] },
    });
    assert.deepEqual(config.updaters.config['debian-dsa'], { url: undefined, interval: undefined, options: {} });
    assert.equal(config.matcher.matchOsOwned, true);
    assert.equal(config.db.maxAge, 12 * 3_600_000);
  });

  test('no file gives defaults', () => {
    const saved = process.env.LAYERLENS_CONFIG;
    delete process.env.LAYERLENS_CONFIG;
    try {
      assert.deepEqual(loadConfig(), defaultConfig());
    } finally {
      if (saved !== undefined) process.env.LAYERLENS_CONFIG = saved;
    }
    const config = defaultConfig();
    assert.equal(config.updaters.retention, 3);
    assert.equal(config.db.maxAge, 24 * 3_600_000);
    assert.equal(config.matcher.matchOsOwned, false);
    assert.equal(config.updaters.sets, undefined);
  });

  test('empty file gives defaults', () => {
    const config = loadConfig(writeConfig('empty.yaml', ''));
    assert.deepEqual({ ...config, file: undefined }, { ...defaultConfig(), file: undefined });
  });

  const INVALID: Array<{ name: string; document: unknown; message: RegExp }> = [
    { name: 'unknown top-level key', document: { updater: {} }, message: /updater is not a known key; use one of updaters, matcher, db/ },
    { name: 'unknown updaters key', document: { updaters: { retension: 2 } }, message: /updaters\.retension is not a known key/ },
    { name: 'retention below one', document: { updaters: { retention: 0 } }, message: /updaters\.retention is 0; write a whole number of at least 1/ },
    { name: 'retention not a number', document: { updaters: { retention: 'three' } }, message: /updaters\.retention is "three"/ },
    { name: 'duration without unit', document: { db: { max_age: 24 } }, message: /db\.max_age is 24, not a duration; write a duration such as 24h/ },
    { name: 'duration text', document: { db: { max_age: 'a day' } }, message: /db\.max_age is "a day", not a duration/ },
    { name: 'sets not a list', document: { updaters: { sets: 'debian' } }, message: /updaters\.sets is "debian"; write a list of names/ },
    { name: 'mirror not http', document: { updaters: { config: { 'debian-dsa': { url: 'ftp://mirror/list' } } } }, message: /updaters\.config\.debian-dsa\.url is "ftp:\/\/mirror\/list", not an http or https URL/ },
    { name: 'interval invalid', document: { updaters: { config: { 'debian-dsa': { interval: 'soon' } } } }, message: /updaters\.config\.debian-dsa\.interval is "soon"/ },
    { name: 'updater settings a list', document: { updaters: { config: { 'debian-dsa': ['x'] } } }, message: /updaters\.config\.debian-dsa is a list; write a mapping/ },
    { name: 'match_os_owned not boolean', document: { matcher: { match_os_owned: 'yes please' } }, message: /matcher\.match_os_owned is "yes please"; write true or false/ },
    { name: 'top level a list', document: ['updaters'], message: /the top level is a list; write a mapping/ },
  ];

  for (const { name, document, message } of INVALID) {
    test(`rejects ${name}`, () => {
      assert.throws(
        () => parseConfig(document, 'layerlens.yaml'),
        (err: unknown) => {
          assert.ok(err instanceof UserError);
          assert.equal(err.code, 'INVALID_CONFIG');
          assert.match(err.message, /^config file layerlens\.yaml: /);
          assert.match(err.message, message);
          return true;
        },
      );
    });
  }

  test('rejects invalid YAML with its line', () => {
    const file = writeConfig('broken.yaml', 'updaters:\n  sets: [debian\n');
    assert.throws(() => loadConfig(file), new RegExp(`config file ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} line \\d+: invalid YAML`));
  });

  test('rejects missing file', () => {
    const file = path.join(dir, 'missing.yaml');
    assert.throws(() => loadConfig(file), { code: 'INVALID_CONFIG', message: `config file ${file}: not found; give the path of a YAML file with --config FILE` });
  });
});

describe('parseDuration', () => {
  const CASES: Array<[string, number | undefined]> = [
    ['24h', 86_400_000],
    ['90m', 5_400_000],
    ['1h30m', 5_400_000],
    ['45s', 45_000],
    ['500ms', 500],
    ['7d', 604_800_000],
    ['1.5h', 5_400_000],
    ['', undefined],
    ['24', undefined],
    ['h', undefined],
    ['1w', undefined],
    ['-1h', undefined],
  ];
  for (const [text, expected] of CASES) {
    test(`duration ${JSON.stringify(text)}`, () => {
      assert.equal(parseDuration(text), expected);
    });
  }
});
