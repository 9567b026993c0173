// `layerlens db import FILE...` and `layerlens db status`: the local
// vulnerability database, filled from feed files and bundles.
import type { Writable } from 'node:stream';
import Table from 'cli-table3';
import { TABLE_STYLE } from '../report/table-style.js';
import { openStore } from '../store/index.js';
import type { FeedStatus } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { importFilesAndBundles } from './db-bundle.js';

export interface DbStatusOptions {
  format?: 'table' | 'json';
}

/**
 * Imports feed files and bundles (found by content) into the store and
 * prints one line per feed imported. Returns the exit code; input errors
 * are thrown as UserError.
 */
export async function runDbImport(files: string[], globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const store = await openStore(storeLocation(globals));
  try {
    await importFilesAndBundles(store, files, output, globals.quiet === true);
  } finally {
    await store.close();
  }
  return 0;
}

/** Prints each feed's record count, last update and source, as a table or JSON. */
export async function runDbStatus(options: DbStatusOptions, globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const location = storeLocation(globals);
  const store = await openStore(location);
  let feeds: FeedStatus[];
  try {
    feeds = await store.feedStatus();
  } finally {
    await store.close();
  }

  if (options.format === 'json') {
    output.write(`${JSON.stringify(feeds, null, 2)}\n`);
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
  const table = new Table({ head: ['FEED', 'RECORDS', 'LAST UPDATE', 'SOURCE'], ...TABLE_STYLE });
  for (const feed of [...feeds].sort((a, b) => a.feed.localeCompare(b.feed))) {
    table.push([feed.feed, String(feed.recordCount), feed.lastUpdate.createdAt, feed.lastUpdate.source]);
  }
  return table.toString();
}
