// The feed parsers `db import` offers each file member to, in order: the
// first parser that accepts a member reads it.
import { alpineSecdbParser } from '../ecosystems/alpine/secdb.js';
import { debianAdvisoryListParser } from '../ecosystems/debian/dsa-list.js';
import { debianTrackerJsonParser } from '../ecosystems/debian/tracker-json.js';
import { ubuntuCveTrackerParser } from '../ecosystems/ubuntu/uct.js';
import { osvParser } from '../ecosystems/osv/parser.js';
import { rhelVexParser } from '../ecosystems/rhel/vex.js';
import { rhelCsafAdvisoryParser } from '../ecosystems/rhel/advisory.js';
import { photonOvalParser } from '../ecosystems/photon/oval.js';
import { suseOvalParser } from '../ecosystems/suse/oval.js';
import { oracleOvalParser } from '../ecosystems/oracle/oval.js';
import { amazonUpdateinfoParser } from '../ecosystems/amazon/updateinfo.js';
import { wolfiSecdbParser } from '../ecosystems/wolfi/secdb.js';
import { nvdParser } from '../ecosystems/nvd/cve-json.js';
import { epssParser } from '../ecosystems/epss/scores-csv.js';
import { kevParser } from '../ecosystems/kev/catalog.js';
import type { FeedParser } from './types.js';

export const feedParsers: readonly FeedParser[] = [
  debianTrackerJsonParser,
  debianAdvisoryListParser('DSA'),
  debianAdvisoryListParser('DLA'),
  ubuntuCveTrackerParser,
  alpineSecdbParser,
  rhelVexParser,
  rhelCsafAdvisoryParser,
  photonOvalParser,
  suseOvalParser,
  oracleOvalParser,
  amazonUpdateinfoParser,
  wolfiSecdbParser,
  // Before OSV, whose parser reads any `<ID>.json`.
  nvdParser,
  epssParser,
  kevParser,
  osvParser,
];

/** Description of the files `db import` reads, for messages. */
export const SUPPORTED_FEEDS =
  'Debian security tracker JSON (a file named json or *tracker*.json), ' +
  'Debian DSA and DLA lists (data/DSA/list, data/DLA/list), ' +
  'Ubuntu CVE tracker entries (active/CVE-*), ' +
  'Alpine secdb documents (v3.N/main.json, community.yaml, ...), ' +
  'OSV records (<Ecosystem>/all.zip, <Ecosystem>.osv.zip, <ID>.json), ' +
  'Red Hat CSAF VEX files (cve-YYYY-N.json) and CSAF security advisories (rhsa-YYYY_N.json), ' +
  'Photon OVAL (com.vmware.phsa-photonN.xml.gz), SUSE OVAL (suse.linux.enterprise.15.xml.gz, opensuse.leap.15.5.xml.gz), ' +
  'Oracle ELSA OVAL (com.oracle.elsa-all.xml.bz2), Amazon Linux updateinfo.xml(.gz), ' +
  'Wolfi and Chainguard secdb (security.json), ' +
  'NVD CVE API 2.0 responses and yearly files (*nvd*.json), FIRST EPSS scores (epss*.csv.gz), ' +
  'CISA KEV (known_exploited_vulnerabilities.json), ' +
  'each as a single file, or a .tar, .tar.gz or .tar.zst of them';

/** Returns the first parser that accepts the member, if any. */
export function parserFor(memberPath: string, parsers: readonly FeedParser[] = feedParsers): FeedParser | undefined {
  return parsers.find((parser) => parser.accepts(memberPath));
}
