// Fixtures for the store tests: temporary store files, records and record
// streams built at runtime.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { UserError } from '../../src/errors.js';
import type { FeedItem, VulnerabilityRecord } from '../../src/feeds/types.js';

/** Returns a new empty directory, removed when the test file ends. */
export function tempDir(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-store-'));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Returns a store path in a new temporary directory. */
export function tempStorePath(): string {
  return path.join(tempDir(), 'layerlens.db');
}

/** Runs a query on the store file through a connection of its own, as another process would. */
export function queryFile<T>(file: string, sql: string, ...params: unknown[]): T[] {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all(...params) as T[];
  } finally {
    db.close();
  }
}

/** Returns a Debian security tracker record, as the feed parser would produce it, with `overrides` applied. */
export function debianRecord(overrides: Partial<VulnerabilityRecord> = {}): VulnerabilityRecord {
  return {
    feed: 'debian-tracker',
    advisoryId: 'CVE-2023-0286',
    cves: ['CVE-2023-0286'],
    aliases: ['DSA-5343-1'],
    distribution: 'debian',
    release: 'bullseye',
    packageName: 'openssl',
    state: 'fixed',
    fixedVersion: '1.1.1n-0+deb11u4',
    vendorSeverity: 'high',
    severity: 'High',
    description: 'X.400 address type confusion in X.509 GeneralName',
    links: ['https://security-tracker.debian.org/tracker/CVE-2023-0286'],
    ...overrides,
  };
}

/** Yields the items one by one across event-loop turns, then throws `failure` when given. */
export async function* streamOf<T extends FeedItem>(records: T[], failure?: Error): AsyncGenerator<T> {
  for (const record of records) {
    await new Promise((resolve) => setImmediate(resolve));
    yield record;
  }
  if (failure) throw failure;
}

/** A promise with its resolve function, to hold a stream until a test releases it. */
export function gate(): { opened: Promise<void>; open: () => void } {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => {
    open = resolve;
  });
  return { opened, open };
}

/** Returns an assert.rejects validator: a UserError with this code whose message contains every fragment. */
export function isUserError(code: string, ...fragments: string[]) {
  return (err: unknown): boolean => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.equal(err.code, code);
    for (const fragment of fragments) assert.ok(err.message.includes(fragment), `"${err.message}" lacks "${fragment}"`);
    return true;
  };
}
