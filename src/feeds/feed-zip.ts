// Zip feed files (OSV's `<Ecosystem>/all.zip`): the central directory is
// read from the end of the file, then each member is inflated as a stream
// when a parser opens it. Neither the zip nor a whole member list of bytes
// is held in memory; yauzl reads the file by offsets.
import { PassThrough, type Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import type { FeedInput } from './types.js';

/** A member of a zip feed file, with the archive it came from, which names its ecosystem. */
export interface ZipMemberInput extends FeedInput {
  /**
   * The zip as the user gave it (`npm/all.zip`, `PyPI.osv.zip`) and its
   * entry count; one object per pass over the members.
   */
  archive: { file: string; memberCount: number };
  /** Position of the member among the zip's entries (directories included), from 0. */
  index: number;
}

/** True for the inputs that `zipMembers` yields. */
export function isZipMember(input: FeedInput): input is ZipMemberInput {
  return 'archive' in input && 'index' in input;
}

/** Local file header signature, and the end of central directory signature that an empty zip starts with. */
const ZIP_MAGIC = [Buffer.from('PK\x03\x04', 'latin1'), Buffer.from('PK\x05\x06', 'latin1')];

export function isZipMagic(head: Buffer): boolean {
  return ZIP_MAGIC.some((magic) => head.subarray(0, magic.length).equals(magic));
}

/** Lists the file members in central directory order; directories are left out. */
export async function listZipMembers(file: string, toError: (err: unknown) => Error): Promise<string[]> {
  const names: string[] = [];
  for await (const { entry } of zipEntries(file, toError)) names.push(entry.fileName);
  return names;
}

/** Yields each file member once, in central directory order; each may be opened once, before the next member. */
export async function* zipMembers(file: string, toError: (err: unknown, member?: string) => Error): AsyncIterable<ZipMemberInput> {
  const archive = { file, memberCount: 0 };

  for await (const { zip, entry, position } of zipEntries(file, toError)) {
    archive.memberCount = zip.entryCount;
    yield { name: entry.fileName, archive, index: position, open: once(entry.fileName, () => inflate(zip, entry, toError)) };
  }
}

/** Opens the zip and iterates its file entries; closes it when the caller stops. */
async function* zipEntries(file: string, toError: (err: unknown) => Error): AsyncIterable<{ zip: ZipFile; entry: Entry; position: number }> {
  const zip = await openZipFile(file).catch((err: unknown) => {
    throw toError(err);
  });

  try {
    let position = 0;
    for (let entry = await nextEntry(zip, toError); entry !== undefined; entry = await nextEntry(zip, toError), position++) {
      if (!entry.fileName.endsWith('/')) yield { zip, entry, position };
    }
  } finally {
    zip.close();
  }
}

function openZipFile(file: string): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(file, { lazyEntries: true, autoClose: false, decodeStrings: true, validateEntrySizes: true, strictFileNames: false }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

/** Reads the next central directory entry, or undefined at the end. */
function nextEntry(zip: ZipFile, toError: (err: unknown) => Error): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: Entry): void => settle(() => resolve(entry));
    const onEnd = (): void => settle(() => resolve(undefined));
    const onError = (err: unknown): void => settle(() => reject(toError(err)));
    const settle = (action: () => void): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      action();
    };

    zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
    zip.readEntry();
  });
}

/** Streams one member's inflated bytes; yauzl checks them against the sizes the central directory states. */
function inflate(zip: ZipFile, entry: Entry, toError: (err: unknown, member?: string) => Error): Readable {
  const output = new PassThrough();
  zip.openReadStream(entry, (err, stream) => {
    if (err) {
      output.destroy(toError(err, entry.fileName));
      return;
    }
    stream.on('error', (streamErr) => output.destroy(toError(streamErr, entry.fileName)));
    stream.pipe(output);
  });
  return output;
}

function once(name: string, open: () => Readable): () => Readable {
  let opened = false;
  return () => {
    if (opened) throw new Error(`member ${name} was already read; zip members are read once per pass`);
    opened = true;
    return open();
  };
}
