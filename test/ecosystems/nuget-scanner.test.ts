// The NuGet scanner on deps.json files built in the test, in the form
// `dotnet publish` writes them: which paths it requests and which packages it lists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NugetScanner } from '../../src/ecosystems/nuget/scanner.js';
import type { LayerFile } from '../../src/indexer/types.js';
import { DEPS_JSON } from './lang-samples.js';

const scanner = new NugetScanner();

const file = (path: string, text: string): LayerFile => ({ path, contents: Buffer.from(text) });

const WANTS: Array<[string, boolean]> = [
  ['app/WebApp.deps.json', true],
  ['usr/share/dotnet/shared/Microsoft.NETCore.App/8.0.0/Microsoft.NETCore.App.deps.json', true],
  ['app/WebApp.runtimeconfig.json', false],
  ['app/.deps.json', false],
  ['app/WebApp.deps.json.bak', false],
];

for (const [path, wanted] of WANTS) {
  test(`nuget wants ${path}: ${wanted}`, () => {
    assert.equal(scanner.wants(path), wanted);
  });
}

test('libraries of type package, split into name and version', () => {
  const findings = scanner.scan([file('app/WebApp.deps.json', DEPS_JSON)]);

  assert.equal(findings.scanner, 'nuget');
  assert.deepEqual(findings.databases, ['app/WebApp.deps.json']);
  assert.deepEqual(findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.path]), [
    ['nuget', 'Newtonsoft.Json', '13.0.1', 'app/WebApp.deps.json'],
    ['nuget', 'Serilog', '3.1.1', 'app/WebApp.deps.json'],
  ]);
});

test('malformed deps.json files list nothing and keep their path', () => {
  const files = [
    file('a/A.deps.json', '{"libraries": {'),
    file('b/B.deps.json', '[]'),
    file('c/C.deps.json', 'null'),
    file('d/D.deps.json', '{"libraries": {"NoVersion": {"type": "package"}, "/1.0": {"type": "package"}, "X/2.0": null}}'),
  ];
  const findings = scanner.scan(files);

  assert.deepEqual(findings.packages, []);
  assert.deepEqual(findings.databases, files.map((f) => f.path));
});
