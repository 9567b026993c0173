// CycloneDX 1.5 JSON for `layerlens inventory --format cyclonedx`: the image
// as the BOM's subject, one library component per package, a package-URL on
// each so other tools can match it against their own advisories.
import { Enums, Models, Serialize, Spec } from '@cyclonedx/cyclonedx-library';
import { PackageURL } from 'packageurl-js';
import type { Distribution, ImagePackage, IndexReport } from '../indexer/types.js';
import { layerlensVersion } from '../version.js';

/** Property names, prefixed `layerlens:` so they do not clash with other tools' properties. */
const PROPERTY = {
  layer: 'layerlens:layer',
  path: 'layerlens:path',
  sourceName: 'layerlens:source_name',
  sourceVersion: 'layerlens:source_version',
} as const;

/** Renders the inventory as a CycloneDX 1.5 JSON BOM. */
export function formatInventoryCycloneDx(report: IndexReport, timestamp: Date = new Date()): string {
  const bom = new Models.Bom();

  bom.metadata.timestamp = timestamp;
  bom.metadata.tools.components.add(
    new Models.Component(Enums.ComponentType.Application, 'LayerLens', { version: layerlensVersion() }),
  );
  bom.metadata.component = imageComponent(report);

  if (report.distribution) bom.components.add(distributionComponent(report.distribution));

  const usedRefs = new Set<string>();
  for (const pkg of report.packages) {
    bom.components.add(packageComponent(pkg, report.distribution, usedRefs));
  }

  const serializer = new Serialize.JsonSerializer(new Serialize.JSON.Normalize.Factory(Spec.Spec1dot5));
  return `${serializer.serialize(bom, { sortLists: false, space: 2 })}\n`;
}

function imageComponent(report: IndexReport): Models.Component {
  const image = new Models.Component(Enums.ComponentType.Container, report.reference, {
    bomRef: report.manifestDigest || report.reference,
    version: report.manifestDigest,
  });

  const [algorithm, hex] = report.manifestDigest.split(':');
  if (algorithm === 'sha256' && hex) image.hashes.set(Enums.HashAlgorithm['SHA-256'], hex);
  return image;
}

function distributionComponent(distribution: Distribution): Models.Component {
  return new Models.Component(Enums.ComponentType.OperatingSystem, distribution.did, {
    bomRef: `os:${distribution.did}@${distribution.versionId}`,
    version: distribution.versionId,
    description: distribution.prettyName || undefined,
  });
}

function packageComponent(pkg: ImagePackage, distribution: Distribution | undefined, usedRefs: Set<string>): Models.Component {
  const purl = packageUrl(pkg, distribution);
  const component = new Models.Component(Enums.ComponentType.Library, pkg.name, {
    bomRef: uniqueRef(`${purl}#${pkg.path}`, usedRefs),
    version: pkg.version,
    purl,
  });

  const properties: Array<[string, string]> = [
    [PROPERTY.layer, pkg.layer],
    [PROPERTY.path, pkg.path],
    [PROPERTY.sourceName, pkg.sourceName],
    [PROPERTY.sourceVersion, pkg.sourceVersion],
  ];
  for (const [name, value] of properties) {
    if (value !== '') component.properties.add(new Models.Property(name, value));
  }
  return component;
}

/**
 * Builds the package-URL by the purl spec's per-type rules. OS packages carry
 * the distribution as namespace and `distro` qualifier. Maven and composer
 * split the group from the name, npm keeps the scope as namespace, and pypi
 * names are normalised as PEP 503 does.
 */
export function packageUrl(pkg: ImagePackage, distribution?: Distribution): string {
  const qualifiers: Record<string, string> = {};
  if (pkg.arch !== '') qualifiers.arch = pkg.arch;

  switch (pkg.ecosystem) {
    case 'deb':
    case 'apk':
    case 'rpm': {
      const vendor = distribution?.did || defaultVendor[pkg.ecosystem];
      if (distribution?.versionId) qualifiers.distro = `${vendor}-${distribution.versionId}`;
      return new PackageURL(pkg.ecosystem, vendor, pkg.name, pkg.version, qualifiers, undefined).toString();
    }
    case 'pypi':
      return new PackageURL('pypi', undefined, pkg.name.toLowerCase().replace(/[-_.]+/g, '-'), pkg.version, undefined, undefined).toString();
    case 'npm':
    case 'maven':
    case 'composer':
    case 'golang': {
      const [namespace, name] = splitNamespace(pkg.ecosystem, pkg.name);
      return new PackageURL(pkg.ecosystem, namespace, name, pkg.version, undefined, undefined).toString();
    }
    default:
      return new PackageURL(pkg.ecosystem, undefined, pkg.name, pkg.version, undefined, undefined).toString();
  }
}

// NOTE: without os-release the vendor is a guess from the package format (rpm could be fedora, rocky, ...).
const defaultVendor = { deb: 'debian', apk: 'alpine', rpm: 'redhat' } as const;

/** Splits `@scope/name`, `group:artifact`, `vendor/name` and Go module paths at the last separator. */
function splitNamespace(ecosystem: 'npm' | 'maven' | 'composer' | 'golang', name: string): [string | undefined, string] {
  const separator = ecosystem === 'maven' ? ':' : '/';
  if (ecosystem === 'npm' && !name.startsWith('@')) return [undefined, name];

  const cut = name.lastIndexOf(separator);
  if (cut <= 0) return [undefined, name];
  return [name.slice(0, cut), name.slice(cut + 1)];
}

/** Returns a bom-ref not used yet, because one package can appear at two paths or twice in one database. */
function uniqueRef(candidate: string, usedRefs: Set<string>): string {
  let ref = candidate;
  for (let n = 2; usedRefs.has(ref); n++) ref = `${candidate}#${n}`;
  usedRefs.add(ref);
  return ref;
}

