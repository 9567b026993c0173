// `db import`: reads feed files (tar snapshots or single documents), offers
// each member to the feed parsers and stores each file's records in one
// store transaction.
import path from 'node:path';
import { isUserError, UserError } from '../errors.js';
import { logger } from '../log.js';
import type { Store, UpdateOperation } from '../store/store.js';
import { archiveError, openFeedFile, type FeedFile } from './feed-file.js';
import { feedParsers, SUPPORTED_FEEDS } from './registry.js';
import type { FeedItem, FeedParser } from './types.js';

const log = logger('feeds.import');

export interface ImportOptions {
  parsers?: readonly FeedParser[];
  /** Called after each file's records are committed, with that file's update operations. */
  onImported?(file: string, operations: UpdateOperation[]): void;
  /** Operations kept per feed (`updaters.retention`); the store's default when omitted. */
  keep?: number;
}

/** A file and the parser chosen for each member that will be read. */
interface ImportPlan {
  feedFile: FeedFile;
  parsers: Map<string, FeedParser>;
}

/**
 * Imports feed files in order. Every file is opened and its members listed
 * before anything is written, so a missing, corrupt or unknown file stores
 * nothing. Then each file's records replace its feeds' records in one
 * transaction: a malformed member rolls back that file, and the files before
 * it stay imported. Returns the update operations of every file.
 */
export async function importFeedFiles(store: Store, files: string[], options: ImportOptions = {}): Promise<UpdateOperation[]> {
  const parsers = options.parsers ?? feedParsers;

  const plans: ImportPlan[] = [];
  for (const file of files) plans.push(await planImport(file, parsers));

  const operations: UpdateOperation[] = [];
  for (const plan of plans) {
    const started = Date.now();
    const merge = [...new Set(plan.parsers.values())].some((parser) => parser.mergesIntoFeeds?.(plan.feedFile.file));
    const carryOver = merge ? { carryOver: { remove: new Set<string>() } } : {};
    const fileOperations = await store.replaceFeedRecords(path.resolve(plan.feedFile.file), readRecords(plan), { ...carryOver, keep: options.keep });
    log.info({ file: plan.feedFile.file, feeds: fileOperations.map((operation) => operation.feed), ms: Date.now() - started }, 'imported feed file');

    options.onImported?.(plan.feedFile.file, fileOperations);
    operations.push(...fileOperations);
  }
  return operations;
}

/** Lists a file's members and picks the parser of each; rejects a file in which no parser accepts any member. */
async function planImport(file: string, parsers: readonly FeedParser[]): Promise<ImportPlan> {
  const feedFile = await openFeedFile(file);
  const memberPaths = await feedFile.listMembers();

  const accepted = new Map<FeedParser, string[]>();
  for (const member of memberPaths) {
    const parser = parsers.find((candidate) => candidate.accepts(member));
    if (parser) accepted.set(parser, [...(accepted.get(parser) ?? []), member]);
  }

  const chosen = new Map<string, FeedParser>();
  for (const [parser, members] of accepted) {
    for (const member of parser.selectMembers?.(members) ?? members) chosen.set(member, parser);
  }

  if (chosen.size === 0) {
    const what = feedFile.archive ? `${memberPaths.length} archive members` : 'the file name';
    throw new UserError('INVALID_FEED', `no known feed found in ${file} (checked ${what}); supported: ${SUPPORTED_FEEDS}`);
  }
  return { feedFile, parsers: chosen };
}

/** Streams the records of every chosen member; an error names the file, then the member and line. */
async function* readRecords(plan: ImportPlan): AsyncIterable<FeedItem> {
  const { feedFile } = plan;
  let member: string | undefined;

  try {
    for await (const input of feedFile.members()) {
      const parser = plan.parsers.get(input.name);
      if (!parser) continue;

      member = input.name;
      let count = 0;
      for await (const record of parser.parse(input)) {
        count++;
        yield record;
      }
      log.debug({ file: feedFile.file, member, feed: parser.name, records: count }, 'parsed feed member');
      member = undefined;
    }
  } catch (err) {
    throw importError(feedFile.file, member, err);
  }
}

/**
 * Names the imported file in a parser's error. Stream errors (gzip, tar)
 * while a member is read become INVALID_FEED too; anything else is an
 * internal error and passes unchanged.
 */
function importError(file: string, member: string | undefined, err: unknown): unknown {
  const nothingStored = `nothing from ${file} was stored; fix or download the file again and rerun the import`;

  if (isUserError(err)) {
    const message = err.message.startsWith(file) ? err.message : `${file}: ${err.message}`;
    return new UserError(err.code, `${message}; ${nothingStored}`, { cause: err });
  }
  if (isStreamError(err)) {
    const where = member === undefined ? file : `${file}: ${member}`;
    return new UserError('INVALID_FEED', `${archiveError(where, err).message}; ${nothingStored}`, { cause: err });
  }
  return err;
}

/** zlib errors carry a `Z_` code; tar-stream's are plain errors about headers or the end of data. */
function isStreamError(err: unknown): boolean {
  if (!(err instanceof Error)) return false;
  const code = (err as NodeJS.ErrnoException).code;
  return (typeof code === 'string' && code.startsWith('Z_')) || /tar header|end of data|premature close/i.test(err.message);
}
