// `layerlens db import FILE...` and `layerlens db status`: the local
// vulnerability database, filled from feed files and bundles.
import type { Writable } from 'node:stream';
import Table from 'cli-table3';
import { TABLE_STYLE } from '../report/table-style.js';
import { openStore } from '../store/index.js';
import type { FeedStatus, UpdateOperation } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { importFilesAndBundles } from './db-bundle.js';
import { loadConfig } from '../config.js';

export interface DbStatusOptions {
  format?: 'table' | 'json';
}

/**
 * Imports feed files and bundles (found by content) into the store and
 * prints one line per feed imported. Returns the exit code; input errors
 * are thrown as UserError.
 */
export async function runDbImport(files: string[], globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const config = loadConfig(globals.config);
  const store = await openStore(storeLocation(globals));
  try {
    await importFilesAndBundles(store, files, output, globals.quiet === true, config.updaters.retention);
  } finally {
    await store.close();
  }
  return 0;
}

/**
 * Prints each feed's current operation: its id, record count, newest
 * record date, commit time and source, as a table or JSON. The JSON also
 * lists every operation kept for the feed, the ids `db diff` takes.
 */
export async function runDbStatus(options: DbStatusOptions, globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const location = storeLocation(globals);
  const store = await openStore(location);
  let feeds: FeedStatus[];
  let operations: UpdateOperation[];
  try {
    feeds = await store.feedStatus();
    operations = await store.listOperations();
  } finally {
    await store.close();
  }

  if (options.format === 'json') {
    const withOperations = feeds.map((feed) => ({ ...feed, operations: operations.filter((operation) => operation.feed === feed.feed) }));
    output.write(`${JSON.stringify(withOperations, null, 2)}\n`);
    return 0;
  }

  if (feeds.length === 0) {
    output.write(`The vulnerability database at ${location} is empty. Import feed files with \`layerlens db import FILE...\` (for example a Debian, Ubuntu or Alpine feed snapshot .tar.gz).\n`);
    return 0;
  }

  output.write(`${formatStatusTable(feeds)}\n`);
  return 0;
}

function formatStatusTable(feeds: FeedStatus[]): string {
  const table = new Table({ head: ['FEED', 'OPERATION', 'RECORDS', 'NEWEST RECORD', 'UPDATED', 'SOURCE'], ...TABLE_STYLE });
  for (const feed of [...feeds].sort((a, b) => a.feed.localeCompare(b.feed))) {
    const operation = feed.lastUpdate;
    // Feeds date their records to the day or to the nanosecond; the day reads alike for all of them (JSON keeps the full value).
    const newest = operation.newestRecord?.slice(0, 'YYYY-MM-DD'.length) ?? '-';
    table.push([feed.feed, String(operation.id), String(feed.recordCount), newest, operation.createdAt, operation.source]);
  }
  return table.toString();
}
