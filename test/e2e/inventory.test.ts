// `layerlens inventory --format tsv` on the shared Debian images, compared
// with the ground-truth package lists written from the merged root
// filesystems that umoci unpacked, and with the layer digests the images'
// README lists.
import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { describeResult, makeTempDir, runWithDb, storeRowCounts } from './cli.js';

const OCI = sharedPath('images', 'debian-images.oci.tar');
const DOCKER = sharedPath('images', 'debian-images.docker-archive.tar.gz');

const HEADER = 'ecosystem\tname\tversion\tsource_name\tsource_version\tlayer\tpath';

/**
 * Layer digests per image from the images' README: the gzip blob digests of
 * the OCI archive, and the diff_ids under which the docker-archive stores
 * its uncompressed layers.
 */
const LAYERS: Record<string, { oci: string[]; docker?: string[] }> = {
  'debian-bookworm-minbase': {
    oci: ['sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b'],
    docker: ['sha256:e7b697e5a242af409668f6d7914d5651da0a3d1b1c0cd7ccc517861c00724dae'],
  },
  'debian-multilayer': {
    oci: [
      'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b',
      'sha256:8a2639a7e1ebf1d3f0d04d2afc244f5a2bab5f04cc191fe31d594d0e65c0e222',
      'sha256:6ffd15df33bf539c5e74f5ab54847bcb8867aef37b755129b1f266b46c9e8d82',
      'sha256:5cb8ba67746e8942f9461e7093cf5ad5d5c54eaf0041becbebc144ff6b399a59',
    ],
    docker: [
      'sha256:e7b697e5a242af409668f6d7914d5651da0a3d1b1c0cd7ccc517861c00724dae',
      'sha256:741e52c855241ddcdb3aa65fd62b6d4fb5eda5aacb556cf298630b4207f3f2da',
      'sha256:2e9a0431d831fda98d0fa970641013469ba0af57184665e80c6f9fd111cb582d',
      'sha256:4348ed899bd311c558d01605aaa737d2e02d0ae823448479a1ee1c76bc6603d4',
    ],
  },
  'debian-kitchen-sink': {
    oci: [
      'sha256:f9e65c07cd6a4b7d58d174761e5de64a1c5318f4fdfdfddc9ae9b8ed80ee429b',
      'sha256:e25825b882167d2d94e53e4e661117a815bc1214d31f97496e463c45ea7425ac',
    ],
  },
  'distroless-like': {
    oci: ['sha256:8cf7e1911417aca77e6c09483b5c56f1565c9e42570b8069bf5e6709e6ced43d'],
    docker: ['sha256:8b30d11fd5c5d94894a73a7e9e031e69645f3ac0d7d0f60d26a1077ff924af64'],
  },
};

/** Package counts the README states for each image. */
const DEB_COUNTS: Record<string, number> = {
  'debian-bookworm-minbase': 88,
  'debian-multilayer': 107,
  'debian-kitchen-sink': 121,
  'distroless-like': 6,
};

interface Row {
  ecosystem: string;
  name: string;
  version: string;
  sourceName: string;
  sourceVersion: string;
  layer?: string;
  path: string;
}

/** Reads an image's ground truth: `ecosystem name version source_name source_version path`. */
function groundTruth(image: string): Row[] {
  const lines = fs.readFileSync(sharedPath('images', `${image}.packages.tsv`), 'utf8').trimEnd().split('\n');
  assert.equal(lines[0], 'ecosystem\tname\tversion\tsource_name\tsource_version\tpath');
  return lines.slice(1).map((line) => {
    const [ecosystem, name, version, sourceName, sourceVersion, filePath] = line.split('\t');
    return { ecosystem, name, version, sourceName, sourceVersion, path: filePath };
  });
}

/** Parses LayerLens's inventory TSV after checking its header line. */
function parseInventory(tsv: string): Row[] {
  const lines = tsv.trimEnd().split('\n');
  assert.equal(lines[0], HEADER, 'TSV header');
  return lines.slice(1).map((line) => {
    const columns = line.split('\t');
    assert.equal(columns.length, 7, `row "${line}" has 7 columns`);
    const [ecosystem, name, version, sourceName, sourceVersion, layer, filePath] = columns;
    return { ecosystem, name, version, sourceName, sourceVersion, layer, path: filePath };
  });
}

const identity = (row: Row): string => [row.ecosystem, row.name, row.version, row.sourceName, row.sourceVersion, row.path].join('\t');
const nameAndVersion = (row: Row): string => `${row.name}=${row.version}`;

const MINBASE_PACKAGES = new Set(groundTruth('debian-bookworm-minbase').filter((row) => row.ecosystem === 'deb').map(nameAndVersion));

/**
 * Returns the layer index that introduced a package. The multilayer and
 * kitchen-sink images are minbase plus layers: a package at its minbase
 * version came from the minbase layer, and every other deb from layer 2,
 * the only later layer that installed packages. Layer 3 of the multilayer
 * image rewrote the dpkg status while purging curl, which introduces nothing.
 */
function expectedLayerIndex(image: string, row: Row): number {
  if (LAYERS[image].oci.length === 1) return 0;
  return MINBASE_PACKAGES.has(nameAndVersion(row)) ? 0 : 1;
}

interface Case {
  image: string;
  reference: string;
  layers: string[];
}

const CASES: Case[] = Object.entries(LAYERS).flatMap(([image, layers]) => {
  const cases: Case[] = [{ image, reference: `oci-archive:${OCI}:${image}`, layers: layers.oci }];
  if (layers.docker) cases.push({ image, reference: `docker-archive:${DOCKER}:localhost/test/${image}:latest`, layers: layers.docker });
  return cases;
});

const dir = makeTempDir('inventory');

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const [index, { image, reference, layers }] of CASES.entries()) {
  describe(`inventory of ${reference.split(':')[0]} ${image}`, () => {
    const db = path.join(dir, `store-${index}.db`);
    let rows: Row[] = [];
    let firstOutput = '';

    test('rows equal the ground truth', async () => {
      const result = await runWithDb(db, ['inventory', '--format', 'tsv', reference]);
      assert.equal(result.code, 0, describeResult(result));
      assert.equal(result.stderr, '', 'nothing on standard error');
      firstOutput = result.stdout;
      rows = parseInventory(result.stdout);

      const truth = groundTruth(image);
      const truthDebs = truth.filter((row) => row.ecosystem === 'deb').map(identity).sort();
      const debs = rows.filter((row) => row.ecosystem === 'deb').map(identity).sort();
      assert.equal(truthDebs.length, DEB_COUNTS[image], 'ground truth holds the README count');
      // The path column of both is the dpkg database the package was read
      // from (`var/lib/dpkg/status`, or `status.d/<pkg>` for distroless),
      // so whole rows compare.
      assert.deepEqual(debs, truthDebs);

      // Every other ecosystem too, with the owning Debian package in the
      // source columns of language packages.
      for (const ecosystem of new Set([...truth, ...rows].map((row) => row.ecosystem))) {
        const expected = truth.filter((row) => row.ecosystem === ecosystem).map(identity).sort();
        const listed = rows.filter((row) => row.ecosystem === ecosystem).map(identity).sort();
        assert.deepEqual(listed, expected, `${ecosystem} rows`);
      }
    });

    test('layer column names the introducing layer', () => {
      assert.ok(rows.length > 0, 'the first test listed rows');
      for (const row of rows.filter((r) => r.ecosystem === 'deb')) {
        assert.ok(layers.includes(row.layer!), `${row.name}: ${row.layer} is a layer of ${image}`);
        assert.equal(row.layer, layers[expectedLayerIndex(image, row)], `${row.name} ${row.version}`);
      }
    });

    if (image === 'debian-multilayer') {
      test('whiteouts and layer facts from the README', () => {
        const byName = new Map(rows.map((row) => [row.name, row]));

        // `dpkg --purge curl` in layer 3: curl is gone, libcurl4 (source curl) stays.
        assert.equal(byName.get('curl'), undefined, 'purged curl is not listed');
        assert.equal(byName.get('libcurl4')?.sourceName, 'curl');
        assert.equal(byName.get('libcurl4')?.layer, layers[1]);

        // Layer 2 installed openssl and its library from bookworm-security.
        assert.equal(byName.get('openssl')?.version, '3.0.22-1~deb12u2');
        assert.equal(byName.get('openssl')?.layer, layers[1]);
        assert.equal(byName.get('libssl3')?.layer, layers[1]);
        assert.equal(byName.get('ca-certificates')?.layer, layers[1]);

        // Minbase packages keep the minbase layer although layer 3 rewrote the status file.
        assert.equal(byName.get('base-files')?.layer, layers[0]);
        assert.equal(byName.get('libc6')?.layer, layers[0]);

        const perLayer = layers.map((layer) => rows.filter((row) => row.layer === layer).length);
        // 20 debs came with layer 2, and curl was purged in layer 3.
        assert.deepEqual(perLayer, [88, 19, 0, 0]);
        // minimist sits under an opaque whiteout of layer 4.
        assert.equal(byName.get('minimist'), undefined);
      });

      test('json and table formats agree with TSV', async () => {
        const json = await runWithDb(db, ['inventory', '--format', 'json', reference]);
        assert.equal(json.code, 0, describeResult(json));
        const report = JSON.parse(json.stdout) as {
          state: string;
          packages: Record<string, { name: string; version: string }>;
          environments: Record<string, Array<{ introduced_in: string; package_db: string }>>;
        };
        assert.equal(report.state, 'IndexFinished');
        const introduced = Object.entries(report.packages)
          .map(([id, pkg]) => [pkg.name, pkg.version, report.environments[id]?.[0]?.introduced_in, report.environments[id]?.[0]?.package_db].join(' '))
          .sort();
        assert.deepEqual(introduced, rows.map((row) => [row.name, row.version, row.layer, row.path].join(' ')).sort());

        const table = await runWithDb(db, ['inventory', '--format', 'table', reference]);
        assert.equal(table.code, 0, describeResult(table));
        assert.match(table.stdout, /^107 packages$/m);
        // The table shortens digests to 12 hex digits, as `docker images` does.
        const layer2 = layers[1].slice('sha256:'.length, 'sha256:'.length + 12);
        assert.match(table.stdout, new RegExp(`│ libcurl4\\s+│ 7\\.88\\.1-10\\+deb12u15\\s+│ curl 7\\.88\\.1-10\\+deb12u15\\s+│ ${layer2}\\s+│`));
      });
    }

    test('second run on the same store is identical', async () => {
      assert.notEqual(firstOutput, '', 'the first test printed the inventory');
      const before = storeRowCounts(db);

      const result = await runWithDb(db, ['inventory', '--format', 'tsv', reference]);
      assert.equal(result.code, 0, describeResult(result));
      assert.equal(result.stdout, firstOutput);
      // Layer scans were stored by the first run and reused, not stored again.
      assert.deepEqual(storeRowCounts(db), before);
    });
  });
}
