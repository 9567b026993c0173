// Clair v4's JSON shapes (claircore's IndexReport and VulnerabilityReport),
// so that Clair clients read LayerLens output unchanged. LayerLens adds
// fields (`aliases`, `state`, `version_uncomparable`, `severity_source`,
// `cvss`, `cwes`, `epss`, `kev`) and never renames one.
//
// Ids are strings as Clair writes them. Clair's ids are database keys; here
// packages and distributions are numbered in report order, and a
// vulnerability's id is the matcher's stable id.
import type { Distribution, ImagePackage, IndexReport } from '../indexer/types.js';
import type { RecordState, Severity } from '../feeds/types.js';
import type { Finding, Vulnerability, VulnerabilityReport } from '../matcher/types.js';
import { clairEnrichments, enrichmentFields, type ClairCvss, type ClairEpss, type ClairKev } from './clair-enrichment.js';

export interface ClairSourcePackage {
  id: string;
  name: string;
  version: string;
  kind: 'source';
  normalized_version: string;
  cpe: string;
}

export interface ClairPackage {
  id: string;
  name: string;
  version: string;
  kind: 'binary' | 'source';
  source?: ClairSourcePackage;
  arch: string;
  package_db: string;
  repository_hint: string;
  normalized_version: string;
  module: string;
  cpe: string;
}

export interface ClairDistribution {
  id: string;
  did: string;
  name: string;
  version: string;
  version_code_name: string;
  version_id: string;
  arch: string;
  cpe: string;
  pretty_name: string;
}

export interface ClairRepository {
  id: string;
  name: string;
  key: string;
  uri: string;
  cpe: string;
}

export interface ClairEnvironment {
  package_db: string;
  /** Digest of the layer that introduced the package. */
  introduced_in: string;
  distribution_id: string;
  repository_ids: string[];
}

export interface ClairVulnerability {
  id: string;
  updater: string;
  name: string;
  description: string;
  /** RFC 3339 time; Go's zero time when the feeds give no date, as Clair writes it. */
  issued: string;
  /** Space-separated URLs, as Clair writes them. */
  links: string;
  /** The vendor's own severity word. */
  severity: string;
  normalized_severity: Severity;
  package: ClairPackage;
  distribution: ClairDistribution;
  repository: ClairRepository;
  fixed_in_version: string;
  // LayerLens additions.
  aliases: string[];
  state: RecordState;
  version_uncomparable?: boolean;
  /** `vendor`, or `nvd` when NVD's CVSS gave the severity because the vendor gives none; absent while Unknown. */
  severity_source?: 'vendor' | 'nvd';
  /** CVSS scores, the vendors' first, then NVD's (NVD's own before the CNAs' and ADPs'), each with its scorer. */
  cvss?: ClairCvss[];
  cwes?: string[];
  epss?: ClairEpss;
  /** Present when CISA lists the CVE as known exploited. */
  kev?: ClairKev;
}

export interface ClairIndexReport {
  manifest_hash: string;
  state: 'IndexFinished';
  packages: Record<string, ClairPackage>;
  distributions: Record<string, ClairDistribution>;
  repository: Record<string, ClairRepository>;
  environments: Record<string, ClairEnvironment[]>;
  success: boolean;
  err: string;
}

export interface ClairVulnerabilityReport {
  manifest_hash: string;
  packages: Record<string, ClairPackage>;
  distributions: Record<string, ClairDistribution>;
  repository: Record<string, ClairRepository>;
  environments: Record<string, ClairEnvironment[]>;
  vulnerabilities: Record<string, ClairVulnerability>;
  package_vulnerabilities: Record<string, string[]>;
  enrichments: Record<string, unknown[]>;
}

/** Go's zero time.Time, which Clair writes for a vulnerability with no issue date. */
const ZERO_TIME = '0001-01-01T00:00:00Z';

const DISTRIBUTION_ID = '1';

/** Ecosystems whose packages belong to the image's distribution rather than to a language registry. */
const OS_ECOSYSTEMS = new Set(['deb', 'apk', 'rpm']);

/**
 * The package registry of each language ecosystem, named and addressed as
 * claircore's language indexers name them, so that Clair clients that
 * group findings by repository see the same values.
 */
const LANGUAGE_REPOSITORIES: Readonly<Record<string, { name: string; uri: string }>> = {
  npm: { name: 'npm', uri: 'https://www.npmjs.com/' },
  pypi: { name: 'pypi', uri: 'https://pypi.org/simple' },
  golang: { name: 'go', uri: 'https://pkg.go.dev/' },
  maven: { name: 'maven', uri: 'https://repo1.maven.apache.org/maven2' },
  gem: { name: 'rubygems', uri: 'https://rubygems.org/gems/' },
  cargo: { name: 'crates.io', uri: 'https://crates.io/' },
  nuget: { name: 'nuget', uri: 'https://www.nuget.org/' },
  composer: { name: 'packagist', uri: 'https://packagist.org/' },
};

/** Clair's IndexReport for an image's inventory. */
export function toClairIndexReport(report: IndexReport): ClairIndexReport {
  const inventory = buildInventory(report);
  return {
    manifest_hash: report.manifestDigest,
    state: 'IndexFinished',
    packages: inventory.packages,
    distributions: inventory.distributions,
    repository: inventory.repositories,
    environments: inventory.environments,
    success: true,
    err: '',
  };
}

/** Clair's VulnerabilityReport for an image's inventory and its findings. */
export function toClairVulnerabilityReport(report: IndexReport, vulnerabilityReport: VulnerabilityReport): ClairVulnerabilityReport {
  const inventory = buildInventory(report);
  const vulnerabilities: Record<string, ClairVulnerability> = {};
  const packageVulnerabilities: Record<string, string[]> = {};
  const reported: Vulnerability[] = [];

  for (const finding of vulnerabilityReport.findings) {
    const packageId = inventory.idOf(finding.package);
    if (packageId === undefined) continue;

    const vulnerability = finding.vulnerability;
    const existing = vulnerabilities[vulnerability.id];
    if (existing === undefined) {
      vulnerabilities[vulnerability.id] = toClairVulnerability(vulnerability, report.distribution, finding);
      reported.push(vulnerability);
    } else if (finding.versionUncomparable) {
      // One vulnerability object serves every package built from the source package.
      existing.version_uncomparable = true;
    }

    const ids = (packageVulnerabilities[packageId] ??= []);
    if (!ids.includes(vulnerability.id)) ids.push(vulnerability.id);
  }

  for (const ids of Object.values(packageVulnerabilities)) ids.sort();

  return {
    manifest_hash: report.manifestDigest,
    packages: inventory.packages,
    distributions: inventory.distributions,
    repository: inventory.repositories,
    environments: inventory.environments,
    vulnerabilities,
    package_vulnerabilities: packageVulnerabilities,
    enrichments: clairEnrichments(reported),
  };
}

interface ClairInventory {
  packages: Record<string, ClairPackage>;
  distributions: Record<string, ClairDistribution>;
  /** The language registries the image's language packages come from. */
  repositories: Record<string, ClairRepository>;
  environments: Record<string, ClairEnvironment[]>;
  /** Id of the Clair package an image package was folded into. */
  idOf(pkg: ImagePackage): string | undefined;
}

/**
 * Numbers packages as Clair does: one package per distinct (ecosystem, name,
 * version, arch, source), with one environment per place it was found.
 * Source packages get ids after the binaries and are not listed at the top
 * level, as in Clair's reports.
 */
function buildInventory(report: IndexReport): ClairInventory {
  const packages: Record<string, ClairPackage> = {};
  const environments: Record<string, ClairEnvironment[]> = {};
  const idByKey = new Map<string, string>();
  const idByPackage = new Map<ImagePackage, string>();
  const repositories: Record<string, ClairRepository> = {};
  const repositoryIdByEcosystem = new Map<string, string>();

  for (const pkg of report.packages) {
    const key = JSON.stringify([pkg.ecosystem, pkg.name, pkg.version, pkg.arch, pkg.sourceName, pkg.sourceVersion]);
    let id = idByKey.get(key);
    if (id === undefined) {
      id = String(idByKey.size + 1);
      idByKey.set(key, id);
      packages[id] = toClairPackage(id, pkg);
      environments[id] = [];
    }
    idByPackage.set(pkg, id);

    const hasDistribution = report.distribution !== undefined && OS_ECOSYSTEMS.has(pkg.ecosystem);
    const registry = LANGUAGE_REPOSITORIES[pkg.ecosystem];
    let repositoryId: string | undefined;
    if (registry !== undefined) {
      repositoryId = repositoryIdByEcosystem.get(pkg.ecosystem);
      if (repositoryId === undefined) {
        repositoryId = String(repositoryIdByEcosystem.size + 1);
        repositoryIdByEcosystem.set(pkg.ecosystem, repositoryId);
        repositories[repositoryId] = { id: repositoryId, name: registry.name, key: '', uri: registry.uri, cpe: '' };
      }
    }
    const environment: ClairEnvironment = {
      package_db: pkg.path,
      introduced_in: pkg.layer,
      distribution_id: hasDistribution ? DISTRIBUTION_ID : '',
      repository_ids: repositoryId === undefined ? [] : [repositoryId],
    };
    const known = environments[id].some(
      (env) => env.package_db === environment.package_db && env.introduced_in === environment.introduced_in,
    );
    if (!known) environments[id].push(environment);
  }

  numberSourcePackages(Object.values(packages), idByKey.size);

  const distributions: Record<string, ClairDistribution> = {};
  if (report.distribution !== undefined) {
    distributions[DISTRIBUTION_ID] = toClairDistribution(DISTRIBUTION_ID, report.distribution);
  }

  return { packages, distributions, repositories, environments, idOf: (pkg) => idByPackage.get(pkg) };
}

function toClairPackage(id: string, pkg: ImagePackage): ClairPackage {
  return {
    id,
    name: pkg.name,
    version: pkg.version,
    kind: 'binary',
    source: {
      id: '',
      name: pkg.sourceName,
      version: pkg.sourceVersion,
      kind: 'source',
      normalized_version: '',
      cpe: '',
    },
    arch: pkg.arch,
    package_db: pkg.path,
    repository_hint: '',
    normalized_version: '',
    // Clair writes an rpm's modularity stream as `name:stream` here too.
    module: pkg.module ?? '',
    cpe: '',
  };
}

/** Gives each distinct source package an id, counting on from the last binary package id. */
function numberSourcePackages(packages: ClairPackage[], lastId: number): void {
  const idBySource = new Map<string, string>();

  for (const pkg of packages) {
    const source = pkg.source;
    if (source === undefined) continue;

    const key = JSON.stringify([source.name, source.version]);
    let id = idBySource.get(key);
    if (id === undefined) {
      id = String(lastId + idBySource.size + 1);
      idBySource.set(key, id);
    }
    source.id = id;
  }
}

function toClairDistribution(id: string, distribution: Distribution): ClairDistribution {
  return {
    id,
    did: distribution.did,
    name: distribution.name,
    version: distribution.version,
    version_code_name: distribution.versionCodeName,
    version_id: distribution.versionId,
    arch: '',
    cpe: distribution.cpe,
    pretty_name: distribution.prettyName,
  };
}

function toClairVulnerability(
  vulnerability: Vulnerability,
  distribution: Distribution | undefined,
  finding: Finding,
): ClairVulnerability {
  const clair: ClairVulnerability = {
    id: vulnerability.id,
    updater: vulnerability.updater,
    name: vulnerability.name,
    description: vulnerability.description ?? '',
    issued: vulnerability.published ?? ZERO_TIME,
    links: vulnerability.links.join(' '),
    severity: vulnerability.vendorSeverity ?? '',
    normalized_severity: vulnerability.severity,
    package: {
      id: '',
      name: vulnerability.packageName,
      version: '',
      kind: 'source',
      arch: '',
      package_db: '',
      repository_hint: '',
      normalized_version: '',
      module: '',
      cpe: '',
    },
    ...vulnerabilityScope(vulnerability, distribution),
    fixed_in_version: vulnerability.fixedVersion ?? '',
    aliases: vulnerability.aliases,
    state: vulnerability.state,
  };
  if (finding.versionUncomparable) clair.version_uncomparable = true;
  if (vulnerability.severitySource) clair.severity_source = vulnerability.severitySource;
  Object.assign(clair, enrichmentFields(vulnerability));
  return clair;
}

/**
 * Returns where a vulnerability statement applies: a distribution release
 * for OS packages, or a language registry (and an empty distribution) for
 * language packages, as Clair's language matchers report them.
 */
function vulnerabilityScope(
  vulnerability: Vulnerability,
  distribution: Distribution | undefined,
): Pick<ClairVulnerability, 'distribution' | 'repository'> {
  const registry = vulnerability.release === '' ? LANGUAGE_REPOSITORIES[vulnerability.distribution] : undefined;
  if (registry === undefined) {
    return { distribution: vulnerabilityDistribution(vulnerability, distribution), repository: { id: '', name: '', key: '', uri: '', cpe: '' } };
  }
  const noDistribution: ClairDistribution = {
    id: '', did: '', name: '', version: '', version_code_name: '', version_id: '', arch: '', cpe: '', pretty_name: '',
  };
  return { distribution: noDistribution, repository: { id: '', name: registry.name, key: '', uri: registry.uri, cpe: '' } };
}

/**
 * Builds the release a vulnerability statement is about, in Clair's distribution
 * shape: the codename for Debian and Ubuntu, the branch's version for Alpine.
 */
function vulnerabilityDistribution(vulnerability: Vulnerability, distribution: Distribution | undefined): ClairDistribution {
  const branch = /^v(\d+\.\d+)$/.exec(vulnerability.release);
  return {
    id: '',
    did: vulnerability.distribution,
    name: distribution?.name ?? '',
    version: '',
    version_code_name: branch ? '' : vulnerability.release,
    version_id: branch ? branch[1] : distribution?.versionId ?? '',
    arch: '',
    cpe: '',
    pretty_name: '',
  };
}
