// `layerlens db diff PREV CUR`: the records added and removed between two
// update operations of one feed, as a table or JSON.
import type { Writable } from 'node:stream';
import Table from 'cli-table3';
import { UserError } from '../errors.js';
import { isEnrichment, type EnrichmentRecord, type FeedItem } from '../feeds/types.js';
import { TABLE_STYLE } from '../report/table-style.js';
import { itemKey } from '../store/item-digest.js';
import { openStore } from '../store/index.js';
import type { OperationDiff, UpdateOperation } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';

export interface DbDiffOptions {
  format?: 'table' | 'json';
}

/** Prints what changed from operation PREV to operation CUR; both must belong to one feed. */
export async function runDbDiff(prevArgument: string, curArgument: string, options: DbDiffOptions, globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const prevId = parseOperationId('PREV', prevArgument);
  const curId = parseOperationId('CUR', curArgument);

  const store = await openStore(storeLocation(globals));
  let diff: OperationDiff;
  let prev: UpdateOperation;
  let cur: UpdateOperation;
  try {
    diff = await store.diffOperations(prevId, curId);
    prev = (await store.getOperation(prevId))!;
    cur = (await store.getOperation(curId))!;
  } finally {
    await store.close();
  }

  if (options.format === 'json') {
    output.write(`${JSON.stringify({ feed: cur.feed, prev, cur, added: diff.added, removed: diff.removed }, null, 2)}\n`);
    return 0;
  }

  const summary = `${cur.feed}: operation ${prev.id} (${prev.createdAt}) to ${cur.id} (${cur.createdAt}): ${diff.added.length} added, ${diff.removed.length} removed`;
  if (diff.added.length + diff.removed.length > 0) output.write(`${formatDiffTable(diff)}\n`);
  output.write(`${summary}\n`);
  return 0;
}

/** Parses an operation id as the user typed it: a whole number from 1. */
function parseOperationId(name: 'PREV' | 'CUR', argument: string): number {
  const trimmed = argument.trim();
  const id = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || !Number.isSafeInteger(id) || id < 1) {
    throw new UserError('USAGE', `${name} "${argument}" is not an update operation id; give the number that \`layerlens db status\` shows in the OPERATION column, such as 12`);
  }
  return id;
}

/** Formats one row per added (+) or removed (-) item, sorted by advisory id, so a changed record shows its two versions together. */
function formatDiffTable(diff: OperationDiff): string {
  const rows = [
    ...diff.removed.map((item) => ({ change: '-', item })),
    ...diff.added.map((item) => ({ change: '+', item })),
  ].sort((a, b) => itemKey(a.item).localeCompare(itemKey(b.item)) || a.change.localeCompare(b.change));

  const table = new Table({ head: ['', 'ID', 'RELEASE', 'PACKAGE', 'STATE', 'FIXED VERSION / DATA'], ...TABLE_STYLE });
  for (const { change, item } of rows) table.push([change, ...describeItem(item)]);
  return table.toString();
}

function describeItem(item: FeedItem): string[] {
  if (isEnrichment(item)) return [item.cve, '', '', item.kind, enrichmentSummary(item)];
  const release = item.release === '' ? item.distribution : `${item.distribution} ${item.release}`;
  const packageName = item.module === undefined ? item.packageName : `${item.packageName} (${item.module})`;
  return [item.advisoryId, release, packageName, item.state, item.fixedVersion ?? ''];
}

function enrichmentSummary(record: EnrichmentRecord): string {
  if (record.epss) return `EPSS ${record.epss.score} (percentile ${record.epss.percentile}) on ${record.epss.date}`;
  if (record.kev) return `KEV since ${record.kev.dateAdded}`;
  const scores = record.nvd?.cvss.map((score) => `CVSS ${score.version} ${score.baseScore}`) ?? [];
  return scores.join(', ');
}
