// Reads every version in the Go vulnerability database's OSV records (the
// shared Go.osv.zip snapshot) and checks that the golang scheme accepts it
// and orders each range's events as the database wrote them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { text } from 'node:stream/consumers';
import yauzl from 'yauzl';
import { golangScheme } from '../../src/ecosystems/golang/version.js';
import { sharedPath } from '../shared.js';

interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
}

interface GoOsvRecord {
  id: string;
  affected?: Array<{ package: { name: string; ecosystem: string }; ranges?: Array<{ type: string; events: OsvEvent[] }> }>;
}

/** Returns every JSON member of a zip file, parsed. */
function readAllRecords(zipPath: string): Promise<GoOsvRecord[]> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (openError, zip) => {
      if (openError) return reject(openError);
      const records: GoOsvRecord[] = [];
      zip.on('error', reject);
      zip.on('end', () => resolve(records));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (!entry.fileName.endsWith('.json')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          text(stream).then((content) => {
            records.push(JSON.parse(content) as GoOsvRecord);
            zip.readEntry();
          }, reject);
        });
      });
      zip.readEntry();
    });
  });
}

const records = await readAllRecords(sharedPath('feeds', 'Go.osv.zip'));

test('golang accepts every Go OSV version', () => {
  assert.ok(records.length > 4000, `read ${records.length} records`);

  let checked = 0;
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      for (const range of affected.ranges ?? []) {
        assert.equal(range.type, 'SEMVER', `${record.id}: range type`);
        for (const event of range.events) {
          for (const version of Object.values(event) as string[]) {
            const label = `${record.id} ${affected.package.name}: "${version}"`;
            assert.equal(golangScheme.explainInvalid?.(version), undefined, label);
            checked++;
          }
        }
      }
    }
  }
  assert.ok(checked > 10000, `checked ${checked} versions`);
});

test('golang orders Go OSV range events ascending', () => {
  // The Go vulnerability database writes each range's events in ascending
  // order: introduced, fixed, introduced, fixed, ... An `introduced: "0"`
  // is OSV's mark for "from the first version", below every version,
  // pseudo-versions of v0.0.0 included, so it is left out here.
  let ranges = 0;
  for (const record of records) {
    for (const affected of record.affected ?? []) {
      for (const range of affected.ranges ?? []) {
        const versions = range.events
          .filter((event) => event.introduced !== '0')
          .flatMap((event) => Object.values(event) as string[]);
        for (let i = 1; i < versions.length; i++) {
          const label = `${record.id} ${affected.package.name}: ${versions[i - 1]} before ${versions[i]}`;
          assert.ok(golangScheme.compare(versions[i - 1]!, versions[i]!) < 0, label);
        }
        ranges++;
      }
    }
  }
  assert.ok(ranges > 4000, `checked ${ranges} ranges`);
});
