// Tests of the go.mod and go.sum readers and of the Go scanner on images
// that carry them. The go.mod and go.sum files are written by hand in the
// form `go mod tidy` writes, and the expected modules are read off the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { captureLogs, LEVEL } from '../image/tar-fixtures.js';
import { indexLayers, withSqliteStore } from '../indexer/index-helpers.js';
import { listsIndirectRequirements, parseGoMod, parseGoSum } from '../../src/ecosystems/golang/gomod.js';
import { GolangScanner } from '../../src/ecosystems/golang/scanner.js';
import type { IndexReport } from '../../src/indexer/types.js';

const logs = captureLogs();

const GO_MOD = [
  'module example.com/tool // the tool',
  '',
  'go 1.21',
  '',
  'require github.com/spf13/cobra v1.7.0',
  '',
  'require (',
  '\tgolang.org/x/net v0.7.0',
  '\tgolang.org/x/text v0.3.0 // indirect',
  '\t"example.com/quoted" v1.0.0',
  '\texample.com/internal/lib v0.0.0',
  ')',
  '',
  'replace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0',
  'replace (',
  '\tgolang.org/x/text => github.com/fork/text v0.14.1',
  '\texample.com/internal/lib => ../lib',
  '\tgithub.com/spf13/cobra v1.6.0 => github.com/other/cobra v9.9.9',
  ')',
  '',
].join('\n');

test('go.mod module and requirements', () => {
  const parsed = parseGoMod(GO_MOD);

  assert.equal(parsed.module, 'example.com/tool');
  assert.deepEqual(parsed.requires, [
    { path: 'github.com/spf13/cobra', version: 'v1.7.0', indirect: false },
    { path: 'golang.org/x/net', version: 'v0.17.0', indirect: false },
    { path: 'github.com/fork/text', version: 'v0.14.1', indirect: true },
    { path: 'example.com/quoted', version: 'v1.0.0', indirect: false },
    { path: 'example.com/internal/lib', version: '', indirect: false },
  ]);
});

test('go.mod without requirements', () => {
  assert.deepEqual(parseGoMod('module example.com/empty\n\ngo 1.22\n'), { module: 'example.com/empty', goVersion: '1.22', requires: [] });
  assert.deepEqual(parseGoMod(''), { module: '', goVersion: '', requires: [] });
});

test('go.mod go directive', () => {
  assert.equal(parseGoMod('module example.com/m\n\ngo 1.16\n').goVersion, '1.16');
  assert.equal(parseGoMod('module example.com/m\ngo 1.22.0 // pinned\ntoolchain go1.22.3\n').goVersion, '1.22.0');
  assert.equal(parseGoMod('module example.com/m\n').goVersion, '');
});

test('go directive lists indirect requirements', () => {
  const cases: [string, boolean][] = [
    ['', false], ['1.11', false], ['1.16', false], ['1.17', true], ['1.21', true], ['1.22.0', true], ['1.22rc1', true],
  ];
  for (const [goVersion, expected] of cases) {
    assert.equal(listsIndirectRequirements(goVersion), expected, goVersion);
  }
});

test('go.sum highest version per module', () => {
  const sum = parseGoSum([
    'github.com/pkg/errors v0.8.0/go.mod h1:W1mZWr8IBA+1UMi6jkvK0UQSSUYOUX1zlLPxhGHzUtM=',
    'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=',
    'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=',
    '',
    'gopkg.in/yaml.v2 v2.2.8/go.mod h1:hI93XBmqTisBFMUTm0b8Fm+jr3Dg1NNxqwp+5A1VGuI=',
  ].join('\n'));
  assert.deepEqual([...sum], [['github.com/pkg/errors', 'v0.9.1'], ['gopkg.in/yaml.v2', 'v2.2.8']]);
});

// --- go.mod and go.sum in images --------------------------------------------

/** A Go 1.21 application: go.mod lists every module, so go.sum is not read. */
const APP_GO_MOD = [
  'module example.com/app',
  '',
  'go 1.21',
  '',
  'require (',
  '\tgithub.com/spf13/cobra v1.7.0',
  '\tgolang.org/x/net v0.7.0',
  ')',
  '',
  'require (',
  '\tgithub.com/inconshreveable/mousetrap v1.1.0 // indirect',
  '\texample.com/internal/lib v0.0.0',
  ')',
  '',
  'replace golang.org/x/net v0.7.0 => golang.org/x/net v0.17.0',
  '',
  'replace example.com/internal/lib => ../lib',
  '',
].join('\n');

const APP_GO_SUM = [
  'github.com/spf13/cobra v1.7.0 h1:hyqWnYt1ZQShIddO5kBpj3vu05/++x6tJ6dg8EC572I=',
  'github.com/spf13/cobra v1.7.0/go.mod h1:uLxZILRyS/50WlhOIKD7W6V5bgeIt+4sICxh6uRMrb0=',
  'github.com/spf13/pflag v1.0.5 h1:iy+VFUOCP1a+8yFto/drg2CJ5u0yRoB7fZw3DKv/JXA=',
  '',
].join('\n');

/** A Go 1.16 application: its go.mod leaves out indirect modules, which go.sum records. */
const LEGACY_GO_MOD = 'module example.com/legacy\n\ngo 1.16\n\nrequire github.com/pkg/errors v0.9.1\n';

const LEGACY_GO_SUM = [
  'example.com/legacy v0.1.0/go.mod h1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=',
  'github.com/pkg/errors v0.8.0/go.mod h1:W1mZWr8IBA+1UMi6jkvK0UQSSUYOUX1zlLPxhGHzUtM=',
  'github.com/pkg/errors v0.9.1 h1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=',
  'github.com/pkg/errors v0.9.1/go.mod h1:bwawxfHBFNV+L2hUp1rHADufV3IMtnDRdf1r5NINEl0=',
  'golang.org/x/sys v0.0.0-20200930185726-fdedc70b468f h1:+Nyd8tzPX9R7BWHguqsrbFdRx3WQ/1ib8I44HXV5yTA=',
  'golang.org/x/sys v0.0.0-20200930185726-fdedc70b468f/go.mod h1:h1NjWce9XRLGQEsW7wpKNCjG9DtNlClVuFLEZdDNbEs=',
  'gopkg.in/yaml.v2 v2.2.8/go.mod h1:hI93XBmqTisBFMUTm0b8Fm+jr3Dg1NNxqwp+5A1VGuI=',
  'gopkg.in/yaml.v2 v2.4.0 h1:D8xgwECY7CYvx+Y2n4sBz93Jn9JRvxdiyyo8CTfuKaY=',
  'gopkg.in/yaml.v2 v2.4.0/go.mod h1:RDklbk79AGWmwhnvt/jBztapEOGDOx6ZbXqjP6csGnQ=',
  '',
].join('\n');

const NEEDS_DEPENDENCY = (module: string) => `module ${module}\n\ngo 1.21\n\nrequire github.com/must/not-appear v6.6.6\n`;

/** One layer with go.mod files that are read and go.mod files that are not. */
const MODULE_LAYER: Record<string, string> = {
  'go.mod': 'module example.com/root\n\ngo 1.22.0\n\nrequire github.com/google/uuid v1.3.0\n',
  'src/app/go.mod': APP_GO_MOD,
  'src/app/go.sum': APP_GO_SUM,
  'src/legacy/go.mod': LEGACY_GO_MOD,
  'src/legacy/go.sum': LEGACY_GO_SUM,
  // Not read: a go.sum alone, dependencies' own go.mod files, Go's source tree and test data.
  'srv/orphan/go.sum': APP_GO_SUM,
  'src/app/vendor/github.com/spf13/cobra/go.mod': NEEDS_DEPENDENCY('github.com/spf13/cobra'),
  'root/go/pkg/mod/github.com/spf13/cobra@v1.7.0/go.mod': NEEDS_DEPENDENCY('github.com/spf13/cobra'),
  'usr/local/go/src/go.mod': 'module std\n\ngo 1.21\n\nrequire golang.org/x/crypto v0.11.1-0.20230711161743-2e82bdd1719d\n',
  'usr/local/go/src/crypto/internal/bigmod/_asm/go.mod': NEEDS_DEPENDENCY('asm'),
  'src/app/testdata/go.mod': NEEDS_DEPENDENCY('example.com/fixture'),
  'src/app/.cache/go.mod': NEEDS_DEPENDENCY('example.com/cache'),
  // Invalid: no module directive.
  'srv/broken/go.mod': 'require github.com/must/not-appear v6.6.6\n',
};

/** Rows read off MODULE_LAYER by hand, as `name version path`. */
const ROOT_ROWS = ['github.com/google/uuid v1.3.0 go.mod'];
const APP_ROWS = [
  'github.com/inconshreveable/mousetrap v1.1.0 src/app/go.mod',
  'github.com/spf13/cobra v1.7.0 src/app/go.mod',
  'golang.org/x/net v0.17.0 src/app/go.mod',
];
const LEGACY_ROWS = [
  'github.com/pkg/errors v0.9.1 src/legacy/go.mod',
  'golang.org/x/sys v0.0.0-20200930185726-fdedc70b468f src/legacy/go.mod',
  'gopkg.in/yaml.v2 v2.4.0 src/legacy/go.mod',
];

function golangRows(report: IndexReport): string[] {
  return report.packages.filter((p) => p.ecosystem === 'golang').map((p) => `${p.name} ${p.version} ${p.path}`).sort();
}

test('scanner requests go.mod, go.sum outside caches', () => {
  const scanner = new GolangScanner();
  for (const path of Object.keys(MODULE_LAYER)) {
    const expected = !/vendor|pkg\/mod|_asm|testdata|\.cache/.test(path);
    assert.equal(scanner.wants(path), expected, path);
  }
  assert.equal(scanner.wants('src/app/go.mod.orig'), false);
  assert.equal(scanner.wants('src/app/notgo.mod'), false);
});

test('image go.mod modules, replacements applied', () => withSqliteStore(async (store) => {
  const before = logs.length;
  const report = await indexLayers(store, [MODULE_LAYER], [new GolangScanner()]);

  assert.deepEqual(golangRows(report), [...ROOT_ROWS, ...APP_ROWS, ...LEGACY_ROWS].sort());

  const warnings = logs.slice(before).filter((line) => line.level === LEVEL.warn);
  assert.deepEqual(warnings.map((line) => line.path), ['srv/broken/go.mod']);
  assert.equal(warnings[0].msg, 'missing module directive in go.mod, file skipped');
}));

test('image go.mod whiteout removes its modules', () => withSqliteStore(async (store) => {
  const upper = { 'src/legacy/.wh.go.mod': '', 'src/app/go.mod': 'module example.com/app\n\ngo 1.22\n' };
  const report = await indexLayers(store, [MODULE_LAYER, upper]);

  // The rewritten app go.mod requires nothing, and the legacy go.mod is deleted.
  assert.deepEqual(golangRows(report), ROOT_ROWS);
}));
