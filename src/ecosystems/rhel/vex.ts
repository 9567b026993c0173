// Red Hat's CSAF VEX files: one document per CVE
// (https://security.access.redhat.com/data/csaf/v2/vex/<year>/cve-<year>-<n>.json)
// stating, per product stream and component, fixed / known_affected /
// known_not_affected / under_investigation. LayerLens keeps the statements
// about rpm packages in the main RHEL streams, one record per
// (release, package, module stream, source or binary).
import { logger } from '../../log.js';
import { readJsonDocument } from '../../feeds/json-document.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import type { FeedInput, FeedParser, RecordState, VulnerabilityRecord } from '../../feeds/types.js';
import { normalizeSeverity } from '../../matcher/severity.js';
import { asCsafDocument, indexByProduct, ProductTree, selfUrl, type CsafDocument, type CsafRemediation, type CsafScore, type CsafThreat, type CsafVulnerability } from './csaf.js';
import { cvePageUrl, cvssScores, impactOf, rhsaId } from './record-fields.js';
import { collectStatements, streamFixes, type PackageStatements } from './statements.js';

export const RHEL_VEX_FEED = 'rhel-vex';

/** Largest VEX document read; the biggest Red Hat publishes are a few MiB (every middleware component of a Java CVE). */
export const MAX_CSAF_BYTES = 128 * 1024 * 1024;

const log = logger('feeds.rhel-vex');

// Red Hat names the files in lower case (`cve-2023-38545.json`), but OSV zips contain upper-case `CVE-…json` records.
const VEX_MEMBER = /(^|\/)cve-\d{4}-\d{4,}\.json$/;

export const rhelVexParser: FeedParser = {
  name: RHEL_VEX_FEED,

  accepts(memberPath: string): boolean {
    return VEX_MEMBER.test(memberPath);
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const document = asCsafDocument(await readJsonDocument(input, MAX_CSAF_BYTES), input.name);
    yield* vexRecords(document, input.name);
  },
};

/** Returns the records of one VEX document; none for a document Red Hat marked deleted. */
export function vexRecords(document: CsafDocument, member: string): VulnerabilityRecord[] {
  if (document.document.category !== 'csaf_vex') {
    throw invalidFeed(member, 'document.category', `"${document.document.category}" is not a VEX document; expected csaf_vex`);
  }
  if (document.document.tracking.status === 'deleted') return [];

  const tree = new ProductTree(document);
  const records: VulnerabilityRecord[] = [];
  let skipped = 0;

  for (const vulnerability of document.vulnerabilities ?? []) {
    const cve = (vulnerability.cve ?? document.document.tracking.id).toUpperCase();
    const context = new VulnerabilityContext(document, vulnerability, cve);

    const collected = collectStatements(tree, vulnerability.product_status);
    skipped += collected.skipped;
    for (const group of collected.groups) records.push(...context.records(group));
  }

  log.debug({ member, records: records.length, skippedProducts: skipped }, 'parsed VEX document');
  return records;
}

/** The per-vulnerability lookups (remediations, scores, threats by product id) and the fields every record shares. */
class VulnerabilityContext {
  private readonly remediations: Map<string, CsafRemediation[]>;
  private readonly scores: Map<string, CsafScore[]>;
  private readonly threats: Map<string, CsafThreat[]>;
  private readonly shared: Omit<VulnerabilityRecord, 'release' | 'packageName' | 'state' | 'severity'>;
  private readonly aggregateSeverity: string | undefined;

  constructor(document: CsafDocument, vulnerability: CsafVulnerability, cve: string) {
    this.remediations = indexByProduct(vulnerability.remediations, (remediation) => remediation.product_ids);
    this.scores = indexByProduct(vulnerability.scores, (score) => score.products);
    this.threats = indexByProduct(vulnerability.threats, (threat) => threat.product_ids);
    this.aggregateSeverity = document.document.aggregate_severity?.text;

    const description = vulnerability.notes?.find((note) => note.category === 'description' && note.text)?.text ?? vulnerability.title;
    const self = selfUrl(document);

    this.shared = {
      feed: RHEL_VEX_FEED,
      advisoryId: cve,
      cves: [cve],
      aliases: [],
      distribution: 'rhel',
      description,
      links: self ? [cvePageUrl(cve), self] : [cvePageUrl(cve)],
      published: vulnerability.release_date ?? vulnerability.discovery_date,
      modified: document.document.tracking.current_release_date,
    };
  }

  /**
   * Returns the records of one package group. A fix wins over every other
   * status, with one record per minor release stream and fixed build
   * (module builds differ only by context). Then come known_affected (will
   * not fix when every remediation is no_fix_planned), under_investigation
   * (unfixed, as the Debian tracker's undetermined) and known_not_affected.
   */
  records(group: PackageStatements): VulnerabilityRecord[] {
    const fixes = streamFixes(group.statements);
    if (fixes.length > 0) {
      return fixes.map((fix) => {
        const record = this.record(group, 'fixed', fix.productIds, fix.version);
        if (fix.minorRelease !== undefined) record.minorRelease = fix.minorRelease;
        return record;
      });
    }

    const ids = (list: string): string[] => group.statements.filter((statement) => statement.list === list).map((statement) => statement.productId);
    const affected = ids('known_affected');
    if (affected.length > 0) return [this.record(group, this.wontFix(affected) ? 'wont-fix' : 'unfixed', affected)];

    const investigated = ids('under_investigation');
    if (investigated.length > 0) return [this.record(group, 'unfixed', investigated)];

    return [this.record(group, 'not-affected', ids('known_not_affected'))];
  }

  private wontFix(productIds: string[]): boolean {
    return productIds.every((id) => (this.remediations.get(id) ?? []).some((remediation) => remediation.category === 'no_fix_planned'));
  }

  private record(group: PackageStatements, state: RecordState, productIds: string[], fixedVersion?: string): VulnerabilityRecord {
    const threats = productIds.flatMap((id) => this.threats.get(id) ?? []);
    const vendorSeverity = impactOf(threats) ?? impactOf([{ category: 'impact', details: this.aggregateSeverity }]);
    const remediations = productIds.flatMap((id) => this.remediations.get(id) ?? []);

    const errata = [...new Set(remediations.filter((remediation) => remediation.category === 'vendor_fix' && remediation.url).map((remediation) => remediation.url as string))];
    const advisories = [...new Set(errata.map(rhsaId).filter((id): id is string => id !== undefined))].sort();

    const record: VulnerabilityRecord = {
      ...this.shared,
      aliases: state === 'fixed' ? advisories : [],
      release: group.release,
      packageName: group.packageName,
      state,
      vendorSeverity,
      severity: normalizeSeverity(vendorSeverity),
      links: [...this.shared.links, ...(state === 'fixed' ? errata : [])],
    };
    if (fixedVersion !== undefined) record.fixedVersion = fixedVersion;
    if (group.module !== undefined) record.module = group.module;
    if (group.source) record.arches = ['src'];

    const cvss = cvssScores(productIds.flatMap((id) => this.scores.get(id) ?? []));
    if (cvss.length > 0) record.cvss = cvss;
    return record;
  }
}
