// FIRST's daily EPSS scores (`epss_scores-YYYY-MM-DD.csv.gz`, and
// `epss_scores-current.csv.gz`): a comment line
// `#model_version:<v>,score_date:<time>`, the header `cve,epss,percentile`,
// then one row per CVE. Read line by line.
import readline from 'node:readline';
import type { Readable } from 'node:stream';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import type { EnrichmentRecord, FeedInput } from '../../feeds/types.js';

export const EPSS_FEED = 'epss';

const HEADER = 'cve,epss,percentile';

/** The file's metadata comment, which applies to every row. */
export interface EpssMetadata {
  modelVersion?: string;
  /** Day the scores were computed, `YYYY-MM-DD`. */
  scoreDate: string;
}

/**
 * Yields one `epss` enrichment record per row. The score date comes from
 * the comment line. A file without one must carry a `YYYY-MM-DD` date in
 * its name, as FIRST's dated files do, else it is rejected.
 */
export async function* parseEpssCsv(input: Readable, member: string): AsyncIterable<EnrichmentRecord> {
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  let lineNumber = 0;
  let metadata: EpssMetadata | undefined;
  let sawHeader = false;

  for await (const rawLine of lines) {
    lineNumber++;
    const line = rawLine.trim();
    if (line === '') continue;

    if (line.startsWith('#')) {
      if (!sawHeader) metadata = parseMetadata(line, member, lineNumber);
      continue;
    }

    if (!sawHeader) {
      if (line.toLowerCase() !== HEADER) throw invalidFeed(member, lineNumber, `expected the header "${HEADER}", found "${line.slice(0, 60)}"; give an EPSS scores CSV`);
      metadata ??= metadataFromName(member, lineNumber);
      sawHeader = true;
      continue;
    }

    yield epssRecord(line, metadata!, member, lineNumber);
  }

  if (!sawHeader) throw invalidFeed(member, lineNumber, `missing the header "${HEADER}"; give an EPSS scores CSV`);
}

/** Parses `#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000`. */
function parseMetadata(line: string, member: string, lineNumber: number): EpssMetadata {
  const fields = new Map<string, string>();
  for (const field of line.slice(1).split(',')) {
    const colon = field.indexOf(':');
    if (colon !== -1) fields.set(field.slice(0, colon).trim(), field.slice(colon + 1).trim());
  }

  const scoreDate = /^(\d{4}-\d{2}-\d{2})/.exec(fields.get('score_date') ?? '')?.[1];
  if (scoreDate === undefined) throw invalidFeed(member, lineNumber, `missing or invalid score_date in "${line.slice(0, 80)}"`);
  return { modelVersion: fields.get('model_version'), scoreDate };
}

function metadataFromName(member: string, lineNumber: number): EpssMetadata {
  const scoreDate = /(\d{4}-\d{2}-\d{2})[^/]*$/.exec(member)?.[1];
  if (scoreDate === undefined) {
    throw invalidFeed(member, lineNumber, 'no "#model_version:...,score_date:..." line and no date in the file name, so the score date is unknown; give the file as FIRST publishes it');
  }
  return { scoreDate };
}

function epssRecord(line: string, metadata: EpssMetadata, member: string, lineNumber: number): EnrichmentRecord {
  const columns = line.split(',');
  if (columns.length !== 3) throw invalidFeed(member, lineNumber, `expected 3 columns (cve,epss,percentile), found ${columns.length}`);

  const cve = columns[0].trim().toUpperCase();
  if (!isCveId(cve)) throw invalidFeed(member, lineNumber, `invalid CVE id "${columns[0]}"`);

  return {
    feed: EPSS_FEED,
    kind: 'epss',
    cve,
    epss: {
      score: probability(columns[1], 'epss', member, lineNumber),
      percentile: probability(columns[2], 'percentile', member, lineNumber),
      date: metadata.scoreDate,
      ...(metadata.modelVersion ? { modelVersion: metadata.modelVersion } : {}),
    },
  };
}

function probability(text: string, column: string, member: string, lineNumber: number): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value) || value < 0 || value > 1) {
    throw invalidFeed(member, lineNumber, `${column} must be a number from 0 to 1, found "${text}"`);
  }
  return value;
}

/** `db import` parser for EPSS score files: `epss*.csv` (or `.csv.gz`, decompressed by the importer). */
export const epssParser = {
  name: EPSS_FEED,
  accepts(memberPath: string): boolean {
    return /(^|\/)epss[^/]*\.csv$/i.test(memberPath);
  },
  parse(input: FeedInput): AsyncIterable<EnrichmentRecord> {
    return parseEpssCsv(input.open(), input.name);
  },
};
