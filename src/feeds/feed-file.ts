// Opens an imported feed file: a tar (plain, gzip- or zstd-compressed) or a
// zip whose members are read as streams, or a single document (plain, gzip
// or zstd).
// Nothing is extracted to disk and no archive is held in memory.
import fs from 'node:fs';
import path from 'node:path';
import { pipeline, Readable } from 'node:stream';
import zlib from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { UserError } from '../errors.js';
import type { FeedInput } from './types.js';
import { isZipMagic, listZipMembers, zipMembers } from './feed-zip.js';
import { ZSTD_MAGIC, ZstdDecompressStream } from './zstd.js';

const GZIP_MAGIC = Buffer.from([0x1f, 0x8b]);
const TAR_MAGIC = Buffer.from('ustar');
const TAR_MAGIC_OFFSET = 257;
const TAR_NAME = /\.(tar|tgz|tar\.gz|tar\.zst)$/i;
const ZIP_NAME = /\.zip$/i;
const ZIP_MAGIC_LENGTH = 4;

/** Compression format of a file's bytes, detected by magic bytes. */
type Compression = 'gzip' | 'zstd' | undefined;

/** A tar-stream entry (a streamx stream, not a Node stream) with its header. */
type TarEntry = ReturnType<typeof tarExtract> extends AsyncIterable<infer Entry> ? Entry : never;

export interface FeedFile {
  /** Path as the user gave it, for messages. */
  file: string;
  compressed: boolean;
  /** True for a tar or zip archive, false for a single document. */
  archive: boolean;
  /** Member paths the file contains: tar members (regular files only), zip members (files only), or the file itself. */
  listMembers(): Promise<string[]>;
  /** Streams the members one at a time, in file order; each input may be opened once, before the next member. */
  members(): AsyncIterable<FeedInput>;
}

/** Opens a feed file and detects zip, gzip and zstd (by magic bytes) and tar (by the ustar magic, else by the name). */
export async function openFeedFile(file: string): Promise<FeedFile> {
  const stats = await statFile(file);
  if (stats.isDirectory()) throw new UserError('INVALID_FEED', `${file} is a directory; give a feed file such as a .tar.gz snapshot, an OSV .zip, a JSON or YAML document or a list`);
  if (stats.size === 0) throw new UserError('INVALID_FEED', `${file} is empty; give a feed file such as a .tar.gz snapshot, an OSV .zip, a JSON or YAML document or a list`);

  const magic = await readPrefix(fs.createReadStream(file, { end: ZIP_MAGIC_LENGTH - 1 }), ZIP_MAGIC_LENGTH, file);
  if (isZipMagic(magic) || ZIP_NAME.test(file)) return zipFile(file);

  let compression: Compression;
  if (magic.subarray(0, GZIP_MAGIC.length).equals(GZIP_MAGIC)) compression = 'gzip';
  else if (magic.equals(ZSTD_MAGIC)) compression = 'zstd';
  const compressed = compression !== undefined;
  const open = (): Readable => openBytes(file, compression);

  const head = await readPrefix(open(), TAR_MAGIC_OFFSET + TAR_MAGIC.length, file);
  const archive = head.subarray(TAR_MAGIC_OFFSET, TAR_MAGIC_OFFSET + TAR_MAGIC.length).equals(TAR_MAGIC) || TAR_NAME.test(file);

  return archive ? archiveFile(file, compressed, open) : documentFile(file, compressed, open);
}

function archiveFile(file: string, compressed: boolean, open: () => Readable): FeedFile {
  return {
    file,
    compressed,
    archive: true,
    async listMembers() {
      const names: string[] = [];
      for await (const entry of tarEntries(open(), file)) {
        if (isRegularFile(entry)) names.push(memberName(entry.header.name));
        entry.resume();
      }
      return names;
    },
    async *members() {
      for await (const entry of tarEntries(open(), file)) {
        if (!isRegularFile(entry)) {
          entry.resume();
          continue;
        }
        yield onceInput(memberName(entry.header.name), entry);
        // A member the caller did not read must still be drained for the next header to arrive.
        entry.resume();
      }
    },
  };
}

function zipFile(file: string): FeedFile {
  return {
    file,
    compressed: true,
    archive: true,
    listMembers: () => listZipMembers(file, (err) => archiveError(file, err)),
    members: () => zipMembers(file, (err, member) => archiveError(member === undefined ? file : `${file}: ${member}`, err)),
  };
}

/** Wraps a single document, named by its path less `.gz` or `.zst` so that parsers can match names such as `DSA/list`. */
function documentFile(file: string, compressed: boolean, open: () => Readable): FeedFile {
  let name = file.split(path.sep).join('/');
  if (compressed) name = name.replace(/\.(gz|zst)$/i, '');

  return {
    file,
    compressed,
    archive: false,
    async listMembers() {
      return [name];
    },
    async *members() {
      yield { name, open };
    },
  };
}

async function statFile(file: string): Promise<fs.Stats> {
  try {
    return await fs.promises.stat(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') throw new UserError('NOT_FOUND', `feed file not found: ${file}; check the path`);
    throw new UserError('INVALID_FEED', `cannot read ${file}: ${(err as Error).message}`, { cause: err });
  }
}

/** Returns the file's bytes, decompressed when it is gzip or zstd; read and decompression errors reach the consumer of the returned stream. */
function openBytes(file: string, compression: Compression): Readable {
  const raw = fs.createReadStream(file);
  if (compression === undefined) return raw;

  const decompress = compression === 'gzip' ? zlib.createGunzip() : new ZstdDecompressStream();
  pipeline(raw, decompress, (err) => {
    if (err) decompress.destroy(archiveError(file, err));
  });
  return decompress;
}

/** Reads up to `length` bytes from the start of a stream, then closes it. */
async function readPrefix(stream: Readable, length: number, file: string): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= length) break;
    }
  } catch (err) {
    throw archiveError(file, err);
  } finally {
    stream.destroy();
  }
  return Buffer.concat(chunks, size).subarray(0, length);
}

/** Iterates the entries of a tar stream; a corrupt tar or gzip stream raises INVALID_FEED naming the file. */
async function* tarEntries(input: Readable, file: string): AsyncIterable<TarEntry> {
  const extract = tarExtract();
  input.on('error', (err) => extract.destroy(archiveError(file, err)));
  input.pipe(extract);

  try {
    for await (const entry of extract) yield entry;
  } catch (err) {
    throw archiveError(file, err);
  } finally {
    extract.destroy();
    input.destroy();
  }
}

function isRegularFile(entry: TarEntry): boolean {
  const type = entry.header.type;
  return type === 'file' || type === 'contiguous-file';
}

/** Member paths as parsers see them: relative, forward slashes, no leading `./`. */
function memberName(name: string): string {
  return name.replace(/^(\.\/|\/)+/, '');
}

/** Wraps a tar entry, whose bytes can be read only once, as a FeedInput with a Node stream. */
function onceInput(name: string, entry: TarEntry): FeedInput {
  let opened = false;
  return {
    name,
    open() {
      if (opened) throw new Error(`member ${name} was already read; tar members can be read once`);
      opened = true;
      return Readable.from(entry);
    },
  };
}

/** Returns an INVALID_FEED error for an unreadable archive, or the error itself when it already is one. */
export function archiveError(file: string, err: unknown): UserError {
  if (err instanceof UserError) return err;
  const reason = err instanceof Error ? err.message : String(err);
  return new UserError('INVALID_FEED', `${file} is not a readable feed file (${reason}); check that the download is complete and not corrupted`, { cause: err });
}
