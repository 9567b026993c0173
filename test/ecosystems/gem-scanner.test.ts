// The RubyGems scanner on specification files built in the test, in the form
// `gem install` writes them: which paths it requests and what it reads.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { GemScanner } from '../../src/ecosystems/rubygems/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { namesAfterChanges } from './layers.js';
import { RACK_SPEC } from './lang-samples.js';

const scanner = new GemScanner();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

// As older RubyGems wrote them, without `.freeze`.
const JSON_SPEC = `# -*- encoding: utf-8 -*-

Gem::Specification.new do |s|
  s.name = "json"
  s.version = "2.6.3"
  s.rubygems_version = "2.7.6"
end
`;

const WANTS: Array<[string, boolean]> = [
  ['usr/local/bundle/specifications/rack-2.2.3.gemspec', true],
  ['var/lib/gems/3.1.0/specifications/json-2.6.3.gemspec', true],
  ['usr/local/lib/ruby/gems/3.2.0/specifications/default/json-2.6.3.gemspec', true],
  ['usr/local/bundle/gems/rack-2.2.3/rack.gemspec', false],
  ['usr/local/bundle/specifications/rack-2.2.3.gemspec.bak', false],
  ['usr/local/bundle/specifications/.gemspec', false],
  ['specifications/rack-2.2.3.gemspec', true],
];

for (const [path, wanted] of WANTS) {
  test(`gem wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('name and version of both specification forms', () => {
  const findings = scanner.scan([
    file('usr/local/bundle/specifications/rack-2.2.3.gemspec', RACK_SPEC),
    file('var/lib/gems/3.1.0/specifications/json-2.6.3.gemspec', JSON_SPEC),
  ]);

  assert.equal(findings.scanner, 'gem');
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.sourceName, p.path]), [
    ['gem', 'rack', '2.2.3', '', 'usr/local/bundle/specifications/rack-2.2.3.gemspec'],
    ['gem', 'json', '2.6.3', '', 'var/lib/gems/3.1.0/specifications/json-2.6.3.gemspec'],
  ]);
});

test('malformed specification skipped with its path kept as a database', () => {
  const files = [
    file('a/specifications/broken-1.gemspec', 'Gem::Specification.new do |s|\n  s.name = "broken".freeze\n'),
    file('a/specifications/binary-1.gemspec', '\u0000\u0001\u00ff not ruby'),
    file('a/specifications/rack-2.2.3.gemspec', RACK_SPEC),
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages.map((p) => p.name), ['rack']);
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});

test('a whiteout of one specification removes that gem only', () => {
  const lower = scanner.scan([
    file('g/specifications/rack-2.2.3.gemspec', RACK_SPEC),
    file('g/specifications/json-2.6.3.gemspec', JSON_SPEC),
  ]);
  const names = namesAfterChanges(lower, { whiteouts: ['g/specifications/json-2.6.3.gemspec'], opaqueDirs: [] }, scanner.scan([]));
  assert.deepEqual(names, ['rack']);
});
