// The Ubuntu CVE Tracker (UCT): one text file per CVE in `active/`, with
// header fields (`Name: value`, continued on lines that start with a
// space), then per source package `Priority_<pkg>:` overrides and one
// `<release>_<pkg>: <status> (<detail>)` line per release. One record per
// release and source package.
import path from 'node:path';
import type { FeedInput, FeedParser, RecordState, VulnerabilityRecord } from '../../feeds/types.js';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { readInputText } from '../../feeds/read-input.js';
import { logger } from '../../log.js';
import { severityFromPriority } from './priority.js';

const FEED = 'ubuntu-uct';

/** The largest file in the 2020 tracker is about 40 KB; this leaves ample room. */
const MAX_FILE_BYTES = 4 * 1024 * 1024;

/** File names of CVE entries; `00boilerplate*` templates and other helper files do not match. */
const CVE_FILE = /^CVE-\d{4}-\d{4,}$/;

/** `<release>_<package>:`, where a release may carry a variant (`trusty/esm`, `vivid/ubuntu-core`). */
const STATUS_LINE = /^([a-z][a-z0-9]*(?:\/[a-z0-9-]+)?)_([^\s:]+):(.*)$/;

/** A header field, including the per-package `Patches_<pkg>`, `Priority_<pkg>` and `Tags_<pkg>`. */
const FIELD_LINE = /^([A-Z][A-Za-z0-9-]*)(?:_([^\s:]+))?:(.*)$/;

/**
 * Pseudo-releases that are not Ubuntu releases: `upstream` is the
 * upstream project, `devel` is whichever release is in development (its
 * name changes every cycle, so a record for it would go stale), and
 * `product` marks phone products.
 */
const NOT_RELEASES = new Set(['upstream', 'devel', 'product']);

/**
 * Status words and their states. `DNE` (the package does not exist in that
 * release) gives no record: there is nothing to match.
 */
const STATUS_STATES: Readonly<Record<string, RecordState | null>> = {
  released: 'fixed',
  'not-affected': 'not-affected',
  DNE: null,
  needed: 'unfixed',
  'needs-triage': 'unfixed',
  pending: 'unfixed',
  deferred: 'unfixed',
  ignored: 'wont-fix',
};

/** A Debian/Ubuntu version; one tracker entry contains an `_`, which is kept as written. */
const VERSION = /^[0-9][A-Za-z0-9.+~:_-]*$/;

const log = logger('feeds.ubuntu-uct');

export const ubuntuCveTrackerParser: FeedParser = {
  name: FEED,

  accepts(memberPath: string): boolean {
    return CVE_FILE.test(path.posix.basename(memberPath));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const text = await readInputText(input, MAX_FILE_BYTES);
    yield* uctRecords(parseUctFile(text, input.name), input.name);
  },
};

interface StatusLine {
  release: string;
  packageName: string;
  status: string;
  detail: string;
  lineNumber: number;
}

interface UctFile {
  /** Header fields by name, continuation lines joined with newlines. */
  fields: Map<string, string>;
  /** `Priority_<pkg>` overrides by source package. */
  priorities: Map<string, string>;
  statuses: StatusLine[];
}

/** Splits a UCT file into header fields, priority overrides and status lines. */
export function parseUctFile(text: string, member: string): UctFile {
  const file: UctFile = { fields: new Map(), priorities: new Map(), statuses: [] };
  // Appends a continuation line to the field above it.
  let continueField: ((line: string) => void) | undefined;

  const lines = text.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    const lineNumber = index + 1;

    // A blank line may separate paragraphs of a field (Description), so it does not end the field.
    if (line.trim() === '') continue;
    // `#` comments out a line; some entries comment one out with `-- ` instead.
    if (line.startsWith('#') || line.startsWith('--')) continue;

    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (!continueField) throw invalidFeed(member, lineNumber, `continuation line "${line.trim()}" follows no field`);
      continueField(line.trim());
      continue;
    }

    const statusLine = STATUS_LINE.exec(line);
    if (statusLine) {
      const [, release, packageName, rest] = statusLine;
      const [status = '', ...detail] = rest!.trim().split(/\s+/);
      file.statuses.push({ release: release!, packageName: packageName!, status, detail: detail.join(' '), lineNumber });
      continueField = undefined;
      continue;
    }

    const field = FIELD_LINE.exec(line);
    if (!field) {
      throw invalidFeed(member, lineNumber, `invalid line "${line}"; expected "Field: value", "<release>_<package>: <status>" or an indented continuation`);
    }
    const [, name, packageName, value] = field;
    continueField = storeField(file, name!, packageName, value!.trim());
  }

  return file;
}

/**
 * Stores a header field or a `Priority_<pkg>` override and returns the
 * function that appends its continuation lines. Other per-package fields
 * (`Patches_`, `Tags_`) are dropped.
 */
function storeField(file: UctFile, name: string, packageName: string | undefined, value: string): (line: string) => void {
  let values: Map<string, string> | undefined;
  if (packageName === undefined) values = file.fields;
  else if (name === 'Priority') values = file.priorities;

  const key = packageName ?? name;
  values?.set(key, value);
  return (line) => values?.set(key, `${values.get(key)}\n${line}`);
}

function uctRecords(file: UctFile, member: string): VulnerabilityRecord[] {
  const id = file.fields.get('Candidate')?.trim() || path.posix.basename(member);
  const references = (file.fields.get('References') ?? '').split(/\s+/).filter((token) => /^https?:\/\//.test(token));
  const links = unique([`https://ubuntu.com/security/${id}`, ...references]);
  const aliases = unique(references.flatMap(usnIdsOf));
  const description = oneLine(file.fields.get('Description')) || oneLine(file.fields.get('Ubuntu-Description'));
  const published = publicDate(file.fields.get('PublicDate'));

  const records: VulnerabilityRecord[] = [];
  for (const line of file.statuses) {
    if (NOT_RELEASES.has(line.release)) continue;

    const state = STATUS_STATES[line.status];
    if (state === undefined) {
      throw invalidFeed(member, line.lineNumber, `unknown status "${line.status}" for ${line.release}_${line.packageName}; expected one of ${Object.keys(STATUS_STATES).join(', ')}`);
    }
    if (state === null) continue;

    const fixedVersion = state === 'fixed' ? releasedVersion(line.detail) : undefined;
    if (state === 'fixed' && fixedVersion === undefined) {
      // A fix without a version cannot be compared with an installed version.
      log.warn({ member, line: line.lineNumber, release: line.release, package: line.packageName, detail: line.detail }, 'skipped a released status without a fixed version');
      continue;
    }

    const priority = (file.priorities.get(line.packageName) ?? file.fields.get('Priority'))?.trim() || undefined;
    const record: VulnerabilityRecord = {
      feed: FEED,
      advisoryId: id,
      cves: isCveId(id) ? [id] : [],
      aliases,
      distribution: 'ubuntu',
      release: line.release,
      packageName: line.packageName,
      state,
      severity: severityFromPriority(priority),
      links,
    };
    if (fixedVersion !== undefined) record.fixedVersion = fixedVersion;
    if (priority !== undefined) record.vendorSeverity = priority;
    if (description) record.description = description;
    if (published) record.published = published;
    records.push(record);
  }
  return records;
}

/**
 * Returns the version in a `released` detail: `(1.2-3ubuntu1)`, and a few
 * entries use `[...]` or list two versions (`(0.27-1+deb7u1build0.12.04.1,
 * 0.28-1+deb8u1)`), where the first is the release's own.
 */
function releasedVersion(detail: string): string | undefined {
  const first = detail.replace(/^[([]\s*/, '').split(/[\s,)\]]+/)[0];
  return first !== undefined && VERSION.test(first) ? first : undefined;
}

/** USN ids named by reference URLs such as `https://usn.ubuntu.com/usn/usn-4288-1`. */
function usnIdsOf(url: string): string[] {
  return [...url.matchAll(/\busn-(\d+-\d+)\b/gi)].map((match) => `USN-${match[1]}`);
}

/** `2020-02-03 23:15:00 UTC` or `2020-02-03` as ISO 8601; anything else is dropped. */
function publicDate(value: string | undefined): string | undefined {
  const match = /^(\d{4}-\d{2}-\d{2})(?:[ T](\d{2}:\d{2}:\d{2})(?: UTC)?)?$/.exec(value?.trim() ?? '');
  if (!match) return undefined;
  return match[2] ? `${match[1]}T${match[2]}Z` : match[1];
}

function oneLine(text: string | undefined): string {
  return (text ?? '').replace(/\s+/g, ' ').trim();
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
