import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../../src/errors.js';
import { openStore } from '../../src/store/index.js';
import { LATEST_SCHEMA_VERSION, MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { debianRecord, isUserError, queryFile, streamOf, tempDir, tempStorePath } from './helpers.js';

const STORE_TABLES = [
  'enrichments',
  'index_report_packages',
  'index_reports',
  'layer_findings',
  'layers',
  'schema_migrations',
  'update_operations',
  'updater_checks',
  'vulnerability_records',
];

test('fresh store gets every migration', async () => {
  const file = tempStorePath();
  const store = await openStore(file);
  await store.close();

  const tables = queryFile<{ name: string }>(
    file,
    `SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite%' ORDER BY name`,
  );
  assert.deepEqual(tables.map((t) => t.name), STORE_TABLES);

  const applied = queryFile<{ version: number }>(file, 'SELECT version FROM schema_migrations ORDER BY version');
  assert.deepEqual(applied.map((row) => row.version), MIGRATIONS.map((m) => m.version));

  const [journal] = queryFile<{ journal_mode: string }>(file, 'PRAGMA journal_mode');
  assert.equal(journal.journal_mode, 'wal');
});

test('reopened store keeps data and migrations', async () => {
  const file = tempStorePath();
  const first = await openStore(file);
  await first.replaceFeedRecords('first.tar.gz', streamOf([debianRecord()]));
  await first.close();
  const appliedBefore = queryFile(file, 'SELECT * FROM schema_migrations ORDER BY version');

  const second = await openStore(file);
  const found = await second.findRecords({ distribution: 'debian', release: 'bullseye', packageNames: ['openssl'] });
  await second.close();

  assert.deepEqual(found, [debianRecord()]);
  assert.deepEqual(queryFile(file, 'SELECT * FROM schema_migrations ORDER BY version'), appliedBefore);
});

test('parent directories are created', async () => {
  const file = path.join(tempDir(), 'cache', 'layerlens', 'layerlens.db');
  const store = await openStore(file);
  await store.close();
  assert.ok(fs.statSync(file).isFile());
});

test('store of a newer schema is rejected', async () => {
  const file = tempStorePath();
  await (await openStore(file)).close();
  const db = new Database(file);
  db.prepare('INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)').run(
    LATEST_SCHEMA_VERSION + 1,
    'from the future',
    '2030-01-01T00:00:00.000Z',
  );
  db.close();

  await assert.rejects(openStore(file), isUserError('STORE', file, 'newer LayerLens', 'use another --db'));
});

test('text file is rejected as not a database', async () => {
  const file = path.join(tempDir(), 'notes.db');
  fs.writeFileSync(file, 'These are my notes, not a SQLite database.\n'.repeat(10));

  await assert.rejects(openStore(file), isUserError('STORE', file, 'not a SQLite database', '--db'));
  assert.equal(fs.readFileSync(file, 'utf8'), 'These are my notes, not a SQLite database.\n'.repeat(10));
});

test('foreign SQLite database is left alone', async () => {
  const file = path.join(tempDir(), 'other.db');
  const db = new Database(file);
  db.exec('CREATE TABLE contacts (name TEXT)');
  db.close();

  await assert.rejects(openStore(file), isUserError('STORE', file, 'did not create'));
  const tables = queryFile<{ name: string }>(file, `SELECT name FROM sqlite_master WHERE type = 'table'`);
  assert.deepEqual(tables.map((t) => t.name), ['contacts']);
  const [journal] = queryFile<{ journal_mode: string }>(file, 'PRAGMA journal_mode');
  assert.equal(journal.journal_mode, 'delete');
});

test('directory path is rejected', async () => {
  const dir = tempDir();
  await assert.rejects(openStore(dir), isUserError('STORE', dir, '--db'));
});

test('postgres URLs are not supported yet', async () => {
  for (const url of ['postgres://scanner@127.0.0.1:5432/layerlens', 'postgresql://127.0.0.1/layerlens']) {
    await assert.rejects(openStore(url), isUserError('USAGE', 'PostgreSQL stores are not supported yet'));
  }
});

test('empty location is rejected', async () => {
  await assert.rejects(openStore(''), isUserError('USAGE', 'empty'));
});
