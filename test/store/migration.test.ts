import { test } from 'node:test';
import assert from 'node:assert/strict';
import Database from 'better-sqlite3';
import { openStore } from '../../src/store/index.js';
import { MIGRATIONS } from '../../src/store/sqlite/schema.js';
import { debianRecord, queryFile, streamOf, tempStorePath } from './helpers.js';

const published = '2023-02-08T20:15:00Z';
const modified = '2024-01-10T00:00:00Z';

/** Writes a store at schema version 1 holding one Debian record, as LayerLens wrote it before migration 2. */
function writeVersionOneStore(file: string): void {
  const db = new Database(file);
  db.exec(`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)`);
  db.exec(MIGRATIONS[0].sql);
  db.prepare('INSERT INTO schema_migrations VALUES (1, ?, ?)').run(MIGRATIONS[0].name, '2026-01-01T00:00:00Z');
  db.prepare(`INSERT INTO update_operations (id, feed, source, created_at, record_count) VALUES (1, 'debian-tracker', 'old.tar.gz', '2026-01-01T00:00:00Z', 1)`).run();

  const record = debianRecord();
  // Fields without a column went to `extra` as JSON.
  db.prepare(`
    INSERT INTO vulnerability_records
      (operation_id, advisory_id, cves, aliases, distribution, release, package_name, state,
       fixed_version, vendor_severity, severity, description, links, published, extra)
    VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
    record.advisoryId, JSON.stringify(record.cves), JSON.stringify(record.aliases), record.distribution, record.release,
    record.packageName, record.state, record.fixedVersion, record.vendorSeverity, record.severity, record.description,
    JSON.stringify(record.links), published, JSON.stringify({ modified }),
  );
  db.close();
}

test('migration 2 fills digests and dates', async () => {
  const file = tempStorePath();
  writeVersionOneStore(file);

  const store = await openStore(file);
  const [status] = await store.feedStatus();
  assert.equal(status.lastUpdate.id, 1);
  assert.equal(status.lastUpdate.newestRecord, modified);

  // The same record imported again has the digest the migration computed.
  const [same] = await store.replaceFeedRecords('new.tar.gz', streamOf([debianRecord({ published, modified })]));
  assert.deepEqual(await store.diffOperations(1, same.id), { added: [], removed: [] });

  const changed = debianRecord({ published, modified, fixedVersion: '1.1.1n-0+deb11u5' });
  const [next] = await store.replaceFeedRecords('newer.tar.gz', streamOf([changed]));
  assert.deepEqual(await store.diffOperations(1, next.id), { added: [changed], removed: [debianRecord({ published, modified })] });
  await store.close();

  const digests = queryFile<{ digest: Buffer }>(file, 'SELECT digest FROM vulnerability_records WHERE operation_id = 1');
  assert.ok(Buffer.isBuffer(digests[0].digest));
  assert.equal(digests[0].digest.length, 16);
});
