// Streams one member of a tar archive that is gzipped as a whole.
import fs from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../errors.js';
import { normalizeMemberName } from './archive-index.js';
import { archiveReadError } from './archive-errors.js';

/**
 * Decompresses the archive from its start, drains the members before `member`
 * and streams that member's data. Decompression stops once the member ends.
 */
export function streamGzipMember(file: string, member: string): Readable {
  const output = new PassThrough();
  const input = fs.createReadStream(file);
  const gunzip = zlib.createGunzip();
  const extract = tar.extract();
  let found = false;

  const stop = (): void => {
    input.destroy();
    gunzip.destroy();
    extract.destroy();
  };
  const fail = (err: unknown): void => {
    stop();
    output.destroy(archiveReadError(file, err, 'export the image again') as Error);
  };

  input.on('error', fail);
  gunzip.on('error', fail);
  extract.on('error', fail);
  output.on('close', stop);

  extract.on('entry', (header, stream, next) => {
    if (found || normalizeMemberName(header.name) !== member) {
      stream.on('end', next);
      stream.resume();
      return;
    }

    // The entry is never released with next(), so decompression pauses
    // after it until `output` closes and stops the pipeline.
    found = true;
    stream.on('error', fail);
    stream.pipe(output);
  });

  extract.on('finish', () => {
    if (!found) {
      output.destroy(new UserError('MISSING_BLOB', `${member} is missing from ${file}: the archive changed since it was opened; retry`));
    }
  });

  input.pipe(gunzip).pipe(extract);
  return output;
}
