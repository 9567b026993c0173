// Reads single OSV records from the shared feed zips (one `<id>.json`
// member per record), without unpacking the archive.
import { text } from 'node:stream/consumers';
import yauzl from 'yauzl';
import type { OsvRecord } from '../../src/versioning/osv-types.js';
import { sharedPath } from '../shared.js';

/** Returns the text of one member of a zip file, or rejects when the zip has no such member. */
export function readZipMember(zipPath: string, member: string): Promise<string> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true, autoClose: false }, (openError, zip) => {
      if (openError) return reject(openError);

      const finish = (error: Error | null, content?: string): void => {
        zip.close();
        if (error) reject(error);
        else resolve(content!);
      };

      zip.on('error', (err: Error) => finish(err));
      zip.on('end', () => finish(new Error(`${zipPath} has no member ${member}`)));
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName !== member) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return finish(streamError);
          text(stream).then((content) => finish(null, content), finish);
        });
      });
      zip.readEntry();
    });
  });
}

/** Returns the record `id` from the shared feed zip `zipName`, such as `npm.ghsa-subset.osv.zip`. */
export async function readOsvRecord(zipName: string, id: string): Promise<OsvRecord> {
  return JSON.parse(await readZipMember(sharedPath('feeds', zipName), `${id}.json`)) as OsvRecord;
}
