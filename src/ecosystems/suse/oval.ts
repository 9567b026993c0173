// SUSE OVAL: one document per product line (`suse.linux.enterprise.15.xml.gz`
// covers every 15 service pack, `opensuse.leap.15.5.xml.gz` one Leap
// release), one `vulnerability` definition per CVE. Each package criterion
// sits under the products it applies to ("SUSE Linux Enterprise Server 15
// SP5 is installed"), which name the release.
import path from 'node:path';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import type { OvalDefinition } from '../../feeds/oval.js';
import { readOvalDefinitions } from '../../feeds/oval.js';
import { ovalRecords, type OvalRelease } from '../../feeds/oval-records.js';

export const SUSE_FEED = 'suse-oval';

const DOCUMENT_NAME = /^(suse\.linux\.enterprise|opensuse\.leap|opensuse\.tumbleweed)[\w.-]*\.xml(\.gz)?$/;

/** SLE products and modules versioned like the OS (`... 15 SP5`); Micro and Storage have versions of their own. */
const ENTERPRISE_PRODUCT = /^SUSE Linux Enterprise (?!Micro\b|Storage\b).*? (1\d)(?: SP(\d+))?(?:[- ][A-Z][\w-]*)?$/;
const LEAP_PRODUCT = /^openSUSE Leap (\d+\.\d+)$/;
const SUSE_NOTICE = /^(?:open)?SUSE-[A-Z]+-\d{4}:\d+-\d+$/i;

/**
 * Returns the release of a SUSE product name. Every SUSE Linux Enterprise
 * product and module of a service pack (Server, Server for SAP, Module for
 * Basesystem, -LTSS, ...) maps to `sles` and `MAJOR.SP` (`15.5`), as SLES
 * and the BCI images write VERSION_ID. openSUSE Leap maps to
 * `opensuse-leap` and its version, Tumbleweed to the rolling release `''`.
 *
 * NOTE: SLE Micro and Leap Micro have their own os-release IDs and are not
 * matched yet; their statements are left out.
 */
export function suseRelease(product: string): OvalRelease | undefined {
  const name = product.trim();
  const enterprise = ENTERPRISE_PRODUCT.exec(name);
  if (enterprise) return { distribution: 'sles', release: enterprise[2] !== undefined ? `${enterprise[1]}.${enterprise[2]}` : enterprise[1] };

  const leap = LEAP_PRODUCT.exec(name);
  if (leap) return { distribution: 'opensuse-leap', release: leap[1] };

  if (name === 'openSUSE Tumbleweed') return { distribution: 'opensuse-tumbleweed', release: '' };
  return undefined;
}

/** Returns the CVE or notice id that titles the definition, else the definition id. */
function suseAdvisoryId(definition: OvalDefinition): string {
  const first = definition.title.split(/\s+/)[0] ?? '';
  return /^CVE-\d{4}-\d{4,}$/.test(first) || SUSE_NOTICE.test(first) ? first : definition.id;
}

/** SUSE-SU / openSUSE-SU notices that the definition references. */
function suseNotices(definition: OvalDefinition): string[] {
  return [...new Set(definition.references.map((ref) => ref.refId).filter((id) => SUSE_NOTICE.test(id)))];
}

/** Older documents give the rating only as the CVE's `impact` attribute. */
function suseImpact(definition: OvalDefinition): string | undefined {
  return definition.cves.find((cve) => cve.attributes.impact)?.attributes.impact;
}

export const suseOvalParser: FeedParser = {
  name: SUSE_FEED,

  accepts(memberPath: string): boolean {
    return DOCUMENT_NAME.test(path.posix.basename(memberPath));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const spec = { feed: SUSE_FEED, release: suseRelease, advisoryId: suseAdvisoryId, aliases: suseNotices, vendorSeverity: suseImpact };
    for await (const definition of readOvalDefinitions(input)) yield* ovalRecords(definition, spec);
  },
};
