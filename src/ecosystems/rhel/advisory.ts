// Red Hat's CSAF security advisories (RHSA): one document per erratum
// (https://security.access.redhat.com/data/csaf/v2/advisories/<year>/rhsa-<year>_<n>.json)
// listing the fixed NEVRAs per product stream and the CVEs they fix.
// LayerLens keeps the fixed rpm packages of the main RHEL streams, one
// record per (release, package, module stream, source or binary, minor
// release stream, fixed version).
import { logger } from '../../log.js';
import { readJsonDocument } from '../../feeds/json-document.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import { normalizeSeverity } from '../../matcher/severity.js';
import { asCsafDocument, impactWord, ProductTree, type CsafDocument } from './csaf.js';
import { cvssScores } from './record-fields.js';
import { collectStatements, streamFixes } from './statements.js';
import { MAX_CSAF_BYTES } from './vex.js';

export const RHEL_CSAF_FEED = 'rhel-csaf';

const log = logger('feeds.rhel-csaf');

// Red Hat names advisory files `rhsa-2022_0011.json`.
const ADVISORY_MEMBER = /(^|\/)rhsa-\d{4}_\d+\.json$/;

export const rhelCsafAdvisoryParser: FeedParser = {
  name: RHEL_CSAF_FEED,

  accepts(memberPath: string): boolean {
    return ADVISORY_MEMBER.test(memberPath);
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const document = asCsafDocument(await readJsonDocument(input, MAX_CSAF_BYTES), input.name);
    yield* advisoryRecords(document, input.name);
  },
};

/** Returns the fixed-package records of one advisory; none for a document Red Hat marked deleted. */
export function advisoryRecords(document: CsafDocument, member: string): VulnerabilityRecord[] {
  if (document.document.category !== 'csaf_security_advisory') {
    throw invalidFeed(member, 'document.category', `"${document.document.category}" is not a security advisory; expected csaf_security_advisory`);
  }
  if (document.document.tracking.status === 'deleted') return [];

  const id = document.document.tracking.id;
  const tree = new ProductTree(document);
  const vendorSeverity = impactWord(document.document.aggregate_severity?.text);
  const errata = document.document.references?.find((reference) => reference.category === 'self' && reference.url?.includes('/errata/'))?.url;
  const summary = document.document.notes?.find((note) => note.category === 'summary' && note.text)?.text ?? document.document.title;

  // Fixed versions per package group, with the CVEs whose fixed lists name them.
  const byGroup = new Map<string, { record: VulnerabilityRecord; cves: Set<string> }>();
  let skipped = 0;

  for (const vulnerability of document.vulnerabilities ?? []) {
    const collected = collectStatements(tree, { fixed: vulnerability.product_status?.fixed });
    skipped += collected.skipped;
    const cvss = cvssScores(vulnerability.scores ?? []);

    for (const group of collected.groups) {
      for (const { minorRelease, version } of streamFixes(group.statements)) {
        const key = [group.release, group.packageName, group.module ?? '', group.source ? 'src' : '', minorRelease ?? '', version].join('\u0000');

        let entry = byGroup.get(key);
        if (entry === undefined) {
          const record: VulnerabilityRecord = {
            feed: RHEL_CSAF_FEED,
            advisoryId: id,
            cves: [],
            aliases: [],
            distribution: 'rhel',
            release: group.release,
            packageName: group.packageName,
            state: 'fixed',
            fixedVersion: version,
            vendorSeverity,
            severity: normalizeSeverity(vendorSeverity),
            description: summary,
            links: errata ? [errata] : [],
            published: document.document.tracking.initial_release_date,
            modified: document.document.tracking.current_release_date,
          };
          if (group.module !== undefined) record.module = group.module;
          if (group.source) record.arches = ['src'];
          if (minorRelease !== undefined) record.minorRelease = minorRelease;
          entry = { record, cves: new Set() };
          byGroup.set(key, entry);
        }

        if (vulnerability.cve) entry.cves.add(vulnerability.cve.toUpperCase());
        if (cvss.length > 0) entry.record.cvss = mergeScores(entry.record.cvss, cvss);
      }
    }
  }

  const records = [...byGroup.values()].map(({ record, cves }) => ({ ...record, cves: [...cves].sort() }));
  log.debug({ member, advisory: id, records: records.length, skippedProducts: skipped }, 'parsed security advisory');
  return records;
}

function mergeScores(current: VulnerabilityRecord['cvss'], added: NonNullable<VulnerabilityRecord['cvss']>): VulnerabilityRecord['cvss'] {
  const all = [...(current ?? []), ...added];
  return all.filter((score, i) => all.findIndex((other) => other.version === score.version && other.vector === score.vector) === i);
}
