import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedPath } from '../shared.js';
import { INVENTORY_TSV_COLUMNS, formatInventoryJson, formatInventoryTable, formatInventoryTsv } from '../../src/report/inventory.js';
import type { Ecosystem, ImagePackage } from '../../src/indexer/types.js';
import { BOOKWORM, LAYER_BASE, LAYER_TOP, deb, indexReport } from '../matcher/fixtures.js';

/** Packages of a ground-truth TSV (without a layer column), in reverse order, each given a layer. */
function packagesFromGroundTruth(file: string): { header: string; rows: string[]; packages: ImagePackage[] } {
  const [header, ...rows] = fs.readFileSync(file, 'utf8').trimEnd().split('\n');
  const packages = rows.map((row, i) => {
    const [ecosystem, name, version, sourceName, sourceVersion, path] = row.split('\t');
    return { ecosystem: ecosystem as Ecosystem, name, version, sourceName, sourceVersion, arch: '', path, layer: i % 2 ? LAYER_TOP : LAYER_BASE };
  });
  return { header, rows, packages: packages.reverse() };
}

test('TSV header is the contract', () => {
  const tsv = formatInventoryTsv(indexReport(BOOKWORM, []));
  assert.equal(tsv, 'ecosystem\tname\tversion\tsource_name\tsource_version\tlayer\tpath\n');
  assert.deepEqual([...INVENTORY_TSV_COLUMNS], ['ecosystem', 'name', 'version', 'source_name', 'source_version', 'layer', 'path']);
});

test('TSV rows match ground truth', () => {
  // The ground-truth lists have every column but `layer`, sorted the same way.
  for (const image of ['debian-multilayer', 'debian-kitchen-sink']) {
    const truth = packagesFromGroundTruth(sharedPath('images', `${image}.packages.tsv`));
    const lines = formatInventoryTsv(indexReport(BOOKWORM, truth.packages)).trimEnd().split('\n');

    assert.equal(lines.length, truth.rows.length + 1, image);
    const withoutLayer = lines.slice(1).map((line) => {
      const cells = line.split('\t');
      assert.equal(cells.length, 7, line);
      assert.match(cells[5], /^sha256:[0-9a-f]{64}$/, line);
      return [...cells.slice(0, 5), cells[6]].join('\t');
    });
    assert.deepEqual(withoutLayer, truth.rows, image);
  }
});

test('TSV keeps the introducing layer', () => {
  const tsv = formatInventoryTsv(indexReport(BOOKWORM, [deb('curl', '7.88.1-10+deb12u4', undefined, LAYER_TOP)]));
  assert.equal(tsv.split('\n')[1], `deb\tcurl\t7.88.1-10+deb12u4\tcurl\t7.88.1-10+deb12u4\t${LAYER_TOP}\tvar/lib/dpkg/status`);
});

test('TSV values lose tabs and newlines', () => {
  const odd = { ...deb('odd', '1.0'), path: 'opt/a\tb/package.json', sourceName: 'line\nbreak' };
  const row = formatInventoryTsv(indexReport(BOOKWORM, [odd])).split('\n')[1];
  assert.equal(row.split('\t').length, 7);
  assert.ok(row.includes('line break'));
  assert.ok(row.endsWith('opt/a b/package.json'));
});

test('inventory table and JSON', () => {
  const report = indexReport(BOOKWORM, [
    deb('bsdutils', '1:2.38.1-5+b1', { name: 'util-linux', version: '2.38.1-5' }),
    deb('bash', '5.2.15-2+b2', { name: 'bash', version: '5.2.15-2' }),
  ]);

  const table = formatInventoryTable(report);
  assert.match(table, /ECOSYSTEM.*NAME.*VERSION.*SOURCE.*LAYER.*PATH/);
  assert.ok(table.indexOf('bash') < table.indexOf('bsdutils'));
  assert.match(table, /util-linux 2\.38\.1-5/);
  assert.match(table, /f9e65c07cd6a/);
  assert.ok(table.trimEnd().endsWith('2 packages'));
  assert.equal(formatInventoryTable(indexReport(BOOKWORM, [])), 'No packages found\n');

  const json = JSON.parse(formatInventoryJson(report)) as { state: string; packages: Record<string, { name: string }> };
  assert.equal(json.state, 'IndexFinished');
  assert.deepEqual(Object.values(json.packages).map((pkg) => pkg.name).sort(), ['bash', 'bsdutils']);
});
