// The RPM header blob, as every rpm database stores one package: a count of
// index entries (il) and a data length (dl), both 32-bit big-endian, then il
// index entries of 16 bytes (tag, type, offset into the data, count), then
// dl bytes of data. The layout and checks follow rpm 4.18's lib/header.c
// (hdrblobInit(), hdrblobVerifyRegion(), hdrblobVerifyInfo(), dataLength())
// and lib/header_internal.h, as go-rpmdb's pkg/entry.go ports them.

/** Tags read here, from rpm's include/rpm/rpmtag.h. */
export const RpmTag = {
  headerImage: 61,
  headerSignatures: 62,
  headerImmutable: 63,
  i18nTable: 100,
  name: 1000,
  version: 1001,
  release: 1002,
  epoch: 1003,
  vendor: 1011,
  arch: 1022,
  sourceRpm: 1044,
  oldFilenames: 1027,
  dirIndexes: 1116,
  baseNames: 1117,
  dirNames: 1118,
  modularityLabel: 5096,
} as const;

/** Tag data types (rpmTagType in rpmtag.h). */
const RpmType = {
  null: 0,
  char: 1,
  int8: 2,
  int16: 3,
  int32: 4,
  int64: 5,
  string: 6,
  bin: 7,
  stringArray: 8,
  i18nString: 9,
} as const;

const TYPE_SIZES = [0, 1, 1, 2, 4, 8, -1, 1, -1, -1];
const ENTRY_SIZE = 16;

/** Largest header rpm accepts (headerMaxbytes in lib/header.c). */
const HEADER_MAX_BYTES = 256 * 1024 * 1024;

export class InvalidHeaderError extends Error {
  constructor(message: string) {
    super(`invalid rpm header: ${message}`);
    this.name = 'InvalidHeaderError';
  }
}

interface IndexEntry {
  tag: number;
  type: number;
  offset: number;
  count: number;
}

/** The tags of one header, read lazily from its data segment. */
export class RpmHeader {
  private readonly entries = new Map<number, IndexEntry>();

  private constructor(private readonly data: Buffer) {}

  /**
   * Parses a header blob. Throws InvalidHeaderError when the counts, types
   * or offsets point outside the blob, because a corrupt database must not
   * yield made-up packages.
   */
  static parse(blob: Buffer): RpmHeader {
    if (blob.length < 8) throw new InvalidHeaderError(`${blob.length} bytes, shorter than the 8-byte preamble`);

    const indexLength = blob.readUInt32BE(0);
    const dataLength = blob.readUInt32BE(4);
    if (indexLength < 1) throw new InvalidHeaderError('no index entries');

    const dataStart = 8 + indexLength * ENTRY_SIZE;
    const total = dataStart + dataLength;
    if (total >= HEADER_MAX_BYTES) throw new InvalidHeaderError(`size ${total} exceeds ${HEADER_MAX_BYTES} bytes`);
    if (total > blob.length) throw new InvalidHeaderError(`declares ${total} bytes but the blob has ${blob.length}`);

    const header = new RpmHeader(blob.subarray(dataStart, total));

    for (let i = 0; i < indexLength; i++) {
      const at = 8 + i * ENTRY_SIZE;
      const entry: IndexEntry = {
        tag: blob.readInt32BE(at),
        type: blob.readUInt32BE(at + 4),
        offset: blob.readInt32BE(at + 8),
        count: blob.readUInt32BE(at + 12),
      };
      header.verifyEntry(entry);

      // The region tag's data is the region trailer, not a value. Entries
      // after the region (the "dribble" rpm appends on install) replace
      // those inside it, as in hdrblobImport(), so the last one wins.
      if (entry.tag === RpmTag.headerImage || entry.tag === RpmTag.headerSignatures || entry.tag === RpmTag.headerImmutable) continue;
      header.entries.set(entry.tag, entry);
    }
    return header;
  }

  private verifyEntry(entry: IndexEntry): void {
    if (entry.type > RpmType.i18nString) throw new InvalidHeaderError(`tag ${entry.tag} has unknown type ${entry.type}`);
    if (entry.offset < 0 || entry.offset > this.data.length) {
      throw new InvalidHeaderError(`tag ${entry.tag} offset ${entry.offset} is outside the ${this.data.length}-byte data`);
    }

    const size = TYPE_SIZES[entry.type];
    if (size > 1 && entry.offset % size !== 0) throw new InvalidHeaderError(`tag ${entry.tag} offset ${entry.offset} is misaligned`);
    if (size >= 0 && entry.offset + size * entry.count > this.data.length) {
      throw new InvalidHeaderError(`tag ${entry.tag} data runs past the end of the header`);
    }
  }

  has(tag: number): boolean {
    return this.entries.has(tag);
  }

  /**
   * Returns the first string of a STRING, STRING_ARRAY or I18NSTRING tag
   * (for I18NSTRING the first string is the untranslated one), or undefined
   * when the header lacks the tag.
   */
  string(tag: number): string | undefined {
    const entry = this.entries.get(tag);
    if (entry === undefined) return undefined;
    if (entry.type !== RpmType.string && entry.type !== RpmType.stringArray && entry.type !== RpmType.i18nString) {
      throw new InvalidHeaderError(`tag ${tag} has type ${entry.type}, not a string`);
    }

    const end = this.data.indexOf(0, entry.offset);
    if (end < 0) throw new InvalidHeaderError(`tag ${tag} string has no terminating NUL`);
    return this.data.toString('utf8', entry.offset, end);
  }

  /** Returns every string of a STRING_ARRAY tag, or an empty array when the header lacks the tag. */
  strings(tag: number): string[] {
    const entry = this.entries.get(tag);
    if (entry === undefined) return [];
    if (entry.type !== RpmType.stringArray && entry.type !== RpmType.string) {
      throw new InvalidHeaderError(`tag ${tag} has type ${entry.type}, not a string array`);
    }

    const values: string[] = [];
    let at = entry.offset;
    for (let i = 0; i < entry.count; i++) {
      const end = this.data.indexOf(0, at);
      if (end < 0) throw new InvalidHeaderError(`tag ${tag} string ${i} has no terminating NUL`);
      values.push(this.data.toString('utf8', at, end));
      at = end + 1;
    }
    return values;
  }

  /** Returns every value of an INT32 tag, or an empty array when the header lacks the tag. */
  int32s(tag: number): number[] {
    const entry = this.entries.get(tag);
    if (entry === undefined) return [];
    if (entry.type !== RpmType.int32) throw new InvalidHeaderError(`tag ${tag} has type ${entry.type}, not INT32`);
    return Array.from({ length: entry.count }, (_, i) => this.data.readUInt32BE(entry.offset + 4 * i));
  }

  /** Returns the first value of an INT32 tag, or undefined when the header lacks the tag. */
  int32(tag: number): number | undefined {
    const entry = this.entries.get(tag);
    if (entry === undefined) return undefined;
    if (entry.type !== RpmType.int32 || entry.count < 1) throw new InvalidHeaderError(`tag ${tag} has type ${entry.type}, not INT32`);
    return this.data.readUInt32BE(entry.offset);
  }
}
