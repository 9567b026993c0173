// The OSV feed parser. Each `<id>.json` member of an OSV zip (OSV's
// `<Ecosystem>/all.zip`, GitHub's advisory database in OSV form) is one
// record, read whole with a size cap and converted on its own, so memory
// keeps one record at a time.
import path from 'node:path';
import { isZipMember } from '../../feeds/feed-zip.js';
import { readJsonDocument } from '../../feeds/json-document.js';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import { logger } from '../../log.js';
import { osvEcosystems, type OsvEcosystem } from './ecosystems.js';
import { datesFileFor, readRecordDates, type RecordDates } from './git-dates.js';
import { emptySkipCounts, toVulnerabilityRecords, validateOsvRecord, type SkipCounts } from './record.js';

/**
 * Records in the snapshots tried are below 64 KiB. The cap leaves room for
 * records that list thousands of affected versions and stops a wrong file.
 */
const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/**
 * OSV ids are a database prefix in capitals and a dash: `GHSA-…`, `PYSEC-…`,
 * `GO-…`, `RUSTSEC-…`, `DLA-…`, `USN-…`, `UBUNTU-CVE-…`, `ALPINE-CVE-…`,
 * `CVE-…`, `OSV-…`.
 */
const RECORD_NAME = /^[A-Z][A-Z0-9]*-[A-Za-z0-9._-]+\.json$/;

const log = logger('feeds.osv');

/** Counts per pass over one zip, logged after its last member. */
const skippedByArchive = new WeakMap<object, SkipCounts>();

export const osvParser: FeedParser = {
  // Records carry `osv-<ecosystem>` feed names; this is the parser's own.
  name: 'osv',

  accepts(memberPath: string): boolean {
    return RECORD_NAME.test(path.posix.basename(memberPath));
  },

  /**
   * Returns false only for a zip named after its ecosystem, which contains
   * that whole feed. Any other file (`GIT.osv.zip`, a single `GHSA-….json`, a
   * tarball of records) contains a few records of some feeds.
   */
  mergesIntoFeeds(file: string): boolean {
    return !(/\.zip$/i.test(file) && ecosystemOfArchive(file) !== undefined);
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const scope = isZipMember(input) ? ecosystemOfArchive(input.archive.file) : undefined;
    const skipped = countsFor(input);

    yield* parseOsvMember(input, scope, skipped, datesFor(input));

    if (isZipMember(input) && input.index === input.archive.memberCount - 1) logSkipped(input.archive.file, scope, skipped);
  },
};

/**
 * Returns a parser for one ecosystem's zip whatever its file name, for the
 * updaters, which download `<Ecosystem>/all.zip` to a temporary file.
 */
export function scopedOsvParser(ecosystem: OsvEcosystem): FeedParser {
  return {
    name: ecosystem.feed,
    accepts: osvParser.accepts,

    async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
      const skipped = countsFor(input);
      yield* parseOsvMember(input, ecosystem, skipped);

      if (isZipMember(input) && input.index === input.archive.memberCount - 1) logSkipped(input.archive.file, ecosystem, skipped);
    },
  };
}

/** Parses one record member into the records of the ecosystem in scope (every stored ecosystem when undefined). */
export async function* parseOsvMember(
  input: FeedInput,
  scope: OsvEcosystem | undefined,
  skipped: SkipCounts,
  dates?: Map<string, RecordDates>,
): AsyncIterable<VulnerabilityRecord> {
  const record = validateOsvRecord(await readJsonDocument(input, MAX_RECORD_BYTES), input.name);
  yield* toVulnerabilityRecords(record, scope, skipped, dates?.get(record.id));
}

/** Dates files per pass over one zip: read once, at its first member. */
const datesByArchive = new WeakMap<object, Map<string, RecordDates> | undefined>();

/** Returns the dates file beside an imported zip, such as `Go.osv.git-dates.tsv` beside `Go.osv.zip`. */
function datesFor(input: FeedInput): Map<string, RecordDates> | undefined {
  if (!isZipMember(input)) return undefined;
  if (!datesByArchive.has(input.archive)) {
    const dates = readRecordDates(input.archive.file);
    if (dates !== undefined) log.info({ file: datesFileFor(input.archive.file), records: dates.size }, 'read record dates beside the zip');
    datesByArchive.set(input.archive, dates);
  }
  return datesByArchive.get(input.archive);
}

/**
 * Returns the ecosystem a zip contains, from its name as OSV spells it
 * (`npm/all.zip`) or as `<Ecosystem>.<anything>.zip` (`PyPI.osv.zip`,
 * `crates.io.osv.zip`, `Maven.ghsa-subset.osv.zip`). Returns undefined for
 * any other name, and then the records of every stored ecosystem are read.
 */
export function ecosystemOfArchive(file: string): OsvEcosystem | undefined {
  const parts = file.split(/[\\/]/);
  const base = parts[parts.length - 1];
  const name = base.toLowerCase() === 'all.zip' && parts.length > 1 ? parts[parts.length - 2] : base;
  return osvEcosystems().find((ecosystem) => name === ecosystem.osv || name.startsWith(`${ecosystem.osv}.`));
}

function countsFor(input: FeedInput): SkipCounts {
  if (!isZipMember(input)) return emptySkipCounts();

  let counts = skippedByArchive.get(input.archive);
  if (counts === undefined) {
    counts = emptySkipCounts();
    skippedByArchive.set(input.archive, counts);
  }
  return counts;
}

/** Logs what a zip held that LayerLens does not store, once per zip. */
export function logSkipped(file: string, scope: OsvEcosystem | undefined, skipped: SkipCounts): void {
  const unknownEcosystems = Object.fromEntries(skipped.unknownEcosystems);
  const unknownReleases = Object.fromEntries(skipped.unknownReleases);
  const total = [...skipped.unknownEcosystems.values(), ...skipped.unknownReleases.values()].reduce((sum, n) => sum + n, skipped.outOfScope + skipped.withoutPackage);
  if (total === 0) return;

  log.info(
    { file, ecosystem: scope?.osv, unknownEcosystems, unknownReleases, otherEcosystems: skipped.outOfScope, withoutPackage: skipped.withoutPackage },
    'skipped OSV affected entries of ecosystems or releases LayerLens does not store',
  );
}
