// Runs `layerlens vercmp` as a user does: the built CLI, lines on standard
// input, results on standard output and the exit code.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readVectors } from './vectors.js';
import { mainScript, vercmp } from './vercmp-process.js';

for (const scheme of ['dpkg', 'apk']) {
  test(`vercmp ${scheme} writes each vector's order`, () => {
    const rows = readVectors(`${scheme}.tsv`);
    const result = vercmp(['--scheme', scheme], rows.map((row) => `${row.left}\t${row.right}\n`).join(''));

    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stderr, '');
    const lines = result.stdout.split('\n');
    assert.equal(lines.pop(), '', 'output ends with a newline');
    assert.equal(lines.length, rows.length);
    rows.forEach((row, index) => {
      assert.equal(lines[index], row.op, `${row.line} [${row.source}]: ${row.left} ${row.op} ${row.right}`);
    });
  });
}

test('vercmp marks a line without a tab', () => {
  const result = vercmp(['--scheme', 'dpkg'], '1.0\t2.0\n1.0 2.0\n2.0\t1.0\n');
  assert.equal(result.stdout, '<\n!\n>\n');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /line 2: .*no tab.*"1\.0 2\.0"/);
});

test('vercmp marks a line with two tabs', () => {
  const result = vercmp(['--scheme', 'apk'], '1.0\t2.0\t3.0\n');
  assert.equal(result.stdout, '!\n');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /line 1: .*more than one tab/);
});

test('vercmp marks a version dpkg rejects', () => {
  const result = vercmp(['--scheme', 'dpkg'], '1:2.0\t1:2.0\n1:\t2\n2.0\t1.0-\n');
  assert.equal(result.stdout, '=\n!\n!\n');
  assert.equal(result.status, 2);
  assert.match(result.stderr, /line 2: invalid dpkg version "1:": nothing after colon in version number/);
  assert.match(result.stderr, /line 3: invalid dpkg version "1\.0-": revision number is empty/);
});

test('vercmp orders versions dpkg warns about', () => {
  const result = vercmp(['--scheme', 'dpkg'], 'a-0\tb-0\n');
  assert.equal(result.stdout, '<\n');
  assert.equal(result.status, 0);
  assert.match(result.stderr, /line 1: warning: "a-0" is not a valid dpkg version \(version number does not start with digit\)/);
  assert.match(result.stderr, /line 1: warning: "b-0"/);
});

test('vercmp orders invalid apk versions as apk does', () => {
  const result = vercmp(['--scheme', 'apk'], '1.0\t1.0bc\n23_foo\t4_beta\n');
  assert.equal(result.stdout, '<\n>\n');
  assert.equal(result.status, 0);
  assert.match(result.stderr, /line 1: warning: "1\.0bc" is not a valid apk version/);
  assert.match(result.stderr, /line 2: warning: "23_foo" is not a valid apk version/);
});

test('vercmp reads CRLF line ends', () => {
  const result = vercmp(['--scheme', 'dpkg'], '1.0-1\t1.0-2\r\n2:1\t1:2\r\n');
  assert.equal(result.stdout, '<\n>\n');
  assert.equal(result.status, 0);
});

test('vercmp writes nothing for empty input', () => {
  const result = vercmp(['--scheme', 'dpkg'], '');
  assert.equal(result.stdout, '');
  assert.equal(result.status, 0);
});

test('vercmp rejects an unknown scheme', () => {
  const result = vercmp(['--scheme', 'rpmish'], '1\t2\n');
  assert.equal(result.status, 2);
  assert.equal(result.stdout, '');
  assert.match(result.stderr, /unknown version scheme "rpmish"/);
  assert.match(result.stderr, /apk/);
  assert.match(result.stderr, /dpkg/);
});

test('vercmp rejects --range for dpkg and apk', () => {
  for (const scheme of ['dpkg', 'apk']) {
    const result = vercmp(['--scheme', scheme, '--range'], '1\t>= 1\n');
    assert.equal(result.status, 2, scheme);
    assert.equal(result.stdout, '', scheme);
    assert.match(result.stderr, new RegExp(`scheme ${scheme} has no range syntax`));
  }
});

test('vercmp streams a large input', () => {
  const rows = readVectors('dpkg.tsv');
  const repeats = 2000;
  const block = rows.map((row) => `${row.left}\t${row.right}\n`).join('');
  const result = vercmp(['--scheme', 'dpkg'], block.repeat(repeats));

  assert.equal(result.status, 0, result.stderr);
  const expected = rows.map((row) => `${row.op}\n`).join('').repeat(repeats);
  assert.equal(result.stdout.length, expected.length, 'one result per line');
  assert.ok(result.stdout === expected, 'every result matches its vector');
});

test('vercmp stops quietly when the reader closes', async () => {
  const child = spawn(process.execPath, [mainScript, 'vercmp', '--scheme', 'dpkg'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderr += chunk;
  });
  // The child may stop reading before all input is written.
  child.stdin.on('error', () => {});
  child.stdin.end('1.0-1\t1.0-2\n'.repeat(500_000));

  const [firstChunk] = (await once(child.stdout, 'data')) as [Buffer];
  child.stdout.destroy();
  const [status] = (await once(child, 'close')) as [number | null];

  assert.equal(firstChunk.toString('utf8').split('\n')[0], '<');
  assert.equal(status, 0, stderr);
  assert.doesNotMatch(stderr, /internal error/);
});
