// Wolfi and Chainguard secdb (`security.json`): the Alpine secdb shape
// without branches, as both distributions roll. Each document names its
// repository: Wolfi's `urlprefix` is packages.wolfi.dev, Chainguard's
// packages.cgr.dev.
import path from 'node:path';
import type { FeedInput, FeedParser, VulnerabilityRecord } from '../../feeds/types.js';
import { invalidFeed } from '../../feeds/invalid-feed.js';
import { isJsonObject, readJsonDocument } from '../../feeds/json-document.js';
import { secdbPackageRecords, type SecdbTarget } from '../alpine/secdb.js';

export const WOLFI_FEED = 'wolfi-secdb';
export const CHAINGUARD_FEED = 'chainguard-secdb';

/** Wolfi's document held 18 MB in 2025; the cap leaves room for growth and stops a wrong file. */
const MAX_DOCUMENT_BYTES = 256 * 1024 * 1024;

const DOCUMENT_NAME = /^((wolfi|chainguard)[-_.])?security\.json$/;

/** Security pages of both distributions are on Chainguard's site. */
const link = (cve: string): string => `https://images.chainguard.dev/security/${cve}`;

/**
 * Returns which distribution a document belongs to: the repository it names
 * (`urlprefix`, `reponame`), else the file name, else Wolfi.
 */
export function secdbDistribution(document: Record<string, unknown>, member: string): 'wolfi' | 'chainguard' {
  const urlPrefix = typeof document.urlprefix === 'string' ? document.urlprefix : '';
  if (/cgr\.dev/.test(urlPrefix) || document.reponame === 'chainguard') return 'chainguard';
  if (/wolfi\.dev/.test(urlPrefix) || document.reponame === 'os') return 'wolfi';
  return /chainguard/i.test(member) ? 'chainguard' : 'wolfi';
}

/** Records of one Wolfi or Chainguard secdb document, with release `''`. */
export function rollingSecdbRecords(document: unknown, member: string, distribution?: 'wolfi' | 'chainguard'): VulnerabilityRecord[] {
  if (!isJsonObject(document)) throw invalidFeed(member, 'the top level', 'expected a secdb document with packages');
  const did = distribution ?? secdbDistribution(document, member);
  const target: SecdbTarget = { feed: did === 'wolfi' ? WOLFI_FEED : CHAINGUARD_FEED, distribution: did, release: '', link };
  return secdbPackageRecords(document.packages, member, target);
}

/**
 * Returns a parser of Wolfi and Chainguard secdb documents. Without a
 * distribution it detects which one a document is from its content, as
 * `db import` needs. An updater passes the distribution it fetched.
 */
export function rollingSecdbParser(distribution?: 'wolfi' | 'chainguard'): FeedParser {
  return {
    name: distribution === 'chainguard' ? CHAINGUARD_FEED : WOLFI_FEED,

    accepts(memberPath: string): boolean {
      return DOCUMENT_NAME.test(path.posix.basename(memberPath));
    },

    async *parse(input: FeedInput): AsyncIterable<VulnerabilityRecord> {
      yield* rollingSecdbRecords(await readJsonDocument(input, MAX_DOCUMENT_BYTES), input.name, distribution);
    },
  };
}

export const wolfiSecdbParser: FeedParser = rollingSecdbParser();
