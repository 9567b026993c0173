// The Berkeley DB hash database `Packages` that rpm < 4.16 writes (RHEL and
// CentOS up to 8, Amazon Linux 2). Only what rpm stores is read: the hash
// pages' key/value pairs, whose values are header blobs, most of them too
// large for a hash page and so kept on chains of overflow pages. Layouts
// from Berkeley DB's src/dbinc/db_page.h (DBMETA, HMETA, PAGE, HOFFPAGE) and
// go-rpmdb's pkg/bdb/*.go.
const HASH_MAGIC = 0x061561;
const PAGE_HEADER_SIZE = 26;

const PageType = {
  hashUnsorted: 2,
  overflow: 7,
  hashMetadata: 8,
  hash: 13,
} as const;

/** Item types on a hash page (H_KEYDATA, H_OFFPAGE in db_page.h). */
const ItemType = {
  keyData: 1,
  offPage: 3,
} as const;

const VALID_PAGE_SIZES = new Set([512, 1024, 2048, 4096, 8192, 16384, 32768, 65536]);

export class InvalidBdbError extends Error {
  constructor(message: string) {
    super(`invalid Berkeley DB rpm database: ${message}`);
    this.name = 'InvalidBdbError';
  }
}

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

function readerFor(file: Buffer, bigEndian: boolean): Reader {
  return bigEndian
    ? { u16: (at) => file.readUInt16BE(at), u32: (at) => file.readUInt32BE(at) }
    : { u16: (at) => file.readUInt16LE(at), u32: (at) => file.readUInt32LE(at) };
}

/** True when the file starts with a Berkeley DB hash metadata page, in either byte order. */
export function isBdbHash(file: Buffer): boolean {
  if (file.length < 72) return false;
  return file.readUInt32LE(12) === HASH_MAGIC || file.readUInt32BE(12) === HASH_MAGIC;
}

/**
 * Returns every value stored in the hash database, in page order. Values
 * shorter than a header preamble are skipped: rpm keeps the next free
 * package number under key 0 as a 4-byte value.
 */
export function readBdbValues(file: Buffer): Buffer[] {
  if (!isBdbHash(file)) throw new InvalidBdbError('missing hash magic');

  // The metadata page is written in the byte order of the machine that created it.
  const reader = readerFor(file, file.readUInt32LE(12) !== HASH_MAGIC);
  const pageSize = reader.u32(20);
  if (!VALID_PAGE_SIZES.has(pageSize)) throw new InvalidBdbError(`page size ${pageSize} is not a power of two from 512 to 65536`);
  if (file[24] !== 0) throw new InvalidBdbError('the database is encrypted');
  if (file[25] !== PageType.hashMetadata) throw new InvalidBdbError(`first page has type ${file[25]}, not hash metadata`);

  const pageCount = reader.u32(32) + 1;
  if (pageCount * pageSize > file.length) throw new InvalidBdbError(`${pageCount} pages of ${pageSize} bytes do not fit in ${file.length} bytes, so the file is truncated`);
  const values: Buffer[] = [];

  for (let page = 1; page < pageCount; page++) {
    const start = page * pageSize;
    const type = file[start + 25];
    if (type !== PageType.hash && type !== PageType.hashUnsorted) continue;

    // The page's index contains 2-byte offsets of its items, keys and values
    // alternating, and the items fill the page from its end downwards.
    const itemCount = reader.u16(start + 20);
    if (itemCount % 2 !== 0) throw new InvalidBdbError(`hash page ${page} has an odd item count ${itemCount}`);
    if (PAGE_HEADER_SIZE + itemCount * 2 > pageSize) throw new InvalidBdbError(`hash page ${page} index overflows the page`);

    for (let item = 1; item < itemCount; item += 2) {
      const offset = reader.u16(start + PAGE_HEADER_SIZE + item * 2);
      const end = reader.u16(start + PAGE_HEADER_SIZE + (item - 1) * 2);
      if (offset >= pageSize || end > pageSize || end <= offset) throw new InvalidBdbError(`hash page ${page} item ${item} is outside the page`);

      const value = readItem(file, reader, start + offset, start + end, pageSize, pageCount);
      if (value !== undefined && value.length >= 8) values.push(value);
    }
  }
  return values;
}

/** Reads one hash page item: inline data, or the chain of overflow pages it names. */
function readItem(file: Buffer, reader: Reader, at: number, end: number, pageSize: number, pageCount: number): Buffer | undefined {
  const type = file[at];
  if (type === ItemType.keyData) return file.subarray(at + 1, end);
  if (type !== ItemType.offPage) return undefined;

  if (at + 12 > end) throw new InvalidBdbError('off-page item is truncated');
  let page = reader.u32(at + 4);
  const totalLength = reader.u32(at + 8);
  const chunks: Buffer[] = [];
  let length = 0;

  // Each overflow page stores its data length in the header's free-offset
  // field. The visited count stops a looping chain.
  for (let visited = 0; page !== 0; visited++) {
    if (page >= pageCount || visited >= pageCount) throw new InvalidBdbError(`overflow chain reaches page ${page} outside the file or loops`);

    const start = page * pageSize;
    if (file[start + 25] !== PageType.overflow) throw new InvalidBdbError(`page ${page} in an overflow chain has type ${file[start + 25]}`);

    const dataLength = reader.u16(start + 22);
    if (PAGE_HEADER_SIZE + dataLength > pageSize) throw new InvalidBdbError(`overflow page ${page} claims ${dataLength} bytes`);
    chunks.push(file.subarray(start + PAGE_HEADER_SIZE, start + PAGE_HEADER_SIZE + dataLength));
    length += dataLength;
    page = reader.u32(start + 16);
  }

  if (length !== totalLength) throw new InvalidBdbError(`overflow chain contains ${length} bytes but the item declares ${totalLength}`);
  return Buffer.concat(chunks, length);
}
