// The NDJSON members of a bundle: one FeedItem per line, written by export
// and checked line by line on import, so that a member is never held whole.
import { SEVERITIES, type FeedItem } from './types.js';
import { invalidFeed } from './invalid-feed.js';

/** One item is one line, so a longer line means a damaged member, not a record. */
export const MAX_LINE_BYTES = 64 << 20;

const NEWLINE = 0x0a;
const STATES = new Set(['fixed', 'unfixed', 'not-affected', 'wont-fix']);
const ENRICHMENT_KINDS = new Set(['nvd', 'epss', 'kev']);

/** Serialises one item as an NDJSON line. */
export function itemLine(item: FeedItem): string {
  return `${JSON.stringify(item)}\n`;
}

/**
 * Splits a byte stream into lines (without the newline) and passes each
 * chunk to `onChunk` first, for hashing. The last line needs no newline.
 */
export async function* splitLines(chunks: AsyncIterable<Buffer>, member: string, onChunk: (chunk: Buffer) => void): AsyncIterable<Buffer> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let lineNumber = 0;

  for await (const chunk of chunks) {
    onChunk(chunk);
    let start = 0;
    let end = chunk.indexOf(NEWLINE, start);
    while (end !== -1) {
      pending.push(chunk.subarray(start, end));
      lineNumber++;
      yield Buffer.concat(pending);
      pending = [];
      pendingBytes = 0;
      start = end + 1;
      end = chunk.indexOf(NEWLINE, start);
    }

    if (start < chunk.length) {
      pending.push(chunk.subarray(start));
      pendingBytes += chunk.length - start;
      if (pendingBytes > MAX_LINE_BYTES) throw invalidFeed(member, lineNumber + 1, `line longer than ${MAX_LINE_BYTES} bytes`);
    }
  }
  if (pendingBytes > 0) yield Buffer.concat(pending);
}

/**
 * Parses one line into an item of `feed` and checks the fields that the
 * store and the matchers rely on. A bad line raises INVALID_FEED naming the
 * member and line.
 */
export function parseItemLine(line: Buffer, feed: string, member: string, lineNumber: number): FeedItem {
  let value: unknown;
  try {
    value = JSON.parse(line.toString('utf8'));
  } catch (err) {
    throw invalidFeed(member, lineNumber, `invalid JSON (${(err as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw invalidFeed(member, lineNumber, 'not a JSON object');

  const item = value as Record<string, unknown>;
  if (item.feed !== feed) throw invalidFeed(member, lineNumber, `item of feed ${JSON.stringify(item.feed)} in the member of feed ${feed}`);

  const problem = 'kind' in item && 'cve' in item ? enrichmentProblem(item) : recordProblem(item);
  if (problem) throw invalidFeed(member, lineNumber, problem);
  return value as FeedItem;
}

function recordProblem(item: Record<string, unknown>): string | undefined {
  for (const key of ['advisoryId', 'distribution', 'packageName']) {
    if (typeof item[key] !== 'string' || item[key] === '') return `field ${key} is missing or not a string`;
  }
  if (typeof item.release !== 'string') return 'field release is missing or not a string';
  for (const key of ['cves', 'aliases', 'links']) {
    if (!isStringList(item[key])) return `field ${key} is not a list of strings`;
  }
  if (!STATES.has(item.state as string)) return `field state ${JSON.stringify(item.state)} is not one of ${[...STATES].join(', ')}`;
  if (!(SEVERITIES as readonly unknown[]).includes(item.severity)) return `field severity ${JSON.stringify(item.severity)} is not one of ${SEVERITIES.join(', ')}`;
  return undefined;
}

function enrichmentProblem(item: Record<string, unknown>): string | undefined {
  if (!ENRICHMENT_KINDS.has(item.kind as string)) return `field kind ${JSON.stringify(item.kind)} is not one of ${[...ENRICHMENT_KINDS].join(', ')}`;
  if (typeof item.cve !== 'string' || item.cve === '') return 'field cve is missing or not a string';
  const details = item[item.kind as string];
  if (typeof details !== 'object' || details === null) return `field ${String(item.kind)} is missing for an item of kind ${String(item.kind)}`;
  return undefined;
}

function isStringList(value: unknown): boolean {
  return Array.isArray(value) && value.every((entry) => typeof entry === 'string');
}
