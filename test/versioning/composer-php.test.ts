// Checks the composer port against composer/semver itself, run by PHP, when
// both are installed (Debian: php-cli and php-composer-semver). Skipped
// otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { formatComposerConstraint } from '../../src/ecosystems/composer/constraint.js';
import { phpVersionCompare } from '../../src/ecosystems/composer/php-version-compare.js';
import { composerComparator, satisfiesComposer } from '../../src/ecosystems/composer/version.js';
import { normalizeVersion, parseConstraints } from '../../src/ecosystems/composer/version-parser.js';
import { anyVersion, constraint, namedBranch } from './composer-arbitraries.js';
import { readVectors } from './vectors.js';
import { unescapeField } from './vector-escapes.js';

const AUTOLOAD = process.env.COMPOSER_SEMVER_AUTOLOAD ?? '/usr/share/php/Composer/Semver/autoload.php';

// Reads one JSON query per line and writes composer's result, or the
// message of the exception it threw, as one JSON line.
const HARNESS = `<?php
require getenv('COMPOSER_SEMVER_AUTOLOAD');
use Composer\\Semver\\{Comparator, Semver, VersionParser};
$parser = new VersionParser();
while (($line = fgets(STDIN)) !== false) {
  $query = json_decode($line, true);
  try {
    switch ($query['kind']) {
      case 'normalize': $result = $parser->normalize($query['version']); break;
      case 'parse': $result = (string) $parser->parseConstraints($query['range']); break;
      case 'satisfies': $result = Semver::satisfies($query['version'], $query['range']); break;
      case 'version_compare': $result = version_compare($query['a'], $query['b']); break;
      case 'comparator': $result = [Comparator::lessThan($query['a'], $query['b']), Comparator::equalTo($query['a'], $query['b']), Comparator::greaterThan($query['a'], $query['b'])]; break;
    }
    echo json_encode(['result' => $result]), "\\n";
  } catch (\\Exception $e) {
    echo json_encode(['error' => $e->getMessage()]), "\\n";
  }
}
`;

type Query =
  | { kind: 'normalize'; version: string }
  | { kind: 'parse'; range: string }
  | { kind: 'satisfies'; version: string; range: string }
  | { kind: 'version_compare' | 'comparator'; a: string; b: string };

type Reply = { result: unknown } | { error: string };

function referenceAvailable(): boolean {
  const probe = spawnSync('php', ['-r', `require '${AUTOLOAD}'; echo class_exists('Composer\\\\Semver\\\\Semver') ? 'yes' : 'no';`], { encoding: 'utf8' });
  return probe.status === 0 && probe.stdout === 'yes';
}

/** Runs the queries through PHP in one process and returns its replies in order. */
function askComposer(queries: Query[]): Reply[] {
  const directory = mkdtempSync(path.join(os.tmpdir(), 'layerlens-composer-'));
  try {
    const harness = path.join(directory, 'harness.php');
    writeFileSync(harness, HARNESS);
    const result = spawnSync('php', [harness], {
      input: queries.map((query) => JSON.stringify(query)).join('\n') + '\n',
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
      env: { ...process.env, COMPOSER_SEMVER_AUTOLOAD: AUTOLOAD },
    });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trimEnd().split('\n').map((line) => JSON.parse(line) as Reply);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

/** Returns what the port.results, in the harness's shape. */
function askPort(query: Query): Reply {
  try {
    switch (query.kind) {
      case 'normalize': return { result: normalizeVersion(query.version) };
      case 'parse': return { result: formatComposerConstraint(parseConstraints(query.range)) };
      case 'satisfies': return { result: satisfiesComposer(query.version, query.range) };
      case 'version_compare': return { result: phpVersionCompare(query.a, query.b) };
      case 'comparator':
        return { result: (['<', '==', '>'] as const).map((operator) => composerComparator(query.a, operator, query.b)) };
    }
  } catch (err) {
    return { error: (err as Error).message };
  }
}

function sameReply(reference: Reply, port: Reply): boolean {
  if ('error' in reference) return 'error' in port;
  return 'result' in port && JSON.stringify(port.result) === JSON.stringify(reference.result);
}

function generatedQueries(): Query[] {
  const settings = { seed: 20261204, numRuns: 1500 };
  const versions = fc.sample(fc.oneof(anyVersion, namedBranch), settings);
  const others = fc.sample(fc.oneof(anyVersion, namedBranch), { ...settings, seed: settings.seed + 1 });
  const ranges = fc.sample(constraint, settings);

  return versions.flatMap((version, index): Query[] => [
    { kind: 'normalize', version },
    { kind: 'parse', range: ranges[index]! },
    { kind: 'satisfies', version, range: ranges[index]! },
    { kind: 'version_compare', a: version, b: others[index]! },
    { kind: 'comparator', a: version, b: others[index]! },
  ]);
}

function vectorQueries(): Query[] {
  const queries: Query[] = readVectors('composer.tsv').map((row) => ({ kind: 'comparator', a: row.left!, b: row.right! }));
  for (const row of readVectors('composer-ranges.tsv')) {
    queries.push({ kind: 'satisfies', version: unescapeField(row.version!), range: unescapeField(row.range!) });
  }
  return queries;
}

test('composer port agrees with composer/semver', { skip: referenceAvailable() ? false : `PHP or ${AUTOLOAD} is missing` }, () => {
  const queries = [...vectorQueries(), ...generatedQueries()];
  const replies = askComposer(queries);
  assert.equal(replies.length, queries.length);

  const disagreements = queries
    .map((query, index) => ({ query, reference: replies[index]!, port: askPort(query) }))
    .filter(({ reference, port }) => !sameReply(reference, port));
  assert.deepEqual(disagreements.slice(0, 5), [], `${disagreements.length} of ${queries.length} queries disagree`);
});
