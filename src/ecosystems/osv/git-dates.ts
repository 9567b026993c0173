// Publication and modification dates for records that state none. Go's
// vulnerability repository writes the zero time in its records, and only
// the published database fills in real times. A snapshot of the repository
// can therefore carry a `<zip less .zip>.git-dates.tsv` beside the zip,
// with the `id`, `first_commit` and `last_commit` of each record.
import fs from 'node:fs';
import { invalidFeed } from '../../feeds/invalid-feed.js';

/** Dates of one record, ISO 8601. */
export interface RecordDates {
  published: string;
  modified: string;
}

/** The file of dates is about 280 KB for 4,300 Go records; the cap stops a wrong file. */
const MAX_DATES_BYTES = 16 * 1024 * 1024;

const HEADER = ['id', 'first_commit', 'last_commit'];

/** Returns the path of the dates file beside a zip (`Go.osv.zip` → `Go.osv.git-dates.tsv`). */
export function datesFileFor(zip: string): string {
  return `${zip.replace(/\.zip$/i, '')}.git-dates.tsv`;
}

/**
 * Reads the dates file beside a zip, or returns undefined when there is
 * none. Throws INVALID_FEED naming the file and line for a malformed one.
 */
export function readRecordDates(zip: string): Map<string, RecordDates> | undefined {
  const file = datesFileFor(zip);
  let stats: fs.Stats;
  try {
    stats = fs.statSync(file);
  } catch {
    return undefined;
  }
  if (stats.size > MAX_DATES_BYTES) throw invalidFeed(file, undefined, `larger than ${MAX_DATES_BYTES / (1024 * 1024)} MiB; check that this is a dates file (id, first_commit, last_commit)`);

  const lines = fs.readFileSync(file, 'utf8').split('\n');
  if (lines[0]?.trim().split('\t').join(',') !== HEADER.join(',')) throw invalidFeed(file, 1, `expected the header ${HEADER.join('<TAB>')}`);

  const dates = new Map<string, RecordDates>();
  lines.slice(1).forEach((line, index) => {
    if (line.trim() === '') return;
    const [id, published, modified] = line.split('\t');
    if (!id || !isDate(published) || !isDate(modified)) throw invalidFeed(file, index + 2, 'expected an id and two ISO 8601 dates separated by tabs');
    dates.set(id, { published: published!, modified: modified!.trim() });
  });
  return dates;
}

function isDate(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '' && !Number.isNaN(Date.parse(value));
}
