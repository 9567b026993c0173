// Red Hat's change lists beside each CSAF directory: `changes.csv` names
// every document and the time it last changed, `deletions.csv` every
// document removed and when, one `"<year>/<file>.json","<ISO 8601 time>"`
// line per document.
import fs from 'node:fs';
import readline from 'node:readline';
import { invalidFeed } from '../../feeds/invalid-feed.js';

export interface ChangeEntry {
  /** Path relative to the directory, such as `2024/cve-2024-0727.json`. */
  path: string;
  /** Milliseconds since the epoch. */
  time: number;
}

const LINE = /^"?([^",]+)"?\s*,\s*"?([^",]+)"?$/;
const DOCUMENT_PATH = /^(\d{4})\/[A-Za-z0-9_.-]+\.json$/;

/**
 * Reads a change list and returns the entries that changed after `since`
 * (every entry when undefined), one per path with its newest time.
 * Throws INVALID_FEED naming `name` and the line for a malformed line.
 */
export async function readChangeList(file: string, name: string, since?: number): Promise<ChangeEntry[]> {
  const newest = new Map<string, number>();
  const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });

  let number = 0;
  for await (const raw of lines) {
    number++;
    const line = raw.trim();
    if (line === '') continue;

    const match = LINE.exec(line);
    if (!match || !DOCUMENT_PATH.test(match[1])) throw invalidFeed(name, number, `expected "<year>/<name>.json","<time>", found ${JSON.stringify(line.slice(0, 120))}`);

    const time = Date.parse(match[2]);
    if (Number.isNaN(time)) throw invalidFeed(name, number, `invalid time ${JSON.stringify(match[2])}`);
    if (since !== undefined && time <= since) continue;

    const path = match[1];
    if ((newest.get(path) ?? -Infinity) < time) newest.set(path, time);
  }

  return [...newest].map(([path, time]) => ({ path, time }));
}

/** Returns the year directory of a document path (`2024/cve-2024-0727.json` is 2024). */
export function documentYear(path: string): number {
  return Number(path.slice(0, 4));
}
