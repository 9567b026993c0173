// `layerlens db export BUNDLE` and the bundle side of `db import`: moving
// the vulnerability database to a machine without internet access.
import fs from 'node:fs';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { UserError } from '../errors.js';
import { exportBundle, importBundle, readBundleManifest, verifyBundle, type BundleManifest } from '../feeds/bundle.js';
import { importFeedFiles } from '../feeds/import.js';
import { openStore, type Store } from '../store/index.js';
import type { UpdateOperation } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';

export interface DbExportOptions {
  feed?: string[];
}

/** Writes the bundle and prints one line per feed and the bundle's SHA-256, to compare after copying it. */
export async function runDbExport(bundle: string, options: DbExportOptions, globals: GlobalOptions, output: Writable = process.stdout): Promise<number> {
  const location = storeLocation(globals);
  checkExportTarget(bundle, location);

  const store = await openStore(location);
  try {
    const written = await exportBundle(store, bundle, { feeds: options.feed });
    if (globals.quiet) return 0;

    for (const feed of written.manifest.feeds) {
      output.write(`exported ${feed.feed}: ${feed.recordCount} records of operation ${feed.operation.id}\n`);
    }
    const records = written.manifest.feeds.reduce((sum, feed) => sum + feed.recordCount, 0);
    output.write(`wrote ${bundle}: ${written.manifest.feeds.length} feeds, ${records} records, ${written.size} bytes, sha256 ${written.sha256}\n`);
  } finally {
    await store.close();
  }
  return 0;
}

/** Rejects a bundle path that is a directory or the store file itself, before anything is read. */
function checkExportTarget(bundle: string, location: string): void {
  const target = path.resolve(bundle);
  if (target === path.resolve(location)) {
    throw new UserError('USAGE', `the bundle path ${bundle} is the database file itself; give another path, such as layerlens-db.tar.gz`);
  }
  if (fs.existsSync(target) && fs.statSync(target).isDirectory()) {
    throw new UserError('USAGE', `${bundle} is a directory; give a file path for the bundle, such as ${path.join(bundle, 'layerlens-db.tar.gz')}`);
  }
}

/**
 * Imports feed files and bundles in the order given. Bundles are found by
 * content and verified before anything is written. Then each bundle is
 * loaded in one transaction, and each run of feed files by `importFeedFiles`.
 */
export async function importFilesAndBundles(store: Store, files: string[], output: Writable, quiet: boolean, keep?: number): Promise<void> {
  const manifests = new Map<string, BundleManifest>();
  for (const file of files) {
    const manifest = await readBundleManifest(file);
    if (manifest) manifests.set(file, manifest);
  }
  // importBundle verifies its bundle itself. The extra pass here is for a
  // longer list, so that a bad bundle stops the command before any file is written.
  if (files.length > 1) {
    for (const [file, manifest] of manifests) await verifyBundle(file, manifest);
  }

  let feedFiles: string[] = [];
  const importPendingFeedFiles = async (): Promise<void> => {
    if (feedFiles.length === 0) return;
    await importFeedFiles(store, feedFiles, { keep, onImported: (file, operations) => printFileOperations(output, quiet, file, operations) });
    feedFiles = [];
  };

  for (const file of files) {
    const manifest = manifests.get(file);
    if (manifest === undefined) {
      feedFiles.push(file);
      continue;
    }
    await importPendingFeedFiles();

    const result = await importBundle(store, file, manifest, { keep });
    if (quiet) continue;
    output.write(`verified ${file}: ${manifest.feeds.length} feeds exported by LayerLens ${manifest.layerlensVersion} at ${manifest.createdAt}, every SHA-256 matches\n`);
    for (const operation of result.operations) output.write(operationLine(operation));
    for (const feed of result.unchanged) output.write(`unchanged ${feed}: the database already has the bundle's fingerprint\n`);
    for (const feed of result.empty) output.write(`skipped ${feed}: the bundle contains no records for it\n`);
  }
  await importPendingFeedFiles();
}

function printFileOperations(output: Writable, quiet: boolean, file: string, operations: UpdateOperation[]): void {
  if (quiet) return;
  if (operations.length === 0) output.write(`${file}: no records found\n`);
  for (const operation of operations) output.write(operationLine(operation));
}

function operationLine(operation: UpdateOperation): string {
  return `imported ${operation.feed}: ${operation.recordCount} records from ${operation.source}\n`;
}
