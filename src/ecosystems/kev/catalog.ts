// CISA's Known Exploited Vulnerabilities catalogue
// (`known_exploited_vulnerabilities.json`): `{ title, catalogVersion,
// dateReleased, count, vulnerabilities: [{ cveID, dateAdded, dueDate,
// knownRansomwareCampaignUse, vulnerabilityName, requiredAction, ... }] }`.
// Each entry becomes one `kev` enrichment record.
import type { Readable } from 'node:stream';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { streamJsonArray } from '../../feeds/json-array-stream.js';
import { isJsonObject } from '../../feeds/json-document.js';
import type { EnrichmentRecord, FeedInput } from '../../feeds/types.js';

export const KEV_FEED = 'kev';

/** Largest catalogue entry accepted; real entries are under 2 KiB. */
const MAX_ENTRY_CHARS = 1024 * 1024;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** Yields one record per catalogue entry; rejects a catalogue whose `count` disagrees with its entries (a cut file). */
export async function* parseKevCatalog(input: Readable, member: string): AsyncIterable<EnrichmentRecord> {
  const entries = streamJsonArray(input, member, 'vulnerabilities', MAX_ENTRY_CHARS);
  let count = 0;

  let next = await entries.next();
  while (!next.done) {
    const { index, value, membersBefore } = next.value;
    // CISA writes catalogVersion before the entries; a catalogue that writes it after them leaves it unset.
    yield kevRecord(value, optionalText(membersBefore.catalogVersion), member, `vulnerabilities[${index}]`);
    count++;
    next = await entries.next();
  }

  const declared = next.value.count;
  if (declared !== undefined && declared !== count) {
    throw invalidFeed(member, 'count', `count is ${JSON.stringify(declared)} but the catalogue contains ${count} entries (truncated download?); download the catalogue again`);
  }
}

function kevRecord(entry: unknown, catalogVersion: string | undefined, member: string, where: string): EnrichmentRecord {
  if (!isJsonObject(entry)) throw invalidFeed(member, where, 'not an object');

  const cve = typeof entry.cveID === 'string' ? entry.cveID.trim().toUpperCase() : '';
  if (!isCveId(cve)) throw invalidFeed(member, `${where}.cveID`, `invalid CVE id ${JSON.stringify(entry.cveID)}`);
  if (typeof entry.dateAdded !== 'string' || !DAY.test(entry.dateAdded)) {
    throw invalidFeed(member, `${where}.dateAdded`, `expected YYYY-MM-DD, found ${JSON.stringify(entry.dateAdded)}`);
  }

  return {
    feed: KEV_FEED,
    kind: 'kev',
    cve,
    kev: {
      dateAdded: entry.dateAdded,
      dueDate: optionalText(entry.dueDate),
      knownRansomwareUse: entry.knownRansomwareCampaignUse === 'Known',
      name: optionalText(entry.vulnerabilityName),
      requiredAction: optionalText(entry.requiredAction),
      shortDescription: optionalText(entry.shortDescription),
      catalogVersion,
    },
  };
}

function optionalText(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** `db import` parser for the catalogue: `known_exploited_vulnerabilities*.json` (or `.json.gz`). */
export const kevParser = {
  name: KEV_FEED,
  accepts(memberPath: string): boolean {
    return /(^|\/)known_exploited_vulnerabilities[^/]*\.json$/i.test(memberPath);
  },
  parse(input: FeedInput): AsyncIterable<EnrichmentRecord> {
    return parseKevCatalog(input.open(), input.name);
  },
};
