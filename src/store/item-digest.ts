// The content key of a stored feed item: two items with the same fields
// and values have the same digest, whatever the order of their keys.
// Diffs between update operations compare items by it.
import { createHash } from 'node:crypto';
import type { FeedItem } from '../feeds/types.js';
import { isEnrichment } from '../feeds/types.js';

/** Returns the lower-case hex SHA-256 of the item's canonical JSON (keys sorted, undefined fields left out). */
export function itemDigest(item: FeedItem): string {
  return createHash('sha256').update(canonicalJson(item)).digest('hex');
}

/**
 * Bytes of the digest that a store keeps per row: the first 128 bits of the
 * SHA-256, enough to tell records apart, at a quarter of the hex text's size.
 */
export const STORED_DIGEST_BYTES = 16;

/** Returns the first STORED_DIGEST_BYTES bytes of the item's SHA-256, the digest column of the SQLite store. */
export function storedItemDigest(item: FeedItem): Buffer {
  return createHash('sha256').update(canonicalJson(item)).digest().subarray(0, STORED_DIGEST_BYTES);
}

/** JSON with object keys in sorted order at every depth, so that equal content gives equal text. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, field: unknown) => {
    if (field === null || typeof field !== 'object' || Array.isArray(field)) return field;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(field).sort()) sorted[key] = (field as Record<string, unknown>)[key];
    return sorted;
  });
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}/;

/**
 * Returns the newest date an item states about itself: publication or
 * modification for records and NVD, the score date for EPSS, the date added
 * for KEV. Only ISO 8601 dates count, so that dates compare as text.
 */
export function itemDate(item: FeedItem): string | undefined {
  const candidates = isEnrichment(item)
    ? [item.nvd?.published, item.nvd?.modified, item.epss?.date, item.kev?.dateAdded]
    : [item.published, item.modified];

  let newest: string | undefined;
  for (const date of candidates) {
    if (date === undefined || !ISO_DATE.test(date)) continue;
    if (newest === undefined || date > newest) newest = date;
  }
  return newest;
}

/** Returns the key by which a delta feed's carryOver names an item: the advisory id, or the CVE for enrichment. */
export function itemKey(item: FeedItem): string {
  return isEnrichment(item) ? item.cve : item.advisoryId;
}
