// Small tar archives built at runtime for the layer reader tests, and a
// logger that keeps what the code under test logs.
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pino } from 'pino';
import tar from 'tar-stream';
import { setRootLogger } from '../../src/log.js';
import { sharedPath } from '../shared.js';

export interface FixtureEntry {
  name: string;
  type?: 'file' | 'directory' | 'symlink' | 'link';
  contents?: string | Buffer;
  linkname?: string;
  /** Extra PAX records, which make pack write a PAX header for the entry. */
  pax?: Record<string, string>;
}

/** Builds a tar archive with tar-stream's pack, which writes ustar headers and PAX headers for long names. */
export async function buildTar(entries: FixtureEntry[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk) => chunks.push(chunk as Buffer));
  const ended = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });

  for (const entry of entries) {
    const type = entry.type ?? 'file';
    if (type === 'file') {
      pack.entry({ name: entry.name, type, mode: 0o644, pax: entry.pax }, entry.contents ?? '');
    } else {
      pack.entry({ name: entry.name, type, linkname: entry.linkname, mode: type === 'directory' ? 0o755 : 0o777 });
    }
  }
  pack.finalize();

  await ended;
  return Buffer.concat(chunks);
}

/** Zero blocks that end a tar archive. */
export const END_OF_ARCHIVE = Buffer.alloc(1024);

/**
 * Writes one 512-byte header block by hand, as GNU tar does for its own
 * format (magic `ustar  \0`). tar-stream's pack cannot write GNU long
 * names, so the tests make them here.
 */
export function gnuHeader(name: string, typeflag: string, size: number, linkname = ''): Buffer {
  const block = Buffer.alloc(512);
  block.write(name, 0, 100, 'utf8');
  block.write('0000644\0', 100, 'latin1');
  block.write('0000000\0', 108, 'latin1');
  block.write('0000000\0', 116, 'latin1');
  block.write(size.toString(8).padStart(11, '0') + '\0', 124, 'latin1');
  block.write('00000000000\0', 136, 'latin1');
  block.write('        ', 148, 'latin1');
  block.write(typeflag, 156, 'latin1');
  block.write(linkname, 157, 100, 'utf8');
  block.write('ustar  \0', 257, 'latin1');

  let checksum = 0;
  for (const byte of block) checksum += byte;
  block.write(checksum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** Pads data to whole 512-byte blocks, as tar stores it. */
export function padToBlock(data: Buffer): Buffer {
  const padding = (512 - (data.length % 512)) % 512;
  return Buffer.concat([data, Buffer.alloc(padding)]);
}

/** Builds a GNU `././@LongLink` entry (typeflag L for a name, K for a link target) carrying a long string. */
export function gnuLongLink(typeflag: 'L' | 'K', value: string): Buffer {
  const data = Buffer.from(value + '\0', 'utf8');
  return Buffer.concat([gnuHeader('././@LongLink', typeflag, data.length), padToBlock(data)]);
}

/** Returns a readable stream over a buffer, cut into chunks so that entries straddle chunk boundaries. */
export function streamOf(data: Buffer, chunkSize = 700): Readable {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += chunkSize) chunks.push(data.subarray(offset, offset + chunkSize));
  return Readable.from(chunks, { objectMode: false });
}

export async function temporaryDirectory(): Promise<string> {
  return mkdtemp(path.join(os.tmpdir(), 'layerlens-tar-'));
}

/** Copies one member of a tar archive (such as a blob of an OCI archive) to a file, with one tar-stream pass. */
export async function extractMember(archive: string, member: string, destination: string): Promise<void> {
  const extract = tar.extract();
  let found = false;

  const reading = pipeline(createReadStream(archive), extract);
  for await (const entry of extract) {
    if (entry.header.name === member) {
      found = true;
      await pipeline(entry, createWriteStream(destination));
    } else {
      entry.resume();
    }
  }
  await reading;

  if (!found) throw new Error(`${member} not found in ${archive}`);
}

/**
 * Copies one blob of the shared OCI image archive to a temporary file,
 * runs `use` on its path, and deletes the file afterwards.
 */
export async function withOciBlob<T>(digest: string, use: (blobFile: string) => Promise<T>): Promise<T> {
  const directory = await temporaryDirectory();
  try {
    const blobFile = path.join(directory, `${digest}.blob`);
    await extractMember(sharedPath('images/debian-images.oci.tar'), `blobs/sha256/${digest}`, blobFile);
    return await use(blobFile);
  } finally {
    await rm(directory, { recursive: true, force: true });
  }
}

export interface LogLine {
  level: number;
  msg: string;
  [key: string]: unknown;
}

/** Sends every log line, debug included, to the returned array; call once per test file. */
export function captureLogs(): LogLine[] {
  const lines: LogLine[] = [];
  const destination = { write: (line: string) => lines.push(JSON.parse(line) as LogLine) };
  setRootLogger(pino({ level: 'debug' }, destination));
  return lines;
}

/** pino's numeric levels. */
export const LEVEL = { debug: 20, info: 30, warn: 40, error: 50 } as const;
