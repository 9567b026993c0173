// Reads OSV zips for the tests' expected values with yauzl directly and
// JSON.parse, so that no LayerLens code decides what a test expects.
import yauzl, { type Entry, type ZipFile } from 'yauzl';

/** One OSV record as the tests read it: only the fields they use. */
export interface RawOsvRecord {
  id: string;
  withdrawn?: string;
  aliases?: string[];
  upstream?: string[];
  severity?: { type: string; score: string }[];
  affected?: {
    package?: { ecosystem: string; name: string };
    ranges?: { type: string; events: Record<string, string>[] }[];
    versions?: string[];
  }[];
}

/** Returns every `.json` member of the zip, parsed. */
export async function readOsvZip(file: string): Promise<RawOsvRecord[]> {
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true }, (err, opened) => (err ? reject(err) : resolve(opened)));
  });

  const records: RawOsvRecord[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (!entry.fileName.endsWith('.json')) {
        zip.readEntry();
        return;
      }
      zip.openReadStream(entry, (err, stream) => {
        if (err) return reject(err);
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', reject);
        stream.on('end', () => {
          records.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as RawOsvRecord);
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  zip.close();
  return records;
}

/**
 * Returns OSV's verdict on one `affected` entry, written for the tests from
 * the schema text (https://ossf.github.io/osv-schema/#evaluation). A version
 * is affected when `versions` lists it, or when the last range event at or
 * below it, in version order, is an `introduced`. GIT ranges are skipped,
 * and `compare` orders versions.
 */
export function osvAffects(
  entry: NonNullable<RawOsvRecord['affected']>[number],
  version: string,
  compare: (a: string, b: string) => number,
): boolean {
  if ((entry.versions ?? []).includes(version)) return true;

  for (const range of entry.ranges ?? []) {
    if (range.type === 'GIT') continue;

    const events = range.events.map((event) => Object.entries(event)[0]!);
    const order = (a: [string, string], b: [string, string]): number => {
      if (a[1] === '0' || b[1] === '0') return (a[1] === '0' ? -1 : 0) + (b[1] === '0' ? 1 : 0);
      return compare(a[1], b[1]);
    };
    events.sort(order);

    let affected = false;
    for (const [kind, at] of events) {
      if (kind === 'introduced' && (at === '0' || compare(version, at) >= 0)) affected = true;
      if (kind === 'fixed' && compare(version, at) >= 0) affected = false;
      if (kind === 'last_affected' && compare(version, at) > 0) affected = false;
    }
    if (affected) return true;
  }
  return false;
}
