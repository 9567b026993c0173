// The security tracker's advisory lists, `data/DSA/list` (Debian Security
// Advisories) and `data/DLA/list` (Debian LTS Advisories), newest first:
//
//   [29 Mar 2023] DSA-5380-1 xorg-server - security update
//   	{CVE-2023-1393}
//   	[bullseye] - xorg-server 2:1.20.11-1+deb11u6
//   	NOTE: free text
//
// One record per advisory, release and source package.
import readline from 'node:readline';
import type { FeedInput, FeedParser, RecordState, VulnerabilityRecord } from '../../feeds/types.js';
import { isCveId } from '../../feeds/cve-id.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { logger } from '../../log.js';
import { debianTrackerLink } from './tracker-links.js';

/** `[DD Mon YYYY] ID rest`: the rest (source packages and title) is free-form in older entries. */
const HEADER = /^\[(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})\] ([A-Z]+-\d+(?:-\d+)?)(?:\s|$)/;

/** `[codename] - source-package rest`, indented. */
const RELEASE_LINE = /^\[([a-z][a-z0-9-]*)\]\s+-\s+(\S+)\s+(.*)$/;

/** A version token, then an optional `(comment)`. */
const FIXED_VERSION = /^([^<\s]\S*)(?:\s+\(.*\))?\s*$/;

/** A Debian version starts with an epoch or an upstream version, both digits first. */
const DEBIAN_VERSION = /^[0-9][A-Za-z0-9.+~:-]*$/;

/** `<tag>` then an optional `(reason)`. */
const TAGGED = /^<([a-z-]+)>(?:\s+\(.*\))?\s*$/;

/**
 * Release-line tags and the state each stands for. The lists use
 * `<not-affected>`, `<end-of-life>` and `<unfixed>`; the others are the
 * tracker's CVE-list tags, read the same way as in its JSON export.
 */
const TAG_STATES: Readonly<Record<string, RecordState>> = {
  'not-affected': 'not-affected',
  unfixed: 'unfixed',
  'end-of-life': 'wont-fix',
  ignored: 'wont-fix',
  'no-dsa': 'unfixed',
  postponed: 'unfixed',
};

const log = logger('feeds.debian-advisories');

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

interface ReleaseStatement {
  release: string;
  packageName: string;
  state: RecordState;
  fixedVersion?: string;
}

interface Advisory {
  id: string;
  published: string;
  cves: string[];
  statements: ReleaseStatement[];
}

/** Returns the parser for one list: `DSA` reads `data/DSA/list` as feed `debian-dsa`, `DLA` reads `data/DLA/list` as `debian-dla`. */
export function debianAdvisoryListParser(kind: 'DSA' | 'DLA'): FeedParser {
  const feed = `debian-${kind.toLowerCase()}`;
  const listPath = `${kind}/list`;

  return {
    name: feed,

    accepts(memberPath: string): boolean {
      return memberPath === listPath || memberPath.endsWith(`/${listPath}`);
    },

    async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
      for await (const advisory of readAdvisories(input)) {
        yield* advisoryRecords(feed, advisory);
      }
    },
  };
}

async function* readAdvisories(input: FeedInput): AsyncIterable<Advisory> {
  const lines = readline.createInterface({ input: input.open(), crlfDelay: Infinity });
  let current: Advisory | undefined;
  let lineNumber = 0;

  for await (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;

    if (line.startsWith('[')) {
      if (current) yield current;
      current = parseHeader(line, input.name, lineNumber);
      continue;
    }

    if (!/^\s/.test(line)) {
      throw invalidFeed(input.name, lineNumber, `expected an advisory header "[DD Mon YYYY] ID package - title" or an indented line, got "${line}"`);
    }
    if (!current) throw invalidFeed(input.name, lineNumber, 'indented line before the first advisory header');

    addDetail(current, line.trim(), input.name, lineNumber);
  }

  if (current) yield current;
}

function parseHeader(line: string, member: string, lineNumber: number): Advisory {
  const match = HEADER.exec(line);
  if (!match) {
    throw invalidFeed(member, lineNumber, `invalid advisory header "${line}"; expected "[DD Mon YYYY] ID package - title"`);
  }

  const [, day, month, year, id] = match;
  const monthIndex = MONTHS.indexOf(month!);
  if (monthIndex === -1) throw invalidFeed(member, lineNumber, `unknown month "${month}" in "${line}"`);

  const published = `${year}-${String(monthIndex + 1).padStart(2, '0')}-${day!.padStart(2, '0')}`;
  return { id: id!, published, cves: [], statements: [] };
}

/** Reads one indented line of an advisory: its CVE ids, a release statement or a note. */
function addDetail(advisory: Advisory, text: string, member: string, lineNumber: number): void {
  if (text.startsWith('NOTE:')) return;

  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw invalidFeed(member, lineNumber, `unterminated CVE list "${text}"; expected "{CVE-YYYY-NNNN ...}"`);
    for (const id of text.slice(1, -1).split(/\s+/).filter((token) => token !== '')) {
      if (!isCveId(id)) throw invalidFeed(member, lineNumber, `invalid CVE id "${id}" in "${text}"`);
      if (!advisory.cves.includes(id)) advisory.cves.push(id);
    }
    return;
  }

  const release = RELEASE_LINE.exec(text);
  if (!release) {
    throw invalidFeed(member, lineNumber, `invalid line "${text}"; expected "{CVE ids}", "[release] - package VERSION", "[release] - package <tag>" or "NOTE: text"`);
  }

  const [, codename, packageName, rest] = release;
  const outcome = releaseOutcome(rest!, text, member, lineNumber);
  if (outcome.fixedVersion !== undefined && !DEBIAN_VERSION.test(outcome.fixedVersion)) {
    // The DSA list has one such line (DSA-423, 2004), whose version repeats the package name.
    log.warn({ member, line: lineNumber, advisory: advisory.id, text }, 'skipped a release line whose fixed version is not a Debian version');
    return;
  }
  advisory.statements.push({ release: codename!, packageName: packageName!, ...outcome });
}

function releaseOutcome(rest: string, text: string, member: string, lineNumber: number): { state: RecordState; fixedVersion?: string } {
  const version = FIXED_VERSION.exec(rest);
  if (version) return { state: 'fixed', fixedVersion: version[1]! };

  const tagged = TAGGED.exec(rest);
  if (!tagged) throw invalidFeed(member, lineNumber, `invalid release line "${text}"; expected a fixed version or a <tag> after the package`);

  const state = TAG_STATES[tagged[1]!];
  if (!state) {
    throw invalidFeed(member, lineNumber, `unknown tag <${tagged[1]}> in "${text}"; known tags: ${Object.keys(TAG_STATES).map((tag) => `<${tag}>`).join(', ')}`);
  }
  return { state };
}

function advisoryRecords(feed: string, advisory: Advisory): VulnerabilityRecord[] {
  return advisory.statements.map((statement) => {
    const record: VulnerabilityRecord = {
      feed,
      advisoryId: advisory.id,
      cves: [...advisory.cves],
      aliases: [],
      distribution: 'debian',
      release: statement.release,
      packageName: statement.packageName,
      state: statement.state,
      severity: 'Unknown',
      links: [debianTrackerLink(advisory.id)],
      published: advisory.published,
    };
    if (statement.fixedVersion !== undefined) record.fixedVersion = statement.fixedVersion;
    return record;
  });
}
