// Cross-checks the rpm scheme against the rpm binary of this machine, an
// oracle independent of the vector files: Lua's rpm.vercmp parses both
// sides as [epoch:]version[-release] and orders them as labelCompare does.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { rpmScheme, rpmvercmp } from '../../src/ecosystems/rpm/version.js';
import { rpmVersionPair } from './rpm-arbitraries.js';
import { sign } from './vectors.js';

const rpmMissing = spawnSync('rpm', ['--version']).error !== undefined;
const skip = rpmMissing ? 'rpm is not installed on this machine, so there is no oracle to compare with' : false;

// Reads tab-separated pairs and prints rpm.vercmp's result for each, or
// `!` where rpm rejects a side. The file paths are filled in below.
const LUA_SCRIPT = `
local pairs_file = io.open([[PAIRS]])
local results = {}
for line in pairs_file:lines() do
  local tab = string.find(line, '\\t', 1, true)
  local ok, result = pcall(rpm.vercmp, string.sub(line, 1, tab - 1), string.sub(line, tab + 1))
  results[#results + 1] = ok and tostring(result) or '!'
end
pairs_file:close()
local out = io.open([[RESULTS]], 'w')
out:write(table.concat(results, '\\n'))
out:close()
`;

/** Returns rpm's verdict for each pair, in one rpm process: -1, 0, 1, or `!` when rpm rejects a side. */
function rpmVerdicts(pairs: Array<[string, string]>): string[] {
  const folder = mkdtempSync(path.join(os.tmpdir(), 'layerlens-rpm-'));
  try {
    const pairsPath = path.join(folder, 'pairs.tsv');
    const resultsPath = path.join(folder, 'results.txt');
    const scriptPath = path.join(folder, 'vercmp.lua');
    writeFileSync(pairsPath, pairs.map(([a, b]) => `${a}\t${b}\n`).join(''));
    writeFileSync(scriptPath, LUA_SCRIPT.replace('PAIRS', pairsPath).replace('RESULTS', resultsPath));

    const run = spawnSync('rpm', ['--eval', `%{lua: dofile([[${scriptPath}]])}`], { encoding: 'utf8' });
    if (run.error) throw run.error;
    assert.equal(run.status, 0, `rpm --eval failed: ${run.stderr}`);
    return spawnSync('cat', [resultsPath], { encoding: 'utf8' }).stdout.split('\n');
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

// Pairs the generator does not reach: long numbers, letters against
// digits, separators alone, releases with tildes and carets.
const handPicked: Array<[string, string]> = [
  ['1.0', '1.0-1'],
  ['1:1.0', '1.0-99'],
  ['0010:1', '10:1'],
  ['18446744073709551616', '18446744073709551615'],
  ['1.0^~', '1.0'],
  ['1.0~^', '1.0~'],
  ['1.0a', '1.0.a'],
  ['1a', '1.0'],
  ['+', '_'],
  ['1.0-1~beta', '1.0-1'],
  ['1.0-1^post', '1.0-1'],
  ['1.0-1-2', '1.0-1'],
  ['1.1.αα', '1.1.β'],
  ['2:1.2.3-4.el8_6', '2:1.2.3-4.el8'],
];

test('rpm binary agrees on version pairs', { skip }, () => {
  // A cut version with a new tail can end in a hyphen or colon. rpm still
  // orders such a version but the scheme rejects it, so the pair is left out.
  const generated = fc.sample(rpmVersionPair, { seed: 418, numRuns: 400 })
    .filter(([a, b]) => rpmScheme.isValid(a) && rpmScheme.isValid(b));
  assert.ok(generated.length >= 300, `${generated.length} generated pairs are valid`);
  const pairs = [...handPicked, ...generated];
  const verdicts = rpmVerdicts(pairs);

  pairs.forEach(([a, b], index) => {
    const label = `rpm.vercmp("${a}", "${b}") = ${verdicts[index]}`;
    assert.equal(rpmScheme.isValid(a) && rpmScheme.isValid(b), true, `${label}: both sides are valid`);
    assert.equal(String(sign(rpmScheme.compare(a, b))), verdicts[index], label);
    if (!/[-:]/.test(a + b)) assert.equal(String(sign(rpmvercmp(a, b))), verdicts[index], `${label}, as bare rpmvercmp`);
  });
});

test('rpm binary rejects what the scheme rejects', { skip }, () => {
  // rpm.vercmp rejects only an empty version. The scheme rejects more (see
  // isValid), so this checks the one case both reject.
  const verdicts = rpmVerdicts([['', '1.0'], ['1.0', '']]);
  assert.deepEqual(verdicts, ['!', '!']);
  assert.equal(rpmScheme.isValid(''), false);
});
