// The manifest of an air-gapped bundle: what `db export` wrote and what
// `db import` checks before it writes anything. A bundle is a gzip tar
// whose first member is `manifest.json`, followed by one NDJSON member per
// feed (one FeedItem per line, the items of the feed's latest operation).
import { UserError } from '../errors.js';
import { layerlensVersion } from '../version.js';

/** Value of the manifest's `format` field; any other value is a file of another tool. */
export const BUNDLE_FORMAT = 'layerlens-bundle';
/** Version of the layout. A reader rejects a bundle of a newer version, because it cannot know what changed. */
export const BUNDLE_FORMAT_VERSION = 1;
export const MANIFEST_MEMBER = 'manifest.json';
/** Manifests are read whole, so their size is capped. */
export const MAX_MANIFEST_BYTES = 16 << 20;

/** Feed names become member names, so they are limited to characters that are safe in a path. */
const FEED_NAME = /^[a-z0-9][a-z0-9._-]*$/i;
const MEMBER_NAME = /^feeds\/[a-z0-9][a-z0-9._-]*\.ndjson$/i;
const SHA256_HEX = /^[0-9a-f]{64}$/;

/** The exported operation of one feed, as the exporting store recorded it. */
export interface BundleOperation {
  /** Operation id in the exporting store; the importing store assigns its own. */
  id: number;
  /** File or URL the exporting store loaded the records from. */
  source: string;
  createdAt: string;
  /** Updater that produced the operation, when it came from `db update`. */
  updater?: string;
  /** Content fingerprint of the feed's upstream data; an import with the same fingerprint stores nothing new. */
  fingerprint?: string;
  /** Newest published or modified date among the records. */
  newestRecord?: string;
}

export interface BundleFeed {
  feed: string;
  /** Tar member holding the feed's items, `feeds/<feed>.ndjson`. */
  member: string;
  /** SHA-256 of the member's bytes, lower-case hex. */
  sha256: string;
  /** Member size in bytes. */
  size: number;
  /** Number of NDJSON lines (items) in the member. */
  recordCount: number;
  operation: BundleOperation;
}

export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  formatVersion: number;
  /** ISO 8601 time of the export. */
  createdAt: string;
  /** LayerLens version that wrote the bundle. */
  layerlensVersion: string;
  feeds: BundleFeed[];
}

/** Returns the member name of a feed's items. A feed name that is unsafe in a path throws. */
export function feedMemberName(feed: string): string {
  if (!FEED_NAME.test(feed)) throw new Error(`feed name ${JSON.stringify(feed)} cannot be written to a bundle: use letters, digits, dots, dashes and underscores`);
  return `feeds/${feed}.ndjson`;
}

/**
 * Parses and checks a manifest read from `bundle`. A manifest of another
 * format or a newer version, or one with a missing or mistyped field,
 * raises INVALID_FEED naming the bundle, the field and the fix.
 */
export function parseBundleManifest(bundle: string, bytes: Buffer): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch (err) {
    throw invalidManifest(bundle, `is not valid JSON (${(err as Error).message})`);
  }
  if (!isObject(value)) throw invalidManifest(bundle, 'is not a JSON object');

  if (value.format !== BUNDLE_FORMAT) {
    throw new UserError(
      'INVALID_FEED',
      `${bundle} is not a LayerLens bundle: its ${MANIFEST_MEMBER} has format ${JSON.stringify(value.format)}, expected "${BUNDLE_FORMAT}"; give a file written by \`layerlens db export\``,
    );
  }
  const version = value.formatVersion;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) throw invalidManifest(bundle, 'has no valid formatVersion');
  if (version > BUNDLE_FORMAT_VERSION) {
    throw new UserError(
      'INVALID_FEED',
      `${bundle} is a bundle of format version ${version}, and this LayerLens (${layerlensVersion()}) reads version ${BUNDLE_FORMAT_VERSION}; upgrade LayerLens on this machine, or export with the same LayerLens version as here`,
    );
  }

  requireString(bundle, value, 'createdAt');
  requireString(bundle, value, 'layerlensVersion');
  if (!Array.isArray(value.feeds)) throw invalidManifest(bundle, 'has no feeds list');

  const feeds = value.feeds.map((entry, index) => checkFeed(bundle, entry, index));
  const seen = new Set<string>();
  for (const feed of feeds) {
    if (seen.has(feed.feed) || seen.has(feed.member)) throw invalidManifest(bundle, `lists feed ${feed.feed} or member ${feed.member} twice`);
    seen.add(feed.feed).add(feed.member);
  }

  return { format: BUNDLE_FORMAT, formatVersion: version, createdAt: value.createdAt as string, layerlensVersion: value.layerlensVersion as string, feeds };
}

function checkFeed(bundle: string, entry: unknown, index: number): BundleFeed {
  const where = `feeds[${index}]`;
  if (!isObject(entry)) throw invalidManifest(bundle, `${where} is not an object`);

  const feed = requireString(bundle, entry, 'feed', where);
  if (!FEED_NAME.test(feed)) throw invalidManifest(bundle, `${where}.feed ${JSON.stringify(feed)} is not a feed name`);
  const member = requireString(bundle, entry, 'member', where);
  if (!MEMBER_NAME.test(member)) throw invalidManifest(bundle, `${where}.member ${JSON.stringify(member)} is not a feeds/<name>.ndjson path`);
  const sha256 = requireString(bundle, entry, 'sha256', where);
  if (!SHA256_HEX.test(sha256)) throw invalidManifest(bundle, `${where}.sha256 is not 64 lower-case hex digits`);
  const size = requireCount(bundle, entry, 'size', where);
  const recordCount = requireCount(bundle, entry, 'recordCount', where);

  const operation = entry.operation;
  if (!isObject(operation)) throw invalidManifest(bundle, `${where}.operation is not an object`);
  const checked: BundleOperation = {
    id: requireCount(bundle, operation, 'id', `${where}.operation`),
    source: requireString(bundle, operation, 'source', `${where}.operation`),
    createdAt: requireString(bundle, operation, 'createdAt', `${where}.operation`),
  };
  for (const key of ['updater', 'fingerprint', 'newestRecord'] as const) {
    if (operation[key] === undefined || operation[key] === null) continue;
    checked[key] = requireString(bundle, operation, key, `${where}.operation`);
  }

  return { feed, member, sha256, size, recordCount, operation: checked };
}

function requireString(bundle: string, object: Record<string, unknown>, key: string, where?: string): string {
  const value = object[key];
  if (typeof value !== 'string' || value === '') throw invalidManifest(bundle, `has no ${where ? `${where}.` : ''}${key} string`);
  return value;
}

function requireCount(bundle: string, object: Record<string, unknown>, key: string, where: string): number {
  const value = object[key];
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidManifest(bundle, `${where}.${key} is not a whole number`);
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidManifest(bundle: string, problem: string): UserError {
  return new UserError('INVALID_FEED', `${bundle}: ${MANIFEST_MEMBER} ${problem}; the bundle is damaged or was not written by \`layerlens db export\`, so export it again`);
}
