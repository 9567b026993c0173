// Alpine secdb: one document per branch and repository (`v3.11/main.json`,
// with a `.yaml` twin holding the same tree), listing for each origin
// package the apk versions that fix each id. One record per branch, origin
// package, fix version and id.
import path from 'node:path';
import { FAILSAFE_SCHEMA, load, YAMLException } from 'js-yaml';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { isJsonObject, parseJsonDocument } from '../../feeds/json-document.js';
import { readInputText } from '../../feeds/read-input.js';
import { logger } from '../../log.js';

const FEED = 'alpine-secdb';

/** The largest 2020 document is 72 KB; the cap leaves room for growth and stops a wrong file. */
const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

const DOCUMENT_NAME = /^(main|community|testing)\.(json|ya?ml)$/;

/** Fix version key of the ids that never affected the branch. */
const NEVER_AFFECTED = '0';

const log = logger('feeds.alpine-secdb');

export const alpineSecdbParser: FeedParser = {
  name: FEED,

  accepts(memberPath: string): boolean {
    return DOCUMENT_NAME.test(path.posix.basename(memberPath));
  },

  /** Reads each branch and repository once: the JSON document when both twins are present. */
  selectMembers(memberPaths: string[]): string[] {
    const jsonStems = new Set(memberPaths.filter((member) => member.endsWith('.json')).map(stemOf));
    return memberPaths.filter((member) => member.endsWith('.json') || !jsonStems.has(stemOf(member)));
  },

  async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
    const text = await readInputText(input, MAX_DOCUMENT_BYTES);
    const document = input.name.endsWith('.json') ? parseJsonDocument(text, input.name) : parseYamlDocument(text, input.name);
    yield* secdbRecords(document, input.name);
  },
};

function stemOf(member: string): string {
  return member.replace(/\.(json|ya?ml)$/, '');
}

/** Parses YAML with the failsafe schema, so every scalar stays a string as in the JSON twin (`1.10` stays `1.10`). */
function parseYamlDocument(text: string, member: string): unknown {
  try {
    return load(text, { schema: FAILSAFE_SCHEMA, filename: member });
  } catch (err) {
    if (!(err instanceof YAMLException)) throw err;
    const line = err.mark ? err.mark.line + 1 : undefined;
    throw invalidFeed(member, line, `invalid YAML (${err.reason})`);
  }
}

function secdbRecords(document: unknown, member: string): VulnerabilityRecord[] {
  if (!isJsonObject(document)) throw invalidFeed(member, 'the top level', 'expected a secdb document with distroversion and packages');

  const branch = document.distroversion;
  if (typeof branch !== 'string' || branch.trim() === '') throw invalidFeed(member, 'distroversion', 'missing or empty; expected a branch such as v3.11');

  return secdbPackageRecords(document.packages, member, {
    feed: FEED,
    distribution: 'alpine',
    release: branch.trim(),
    link: (cve) => `https://security.alpinelinux.org/vuln/${cve}`,
  });
}

/** Where the records of one secdb document go: Alpine's branch documents, or Wolfi's and Chainguard's single one. */
export interface SecdbTarget {
  feed: string;
  distribution: string;
  release: string;
  /** The tracker page of a CVE. */
  link(cve: string): string;
}

/**
 * Returns the records of a secdb `packages` list: one per origin package,
 * fix version and id. Wolfi and Chainguard publish the same shape as
 * Alpine, without branches.
 */
export function secdbPackageRecords(packagesValue: unknown, member: string, target: SecdbTarget): VulnerabilityRecord[] {
  // A branch without fixes has `packages:` empty (an empty string in the JSON twin too).
  const packages = packagesValue === '' || packagesValue === null ? [] : packagesValue;
  if (!Array.isArray(packages)) throw invalidFeed(member, 'packages', 'missing or not a list');

  const records: VulnerabilityRecord[] = [];
  const seen = new Set<string>();
  let unreadableIds = 0;

  for (const [index, entry] of packages.entries()) {
    const where = `packages[${index}].pkg`;
    const pkg = isJsonObject(entry) ? entry.pkg : undefined;
    if (!isJsonObject(pkg)) throw invalidFeed(member, where, 'expected an object with name and secfixes');
    if (typeof pkg.name !== 'string' || pkg.name === '') throw invalidFeed(member, `${where}.name`, 'missing or empty');

    for (const [fixKey, ids] of secfixesOf(pkg.secfixes, member, `${where}.secfixes`)) {
      for (const value of ids) {
        const names = secfixIds(value);
        if (!names) {
          unreadableIds++;
          continue;
        }

        // `CVE-2017-17434-1` and `-2` both name CVE-2017-17434: keep one record.
        const key = `${pkg.name}\u0000${fixKey}\u0000${names.advisoryId}`;
        if (seen.has(key)) continue;
        seen.add(key);

        records.push(secfixRecord(target, pkg.name, fixKey, names));
      }
    }
  }

  if (unreadableIds > 0) log.warn({ member, feed: target.feed, unreadableIds }, 'skipped secfixes values that hold no id');
  return records;
}

/** Returns the `[fix version, ids]` pairs of a package; a package without secfixes has none. */
function secfixesOf(secfixes: unknown, member: string, where: string): Array<[string, string[]]> {
  if (secfixes === undefined || secfixes === null || secfixes === '') return [];
  if (!isJsonObject(secfixes)) throw invalidFeed(member, where, 'expected a map from fixed version to a list of ids');

  return Object.entries(secfixes).map(([fixKey, ids]) => {
    if (ids === null || ids === '') return [fixKey, []];
    if (!Array.isArray(ids) || !ids.every((id) => typeof id === 'string')) {
      throw invalidFeed(member, `${where}["${fixKey}"]`, 'expected a list of id strings');
    }
    return [fixKey, ids as string[]];
  });
}

interface SecfixIds {
  advisoryId: string;
  cves: string[];
  aliases: string[];
}

/**
 * Normalises one secfixes value. Most are a CVE id; others are written
 * `CVE-2017-2887 TALOS-2017-0394` (two ids), `CVE-2017-17434-1` (a
 * numbered part of one CVE), `CVE 2018-16859`, `CVE_2019-2426` or
 * `CVE-2019-19451.patch`. Every CVE found goes to `cves` in the standard
 * spelling; every other token that starts with a letter and contains a digit
 * (`XSA-204`, `TALOS-2017-0394`, `wnpa-sec-2017-18`) is another id.
 * Returns undefined when the value holds no id.
 */
export function secfixIds(value: string): SecfixIds | undefined {
  const cves: string[] = [];
  const rest = value.replace(/CVE[-_ ](\d{4})-(\d{4,})/gi, (_match, year: string, sequence: string) => {
    const id = `CVE-${year}-${sequence}`;
    if (!cves.includes(id)) cves.push(id);
    return ' ';
  });

  const others = rest.split(/\s+/).filter((token) => /^[A-Za-z]/.test(token) && /\d/.test(token));
  const advisoryId = cves[0] ?? others[0];
  if (advisoryId === undefined) return undefined;

  return { advisoryId, cves, aliases: [...new Set(others.filter((id) => id !== advisoryId))] };
}

function secfixRecord(target: SecdbTarget, packageName: string, fixKey: string, ids: SecfixIds): VulnerabilityRecord {
  const record: VulnerabilityRecord = {
    feed: target.feed,
    advisoryId: ids.advisoryId,
    cves: ids.cves,
    aliases: ids.aliases,
    distribution: target.distribution,
    release: target.release,
    packageName,
    state: fixKey === NEVER_AFFECTED ? 'not-affected' : 'fixed',
    severity: 'Unknown',
    links: ids.cves.map((cve) => target.link(cve)),
  };
  if (fixKey !== NEVER_AFFECTED) record.fixedVersion = fixKey;
  return record;
}
