// Reads a bundle as a stream: detects it by content, verifies every
// member against the manifest, then streams each feed's items while
// hashing them again, because the file could change between the passes.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { pipeline, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { UserError } from '../errors.js';
import { parseItemLine, splitLines } from './bundle-items.js';
import { MANIFEST_MEMBER, MAX_MANIFEST_BYTES, parseBundleManifest, type BundleFeed, type BundleManifest } from './bundle-manifest.js';
import type { FeedItem } from './types.js';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);

type TarEntry = ReturnType<typeof tarExtract> extends AsyncIterable<infer Entry> ? Entry : never;

/** One feed's member of a bundle, read in file order. Its items can be iterated once, before the next member. */
export interface BundleMember {
  feed: BundleFeed;
  items: AsyncIterable<FeedItem>;
}

/**
 * Returns the manifest when `file` is a bundle (a gzip tar whose first
 * member is manifest.json), else undefined. A file that starts like a
 * bundle but whose manifest is foreign, newer or damaged raises INVALID_FEED.
 */
export async function readBundleManifest(file: string): Promise<BundleManifest | undefined> {
  if (!(await startsWithGzip(file))) return undefined;

  try {
    for await (const entry of tarEntries(file)) {
      if (entryName(entry) !== MANIFEST_MEMBER) return undefined;
      const size = entry.header.size ?? 0;
      if (size > MAX_MANIFEST_BYTES) {
        throw new UserError('INVALID_FEED', `${file}: ${MANIFEST_MEMBER} is ${size} bytes, more than the ${MAX_MANIFEST_BYTES} a bundle manifest may have; give a bundle written by \`layerlens db export\``);
      }
      return parseBundleManifest(file, await readAll(entry));
    }
  } catch (err) {
    // A gzip file that is not a tar, or is damaged before its first member, is left to the feed parsers.
    if (err instanceof UserError) throw err;
    return undefined;
  }
  return undefined;
}

/**
 * Reads the whole bundle once and checks that its members are exactly the
 * manifest's, each with the listed size and SHA-256. Nothing is parsed or
 * stored; a mismatch raises INVALID_FEED naming the member and the fix.
 */
export async function verifyBundle(file: string, manifest: BundleManifest): Promise<void> {
  const expected = new Map(manifest.feeds.map((feed) => [feed.member, feed]));
  const seen = new Set<string>();

  for await (const entry of memberEntries(file)) {
    const feed = memberOf(file, entry, expected, seen);
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of readingBundle(file, entry as AsyncIterable<Buffer>)) {
      hash.update(chunk);
      size += chunk.length;
    }
    checkDigest(file, feed, size, hash.digest('hex'));
  }
  checkNoneMissing(file, manifest, seen);
}

/**
 * Streams each feed member's items in file order. Each member is hashed and
 * its lines counted as it is read. A difference from the manifest raises
 * INVALID_FEED after its last item, so a store transaction around the read
 * rolls back. Call verifyBundle first, so that no write starts on a bad file.
 */
export async function* readBundleMembers(file: string, manifest: BundleManifest): AsyncIterable<BundleMember> {
  const expected = new Map(manifest.feeds.map((feed) => [feed.member, feed]));
  const seen = new Set<string>();

  for await (const entry of memberEntries(file)) {
    const feed = memberOf(file, entry, expected, seen);
    yield { feed, items: memberItems(file, feed, entry as AsyncIterable<Buffer>) };
  }
  checkNoneMissing(file, manifest, seen);
}

/** Parses a member's lines into items and checks its size, digest and line count at its end. */
async function* memberItems(file: string, feed: BundleFeed, entry: AsyncIterable<Buffer>): AsyncIterable<FeedItem> {
  const hash = createHash('sha256');
  let size = 0;
  let lineNumber = 0;

  for await (const line of splitLines(readingBundle(file, entry as AsyncIterable<Buffer>), feed.member, (chunk) => {
    hash.update(chunk);
    size += chunk.length;
  })) {
    lineNumber++;
    yield parseItemLine(line, feed.feed, feed.member, lineNumber);
  }

  checkDigest(file, feed, size, hash.digest('hex'));
  if (lineNumber !== feed.recordCount) {
    throw damaged(file, `member ${feed.member} has ${lineNumber} items, and its manifest lists ${feed.recordCount}`);
  }
}

/**
 * Yields the members after the manifest, in file order. Each must be read
 * (or left) before the next arrives; tar and gzip errors raise INVALID_FEED.
 */
async function* memberEntries(file: string): AsyncIterable<TarEntry> {
  let first = true;
  for await (const entry of readingBundle(file, tarEntries(file))) {
    if (first) {
      first = false;
      if (entryName(entry) !== MANIFEST_MEMBER) throw damaged(file, `its first member is ${entryName(entry)}, not ${MANIFEST_MEMBER}`);
      entry.resume();
      continue;
    }
    yield entry;
    // A member the caller stopped reading must still be drained for the next header to arrive.
    entry.resume();
  }
}

/** Passes a bundle stream through, turning its read, gzip and tar errors into INVALID_FEED naming the bundle. */
async function* readingBundle<T>(file: string, stream: AsyncIterable<T>): AsyncIterable<T> {
  try {
    for await (const value of stream) yield value;
  } catch (err) {
    if (err instanceof UserError) throw err;
    throw damaged(file, `it cannot be read to the end (${(err as Error).message})`, err);
  }
}

function checkNoneMissing(file: string, manifest: BundleManifest, seen: Set<string>): void {
  const missing = manifest.feeds.filter((feed) => !seen.has(feed.member));
  if (missing.length === 0) return;
  const more = missing.length > 1 ? `, and ${missing.length - 1} more` : '';
  throw damaged(file, `member ${missing[0].member} (feed ${missing[0].feed}) that its manifest lists is missing${more}`);
}

function memberOf(file: string, entry: TarEntry, expected: Map<string, BundleFeed>, seen: Set<string>): BundleFeed {
  const name = entryName(entry);
  const feed = expected.get(name);
  if (entry.header.type !== 'file' || feed === undefined) throw damaged(file, `member ${name} is not listed in its manifest`);
  if (seen.has(name)) throw damaged(file, `member ${name} appears twice`);
  seen.add(name);
  return feed;
}

function checkDigest(file: string, feed: BundleFeed, size: number, sha256: string): void {
  if (size !== feed.size) throw damaged(file, `member ${feed.member} is ${size} bytes, and its manifest lists ${feed.size}`);
  if (sha256 !== feed.sha256) throw damaged(file, `member ${feed.member} has SHA-256 ${sha256}, and its manifest lists ${feed.sha256}`);
}

/** Returns the INVALID_FEED error for a bundle whose bytes differ from what export wrote. */
function damaged(file: string, problem: string, cause?: unknown): UserError {
  return new UserError(
    'INVALID_FEED',
    `${file} is damaged or was changed after export: ${problem}; nothing was imported. Copy the bundle again and compare its SHA-256 with the one \`layerlens db export\` printed, or export it again`,
    { cause },
  );
}

/** True when the file starts with the gzip magic bytes; false also when it cannot be opened, which the feed import then reports. */
async function startsWithGzip(file: string): Promise<boolean> {
  let handle: fs.promises.FileHandle;
  try {
    handle = await fs.promises.open(file, 'r');
  } catch {
    return false;
  }
  try {
    const head = Buffer.alloc(GZIP_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return bytesRead === head.length && head.equals(GZIP_MAGIC);
  } finally {
    await handle.close();
  }
}

/** Iterates the tar entries of a gzip file. Read, gzip and tar errors reach the loop. */
async function* tarEntries(file: string): AsyncIterable<TarEntry> {
  const extract = tarExtract();
  const raw: Readable = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  pipeline(raw, gunzip, extract, (err) => {
    if (err) extract.destroy(err);
  });

  try {
    for await (const entry of extract) yield entry;
  } finally {
    extract.destroy();
    raw.destroy();
  }
}

function entryName(entry: TarEntry): string {
  return entry.header.name.replace(/^(\.\/|\/)+/, '');
}

async function readAll(entry: TarEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}
