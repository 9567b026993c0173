// Tests of the go.mod parser against a go.mod written by hand in the form
// `go mod tidy` writes, with the expected requirements read off the text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseGoMod } from '../../src/ecosystems/golang/gomod.js';

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
  assert.deepEqual(parseGoMod('module example.com/empty\n\ngo 1.22\n'), { module: 'example.com/empty', requires: [] });
  assert.deepEqual(parseGoMod(''), { module: '', requires: [] });
});
