// One tar-stream pass over an archive that records where each member's data
// starts, so that a member can later be streamed alone by its byte range.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';

export interface ArchiveEntry {
  /** Member name, normalized: no leading `./` or `/`, no trailing `/`. */
  name: string;
  type: 'file' | 'symlink' | 'link' | 'directory' | 'other';
  size: number;
  /** Byte offset of the member's data in the uncompressed tar stream. */
  offset: number;
  linkname?: string;
}

export interface ArchiveIndex {
  entries: Map<string, ArchiveEntry>;
  /** Contents of the members that `keep` selected. */
  kept: Map<string, Buffer>;
}

/** Normalizes a member name or a path inside the archive. */
export function normalizeMemberName(name: string): string {
  let normal = name.replace(/\/+$/, '');
  while (normal.startsWith('./')) {
    normal = normal.slice(2);
  }
  return normal.replace(/^\/+/, '');
}

/**
 * Reads a whole uncompressed tar stream once. Member data is drained, except
 * for members that `keep` selects, whose bytes are returned whole: the
 * caller bounds their size.
 */
export async function indexTar(input: Readable, keep: (entry: ArchiveEntry) => boolean = () => false): Promise<ArchiveIndex> {
  const entries = new Map<string, ArchiveEntry>();
  const kept = new Map<string, Buffer>();
  const extract = tar.extract();

  extract.on('entry', (header, stream, next) => {
    const entry = toEntry(header);
    entries.set(entry.name, entry);

    const chunks: Buffer[] | undefined = keep(entry) ? [] : undefined;
    stream.on('data', (chunk: unknown) => {
      chunks?.push(chunk as Buffer);
    });
    stream.on('end', () => {
      if (chunks) {
        kept.set(entry.name, Buffer.concat(chunks));
      }
      next();
    });
  });

  await pipeline(input, extract);
  return { entries, kept };
}

function toEntry(header: tar.Header): ArchiveEntry {
  // tar-stream 3 sets byteOffset (the data start, after any pax or GNU long
  // name headers) but does not declare it in its types.
  const offset = (header as tar.Header & { byteOffset?: number }).byteOffset;
  if (typeof offset !== 'number') {
    throw new Error('tar-stream did not report the byte offset of a member; the installed tar-stream version is not supported');
  }

  const entry: ArchiveEntry = {
    name: normalizeMemberName(header.name),
    type: entryType(header.type),
    size: header.size ?? 0,
    offset,
  };
  if (header.linkname) {
    entry.linkname = header.linkname;
  }
  return entry;
}

function entryType(type: tar.Header['type']): ArchiveEntry['type'] {
  switch (type) {
    case 'file':
    case 'contiguous-file':
    case undefined:
    case null:
      return 'file';
    case 'symlink':
    case 'link':
    case 'directory':
      return type;
    default:
      return 'other';
  }
}
