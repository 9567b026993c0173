// Checks the coalescer against a plain overlay model on random layer stacks.
// The model keeps the whole merged tree after every layer. A package's
// introducing layer is the lowest one from which the package is in every
// later merged tree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { coalesce } from '../../src/indexer/coalesce.js';
import type { Manifest } from '../../src/image/types.js';
import type { LayerScan, Package } from '../../src/indexer/types.js';

const DATABASES = ['var/lib/dpkg/status', 'var/lib/dpkg/status.d/a', 'var/lib/dpkg/status.d/b'];
const DELETABLE = [...DATABASES, 'var/lib/dpkg/status.d', 'var/lib/dpkg', 'var/lib/dpkg/status.d/ab', 'etc/motd'];
const OPAQUE = ['var', 'var/lib/dpkg', 'var/lib/dpkg/status.d', 'var/lib/dpkg/status.d/a', 'opt'];

interface Layer {
  writes: Map<string, string[]>;
  whiteouts: string[];
  opaqueDirs: string[];
}

const packageNames = fc.uniqueArray(fc.constantFrom('a=1', 'a=2', 'b=1', 'c=1', 'c=3'), { maxLength: 4, selector: (p) => p.split('=')[0] });
const layerArb: fc.Arbitrary<Layer> = fc.record({
  writes: fc.dictionary(fc.constantFrom(...DATABASES), packageNames, { maxKeys: 3 }).map((d) => new Map(Object.entries(d))),
  whiteouts: fc.uniqueArray(fc.constantFrom(...DELETABLE), { maxLength: 2 }),
  opaqueDirs: fc.uniqueArray(fc.constantFrom(...OPAQUE), { maxLength: 1 }),
});

function toPackage(entry: string, path: string): Package {
  const [name, version] = entry.split('=');
  return { ecosystem: 'deb', name, version, sourceName: name, sourceVersion: version, arch: 'amd64', path };
}

/** Returns the merged tree (database path → `name=version` entries) after each layer. */
function mergedTrees(layers: Layer[]): Array<Map<string, string[]>> {
  const trees: Array<Map<string, string[]>> = [];
  let tree = new Map<string, string[]>();

  for (const layer of layers) {
    const next = new Map<string, string[]>();
    for (const [path, entries] of tree) {
      const whitedOut = layer.whiteouts.some((w) => path === w || path.startsWith(`${w}/`));
      const hidden = layer.opaqueDirs.some((d) => path.startsWith(`${d}/`));
      if (!whitedOut && !hidden) next.set(path, entries);
    }
    for (const [path, entries] of layer.writes) next.set(path, entries);

    trees.push(next);
    tree = next;
  }
  return trees;
}

test('coalesce agrees with the overlay model', () => {
  fc.assert(fc.property(fc.array(layerArb, { minLength: 1, maxLength: 5 }), (layers) => {
    const digests = layers.map((_, i) => `sha256:${i}`);
    const manifest: Manifest = {
      digest: 'sha256:m', mediaType: 'application/vnd.oci.image.manifest.v1+json', reference: 'model',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: 'sha256:c', size: 1 },
      layers: digests.map((digest) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: 1 })),
    };
    const scans: LayerScan[] = layers.map((layer, i) => ({
      digest: digests[i],
      changes: { whiteouts: layer.whiteouts, opaqueDirs: layer.opaqueDirs },
      findings: [{
        scanner: 'dpkg', scannerVersion: '1',
        databases: [...layer.writes.keys()],
        packages: [...layer.writes].flatMap(([path, entries]) => entries.map((entry) => toPackage(entry, path))),
      }],
    }));

    const trees = mergedTrees(layers);
    const expected: string[] = [];
    for (const [path, entries] of trees[trees.length - 1]) {
      for (const entry of entries) {
        let introducer = trees.length - 1;
        while (introducer > 0 && (trees[introducer - 1].get(path) ?? []).includes(entry)) introducer--;
        expected.push(`${entry} ${path} ${digests[introducer]}`);
      }
    }

    const report = coalesce(scans, manifest);
    const actual = report.packages.map((p) => `${p.name}=${p.version} ${p.path} ${p.layer}`);
    assert.deepEqual(actual.sort(), expected.sort());
  }), { numRuns: 2000 });
});
