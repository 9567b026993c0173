// Shared steps of the OVAL, Amazon and Wolfi feed tests: installed rpm and
// apk packages, distributions as the indexer reports them, rpm's own
// ordering as the independent oracle, and a SQLite store filled by
// `db import`'s code path.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { importFeedFiles } from '../../src/feeds/import.js';
import { isEnrichment, type FeedInput, type FeedParser, type VulnerabilityRecord } from '../../src/feeds/types.js';
import type { Distribution, ImagePackage } from '../../src/indexer/types.js';
import { matchReport } from '../../src/matcher/matcher.js';
import type { VulnerabilityReport } from '../../src/matcher/types.js';
import type { Store } from '../../src/store/store.js';
import { SqliteStore } from '../../src/store/sqlite/sqlite-store.js';
import { captureLog, indexReport, LAYER_BASE } from '../matcher/fixtures.js';

/** Returns a distribution as the os-release scanner reports it. */
export function distribution(did: string, versionId: string, name = did): Distribution {
  return { did, name, version: versionId, versionId, versionCodeName: '', prettyName: `${name} ${versionId}`, cpe: '' };
}

/** Returns an installed rpm. Its version is `[epoch:]version-release`, as the rpm scanner writes it. */
export function rpm(name: string, version: string, options: { arch?: string; module?: string; source?: string } = {}): ImagePackage {
  const pkg: ImagePackage = {
    ecosystem: 'rpm',
    name,
    version,
    sourceName: options.source ?? name,
    sourceVersion: version,
    arch: options.arch ?? 'x86_64',
    path: 'var/lib/rpm/rpmdb.sqlite',
    layer: LAYER_BASE,
  };
  if (options.module) pkg.module = options.module;
  return pkg;
}

/** Compares two versions with rpm's own rpm.vercmp in Lua and returns a negative number, 0 or a positive number. */
export function rpmCompare(left: string, right: string): number {
  const script = `%{lua: print(rpm.vercmp(${JSON.stringify(left)}, ${JSON.stringify(right)}))}`;
  return Number(execFileSync('rpm', ['--eval', script], { encoding: 'utf8' }).trim());
}

/** Opens a SQLite store in a temporary folder and fills it from feed files the way `db import` reads them. */
export async function importedStore(files: string[]): Promise<{ store: SqliteStore; close(): Promise<void> }> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-os-feeds-'));
  const store = SqliteStore.open(path.join(dir, 'layerlens.db'));
  await importFeedFiles(store, files);
  return {
    store,
    async close() {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Writes `content` (a string or bytes) to a new temporary file named `name` and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-os-feed-'));
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

/** Runs a parser over one input and returns its vulnerability records. */
export async function parseAll(parser: FeedParser, input: FeedInput): Promise<VulnerabilityRecord[]> {
  const records: VulnerabilityRecord[] = [];
  for await (const item of parser.parse(input)) if (!isEnrichment(item)) records.push(item);
  return records;
}

/** Returns a parser input over fixed bytes. It can be opened any number of times, as a single downloaded file can. */
export function textInput(name: string, content: string | Buffer): FeedInput {
  return { name, open: () => Readable.from([Buffer.from(content)]) };
}

/** Matches an image of the given distribution and packages against the store. */
export function matchImage(store: Store, image: Distribution, packages: ImagePackage[]): Promise<VulnerabilityReport> {
  return matchReport(indexReport(image, packages), store, { log: captureLog().log });
}
