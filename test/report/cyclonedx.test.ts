import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import { repoRoot, sharedPath } from '../shared.js';
import { packageUrl } from '../../src/report/cyclonedx.js';
import type { Distribution, Ecosystem, ImagePackage } from '../../src/indexer/types.js';

interface CdxComponent {
  type: string;
  name: string;
  version?: string;
  purl?: string;
  'bom-ref'?: string;
  properties?: Array<{ name: string; value: string }>;
}

const IMAGE = 'debian-kitchen-sink';

/** Runs the built CLI as a user does, against a fresh store. */
function inventoryBom(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-cdx-'));
  try {
    const reference = `oci-archive:${sharedPath('images', 'debian-images.oci.tar')}:${IMAGE}`;
    const cli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');
    return execFileSync(process.execPath, [cli, '--db', path.join(dir, 'db.sqlite'), 'inventory', '--format', 'cyclonedx', reference], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Ground-truth rows: ecosystem, name, version, source name, source version, path. */
function groundTruth(): string[][] {
  const [, ...rows] = fs.readFileSync(sharedPath('images', `${IMAGE}.packages.tsv`), 'utf8').trimEnd().split('\n');
  return rows.map((row) => row.split('\t'));
}

const bomText = inventoryBom();
const bom = JSON.parse(bomText) as {
  bomFormat: string;
  specVersion: string;
  metadata: { timestamp: string; tools: { components: CdxComponent[] }; component: CdxComponent };
  components: CdxComponent[];
};
const libraries = bom.components.filter((c) => c.type === 'library');

test('BOM metadata names tool and image', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };

  assert.equal(bom.bomFormat, 'CycloneDX');
  assert.equal(bom.specVersion, '1.5');
  assert.ok(!Number.isNaN(Date.parse(bom.metadata.timestamp)));
  assert.deepEqual(bom.metadata.tools.components.map((c) => [c.name, c.version]), [['LayerLens', manifest.version]]);
  assert.equal(bom.metadata.component.type, 'container');
  assert.match(bom.metadata.component.name, new RegExp(`:${IMAGE}$`));
  assert.match(bom.metadata.component.version ?? '', /^sha256:[0-9a-f]{64}$/);
});

test('one component per package', () => {
  const truth = groundTruth();
  assert.equal(truth.length, 184);
  assert.equal(libraries.length, truth.length);
  assert.deepEqual(
    bom.components.filter((c) => c.type === 'operating-system').map((c) => [c.name, c.version]),
    [['debian', '12']],
  );

  const seen = libraries.map((c) => [c.name, c.version, prop(c, 'layerlens:path')].join('\t')).sort();
  const expected = truth.map(([, name, version, , , file]) => [name, version, file].join('\t')).sort();
  assert.deepEqual(seen, expected);
});

test('bom-refs are unique', () => {
  const refs = [bom.metadata.component, ...bom.components].map((c) => c['bom-ref']);
  assert.ok(refs.every((ref) => typeof ref === 'string' && ref !== ''));
  assert.equal(new Set(refs).size, refs.length);
});

test('properties carry layer, path, source', () => {
  const pyyaml = libraries.find((c) => c.name === 'PyYAML');
  assert.ok(pyyaml);
  assert.match(prop(pyyaml, 'layerlens:layer') ?? '', /^sha256:[0-9a-f]{64}$/);
  assert.equal(prop(pyyaml, 'layerlens:path'), 'usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA');
  assert.equal(prop(pyyaml, 'layerlens:source_name'), 'python3-yaml');
  assert.equal(prop(pyyaml, 'layerlens:source_version'), '6.0-3+b2');
});

test('kitchen-sink purls match hand-written ones', () => {
  const purlOf = (name: string): string | undefined => libraries.find((c) => c.name === name)?.purl;

  assert.equal(purlOf('PyYAML'), 'pkg:pypi/pyyaml@6.0');
  assert.equal(purlOf('MarkupSafe'), 'pkg:pypi/markupsafe@2.1.2');
  assert.equal(purlOf('express'), 'pkg:npm/express@4.17.1');
  assert.equal(purlOf('adduser'), 'pkg:deb/debian/adduser@3.134?arch=all&distro=debian-12');

  // The epoch stays in the version; the reference implementation leaves ':' unescaped there.
  const bsdutils = PackageURL.fromString(purlOf('bsdutils') ?? '');
  assert.deepEqual(
    [bsdutils.type, bsdutils.namespace, bsdutils.name, bsdutils.version, { ...bsdutils.qualifiers }],
    ['deb', 'debian', 'bsdutils', '1:2.38.1-5+deb12u3', { arch: 'amd64', distro: 'debian-12' }],
  );
  assert.ok(libraries.filter((c) => c.purl?.startsWith('pkg:maven/')).every((c) => /^pkg:maven\/[^/]+\/[^/@]+@/.test(c.purl ?? '')));
});

test('BOM validates against CycloneDX 1.5 schema', async () => {
  const validator = new Validation.JsonStrictValidator(Spec.Version.v1dot5);
  assert.equal(await validator.validate(bomText), null);

  // A component type outside the schema's enum must be rejected.
  const broken = JSON.parse(bomText) as typeof bom;
  broken.components[0].type = 'not-a-type';
  assert.notEqual(await validator.validate(JSON.stringify(broken)), null);
});

const DEBIAN: Distribution = { did: 'debian', name: 'Debian GNU/Linux', version: '12 (bookworm)', versionId: '12', versionCodeName: 'bookworm', prettyName: '', cpe: '' };
const ALPINE: Distribution = { ...DEBIAN, did: 'alpine', name: 'Alpine Linux', version: '', versionId: '3.18.4', versionCodeName: '' };

test('purl per ecosystem table', () => {
  const cases: Array<[Ecosystem, string, string, string, Distribution | undefined, string]> = [
    ['deb', 'libc6', '2.36-9+deb12u4', 'amd64', DEBIAN, 'pkg:deb/debian/libc6@2.36-9+deb12u4?arch=amd64&distro=debian-12'],
    ['apk', 'musl', '1.2.4-r2', 'x86_64', ALPINE, 'pkg:apk/alpine/musl@1.2.4-r2?arch=x86_64&distro=alpine-3.18.4'],
    ['npm', '@babel/core', '7.22.5', '', undefined, 'pkg:npm/%40babel/core@7.22.5'],
    ['pypi', 'Foo_Bar.baz', '1.0', '', undefined, 'pkg:pypi/foo-bar-baz@1.0'],
    ['maven', 'org.apache.logging.log4j:log4j-core', '2.14.1', '', undefined, 'pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1'],
    ['golang', 'github.com/gin-gonic/gin', 'v1.9.0', '', undefined, 'pkg:golang/github.com/gin-gonic/gin@v1.9.0'],
    ['golang', 'stdlib', 'go1.21.3', '', undefined, 'pkg:golang/stdlib@go1.21.3'],
    ['composer', 'monolog/monolog', '3.4.0', '', undefined, 'pkg:composer/monolog/monolog@3.4.0'],
    ['gem', 'rack', '2.2.8', '', undefined, 'pkg:gem/rack@2.2.8'],
    ['cargo', 'serde', '1.0.188', '', undefined, 'pkg:cargo/serde@1.0.188'],
    ['nuget', 'Newtonsoft.Json', '13.0.3', '', undefined, 'pkg:nuget/Newtonsoft.Json@13.0.3'],
  ];
  for (const [ecosystem, name, version, arch, distribution, expected] of cases) {
    const pkg: ImagePackage = { ecosystem, name, version, arch, sourceName: '', sourceVersion: '', path: '', layer: '' };
    assert.equal(packageUrl(pkg, distribution), expected, `${ecosystem} ${name}`);
  }
});

function prop(component: CdxComponent, name: string): string | undefined {
  return component.properties?.find((p) => p.name === name)?.value;
}
