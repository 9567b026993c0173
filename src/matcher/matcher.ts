// The matching engine: hands each installed package to the ecosystem
// matcher that handles it, fetches the records of its source package, merges
// them per flaw and keeps the vulnerabilities that affect the package.
import type { ImagePackage, IndexReport } from '../indexer/types.js';
import type { RecordQuery, Store } from '../store/store.js';
import type { VulnerabilityRecord } from '../feeds/types.js';
import type { VersionScheme } from '../versioning/types.js';
import { logger, type Logger } from '../log.js';
import { enrichFindings } from './enrichment.js';
import { mergeRecords } from './merge.js';
import { defaultMatchers } from './registry.js';
import type { EcosystemMatcher, Finding, VulnerabilityReport, Vulnerability } from './types.js';

export interface MatchOptions {
  /** Ecosystem matchers to use, each with its version scheme; `defaultMatchers()` when omitted. */
  matchers?: EcosystemMatcher[];
  log?: Logger;
}

/** Matches an image's packages against the stored records. */
export async function matchReport(report: IndexReport, store: Store, options: MatchOptions = {}): Promise<VulnerabilityReport> {
  const log = options.log ?? logger('matcher');
  const matchers = options.matchers ?? defaultMatchers();
  const findings: Finding[] = [];
  const handled = new Set<ImagePackage>();
  const releasesWithoutRecords: string[] = [];

  for (const matcher of matchers) {
    const pkgs = report.packages.filter((pkg) => !handled.has(pkg) && matcher.handles(report.distribution, pkg));
    if (pkgs.length === 0) continue;

    const query = matcher.query(report.distribution, pkgs);
    if (query === undefined) {
      // NOTE: these packages are reported as unmatched, not as clean.
      log.warn(
        { manifest: report.manifestDigest, matcher: matcher.name, distribution: report.distribution },
        'unknown distribution release: its packages were not matched',
      );
      continue;
    }

    pkgs.forEach((pkg) => handled.add(pkg));
    findings.push(...(await matchEcosystem(matcher, query, pkgs, store, log)));

    if (!(await store.hasRecordsFor(query.distribution, query.release))) {
      // Language ecosystems have no release: `npm` rather than `npm `.
      releasesWithoutRecords.push(query.release === '' ? query.distribution : `${query.distribution} ${query.release}`);
      log.info(
        { manifest: report.manifestDigest, distribution: query.distribution, release: query.release },
        'the database has no records for this release: its packages could not be checked',
      );
    }
  }

  await enrichFindings(findings, store, log);

  const uncomparable = findings.filter((finding) => finding.versionUncomparable);
  if (uncomparable.length > 0) {
    log.warn(
      { manifest: report.manifestDigest, count: uncomparable.length },
      'some installed or fixed versions could not be compared: those findings are marked version-uncomparable',
    );
  }

  return {
    manifestDigest: report.manifestDigest,
    reference: report.reference,
    distribution: report.distribution,
    packages: report.packages,
    findings: findings.sort(compareFindings),
    uncomparableCount: uncomparable.length,
    releasesWithoutRecords,
    unmatchedPackageCount: report.packages.length - handled.size,
  };
}

async function matchEcosystem(
  matcher: EcosystemMatcher,
  query: RecordQuery,
  pkgs: ImagePackage[],
  store: Store,
  log: Logger,
): Promise<Finding[]> {
  const recordsByPackage = new Map<string, VulnerabilityRecord[]>();
  for (const record of await store.findRecords(query)) {
    const own = recordsByPackage.get(record.packageName) ?? [];
    own.push(record);
    recordsByPackage.set(record.packageName, own);
  }

  const merge = (records: VulnerabilityRecord[], packageName: string): Vulnerability[] =>
    mergeRecords(records, {
      matcher: matcher.name,
      distribution: query.distribution,
      release: query.release,
      packageName,
      scheme: matcher.versionScheme,
    });

  // Records are merged once per package name, unless the matcher picks them per package.
  const vulnerabilitiesByPackage = new Map<string, Vulnerability[]>();
  if (!matcher.recordsFor) {
    for (const packageName of query.packageNames) {
      vulnerabilitiesByPackage.set(packageName, merge(recordsByPackage.get(packageName) ?? [], packageName));
    }
  }

  // A matcher that picks records per package merges them per package.
  const vulnerabilitiesOf = (pkg: ImagePackage): Vulnerability[] => {
    const packageName = matcher.recordPackageName(pkg);
    if (!matcher.recordsFor) return vulnerabilitiesByPackage.get(packageName) ?? [];

    return merge(matcher.recordsFor(pkg, (name) => recordsByPackage.get(name) ?? []), packageName);
  };

  const findings: Finding[] = [];
  const uncomparable = new Map<string, { pkg: ImagePackage; installedVersion: string; ids: string[] }>();

  for (const pkg of pkgs) {
    const installedVersion = matcher.installedVersion(pkg);

    for (const vulnerability of vulnerabilitiesOf(pkg)) {
      const verdict = matcher.affects(pkg, vulnerability);
      if (verdict === 'not-affected') continue;

      const versionUncomparable = verdict === 'uncomparable';
      if (versionUncomparable) {
        const key = `${pkg.name} ${installedVersion}`;
        const entry = uncomparable.get(key) ?? { pkg, installedVersion, ids: [] };
        entry.ids.push(vulnerability.id);
        uncomparable.set(key, entry);
      }

      findings.push({ package: pkg, vulnerability, installedVersion, versionUncomparable });
    }
  }

  const scheme = matcher.versionScheme;
  for (const { pkg, installedVersion, ids } of uncomparable.values()) {
    log.warn(
      {
        package: pkg.name,
        installedVersion,
        reason: uncomparableReason(scheme, installedVersion),
        vulnerabilities: ids,
        scheme: scheme.name,
      },
      'version not comparable with the fixed versions: reported as possibly affected',
    );
  }
  return findings;
}

function uncomparableReason(scheme: VersionScheme, installedVersion: string): string {
  if (scheme.isValid(installedVersion)) return `a fixed version is not a valid ${scheme.name} version`;
  return scheme.explainInvalid?.(installedVersion) ?? `the installed version is not a valid ${scheme.name} version`;
}

function compareFindings(a: Finding, b: Finding): number {
  return (
    a.package.name.localeCompare(b.package.name) ||
    a.package.version.localeCompare(b.package.version) ||
    a.vulnerability.name.localeCompare(b.vulnerability.name)
  );
}
