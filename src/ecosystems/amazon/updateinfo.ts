// Amazon Linux updateinfo.xml: the yum repository's advisory list, one
// `update` per ALAS advisory with its CVE references and the binary rpms
// (name, epoch, version, release, arch) that carry the fix. AL1, AL2 and
// AL2023 each publish one; the advisory id names the release (`ALAS-`,
// `ALAS2-`, `ALAS2023-`).
import path from 'node:path';
import type { Readable } from 'node:stream';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import { decompressByMagic, xmlItems, type XmlHandler, type XmlSink, type XmlTag } from '../../feeds/xml-stream.js';
import { normalizeSeverity } from '../../matcher/severity.js';
import { logger } from '../../log.js';

export const AMAZON_FEED = 'amazon-updateinfo';

const DOCUMENT_NAME = /(^|-)updateinfo\.xml(\.gz)?$/;

const log = logger('feeds.amazon-updateinfo');

/** Advisory id prefixes by release, as os-release VERSION_ID names it. */
const RELEASE_BY_PREFIX: Record<string, string> = { 'ALAS': '2018.03', 'ALAS2': '2', 'ALAS2023': '2023' };

/** ALAS pages by release, where the page name is the id with the release number taken out. */
const PAGE_FOLDER: Record<string, string> = { '2018.03': '', '2': 'AL2/', '2023': 'AL2023/' };

interface UpdatePackage {
  name: string;
  evr: string;
  arch: string;
}

/** One `update` element, as read. */
export interface AmazonUpdate {
  id: string;
  type: string;
  title: string;
  severity?: string;
  description: string;
  issued?: string;
  updated?: string;
  cves: string[];
  links: string[];
  packages: UpdatePackage[];
}

/** Returns the release an advisory id belongs to (`ALAS2-2018-1005` is `2`), or undefined for other repositories' ids. */
export function amazonReleaseOfAdvisory(id: string): string | undefined {
  const prefix = /^(ALAS\d*)-\d{4}-\d+$/.exec(id)?.[1];
  return prefix === undefined ? undefined : RELEASE_BY_PREFIX[prefix];
}

/** Reads the `update` elements of an updateinfo document one at a time. */
export function readUpdates(stream: Readable, member: string): AsyncIterable<AmazonUpdate> {
  return xmlItems<AmazonUpdate>(decompressByMagic(stream, member), member, updatesHandler);
}

const TEXT_ELEMENTS = new Set(['id', 'title', 'severity', 'description']);

function updatesHandler(sink: XmlSink<AmazonUpdate>): XmlHandler {
  let depth = 0;
  let update: AmazonUpdate | undefined;
  let text: string | undefined;

  return {
    open(tag: XmlTag) {
      depth++;
      const { name, attributes } = tag;
      if (depth === 1 && name !== 'updates') sink.fail(`the root element is <${name}>; expected an updateinfo <updates> document`);

      if (depth === 2 && name === 'update') {
        update = emptyUpdate(attributes.type ?? '');
        return;
      }
      if (!update) return;

      if (TEXT_ELEMENTS.has(name) && depth === 3) text = '';
      if (name === 'issued' && attributes.date) update.issued = attributes.date;
      if (name === 'updated' && attributes.date) update.updated = attributes.date;
      if (name === 'reference') {
        if (attributes.type === 'cve' && attributes.id) update.cves.push(attributes.id);
        if (attributes.href) update.links.push(attributes.href);
      }
      if (name === 'package') update.packages.push(updatePackage(attributes, update.id, sink));
    },
    text(value: string) {
      if (text !== undefined) text += value;
    },
    close(name: string) {
      if (update && text !== undefined && depth === 3 && TEXT_ELEMENTS.has(name)) {
        const value = text.trim();
        if (name === 'id') update.id = value;
        if (name === 'title') update.title = value;
        if (name === 'severity') update.severity = value;
        if (name === 'description') update.description = value;
        text = undefined;
      }
      if (depth === 2 && name === 'update' && update) {
        if (update.id === '') sink.fail('an <update> has no <id>');
        sink.emit(update);
        update = undefined;
      }
      depth--;
    },
  };
}

function emptyUpdate(type: string): AmazonUpdate {
  return { id: '', type, title: '', description: '', cves: [], links: [], packages: [] };
}

function updatePackage(attributes: Record<string, string>, id: string, sink: XmlSink<AmazonUpdate>): UpdatePackage {
  const { name, version, release, arch } = attributes;
  if (!name || !version || !release) sink.fail(`a <package> of ${id || 'an update'} lacks name, version or release`);
  const epoch = attributes.epoch && attributes.epoch !== '0' ? `${attributes.epoch}:` : '';
  return { name, evr: `${epoch}${version}-${release}`, arch: arch ?? '' };
}

/** Amazon writes `2024-07-01 20:41:00` (and `2018-05-03 18:20`) in UTC. */
function isoDate(date: string | undefined): string | undefined {
  if (date === undefined) return undefined;
  const match = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2})(:\d{2})?/.exec(date.trim());
  return match ? `${match[1]}T${match[2]}${match[3] ?? ':00'}Z` : date.trim();
}

/**
 * Returns one record per binary package of a security update, with the
 * architectures it was built for. Source rpms (`arch="src"`) are left out:
 * the matcher looks up binary names.
 */
export function updateRecords(update: AmazonUpdate, release: string): VulnerabilityRecord[] {
  const arches = new Map<string, Set<string>>();
  for (const pkg of update.packages) {
    if (pkg.arch === 'src') continue;
    const key = `${pkg.name}\u0000${pkg.evr}`;
    arches.set(key, (arches.get(key) ?? new Set()).add(pkg.arch));
  }

  const page = `https://alas.aws.amazon.com/${PAGE_FOLDER[release] ?? ''}${update.id.replace(/^ALAS\d+-/, 'ALAS-')}.html`;
  const cves = [...new Set(update.cves)];
  return [...arches].map(([key, archSet]) => {
    const [packageName, fixedVersion] = key.split('\u0000');
    const record: VulnerabilityRecord = {
      feed: AMAZON_FEED,
      advisoryId: update.id,
      cves,
      aliases: [],
      distribution: 'amzn',
      release,
      packageName,
      state: 'fixed',
      fixedVersion,
      severity: normalizeSeverity(update.severity),
      links: [...new Set([page, ...update.links])],
    };
    if (update.severity) record.vendorSeverity = update.severity;
    if (update.description !== '') record.description = update.description;
    const published = isoDate(update.issued);
    if (published) record.published = published;
    const modified = isoDate(update.updated);
    if (modified) record.modified = modified;
    const binaryArches = [...archSet].filter((arch) => arch !== '').sort();
    if (binaryArches.length > 0) record.arches = binaryArches;
    return record;
  });
}

/**
 * Returns the records of every security update in a document. The release
 * comes from each advisory id. For ids that name none, `release` is used:
 * the updater passes the release whose repository it fetched.
 */
export async function* updateinfoRecords(stream: Readable, member: string, release?: string): AsyncIterable<VulnerabilityRecord> {
  let skipped = 0;
  for await (const update of readUpdates(stream, member)) {
    if (update.type !== 'security') continue;
    const updateRelease = amazonReleaseOfAdvisory(update.id) ?? release;
    if (updateRelease === undefined) {
      skipped++;
      continue;
    }
    yield* updateRecords(update, updateRelease);
  }
  if (skipped > 0) log.warn({ member, skipped }, 'skipped advisories whose id names no Amazon Linux release');
}

export const amazonUpdateinfoParser: FeedParser = {
  name: AMAZON_FEED,

  accepts(memberPath: string): boolean {
    return DOCUMENT_NAME.test(path.posix.basename(memberPath));
  },

  parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    return updateinfoRecords(input.open(), input.name);
  },
};
