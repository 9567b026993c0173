// SUSE's rpm "ndb" database, `Packages.db` (rpm >= 4.15, the default on
// SLE 15 SP3+ and openSUSE). All integers are little-endian. A 32-byte
// database header ("RpmP" magic, version 0, generation, slot page count) is
// followed by 4 KiB slot pages of 16-byte slots ("Slot" magic, package
// index, block offset, block count), the first two slots being the header
// itself. A used slot points, in 16-byte blocks, at a blob header ("BlbS"
// magic, package index, Adler-32 checksum, blob length) followed by the rpm
// header blob. Sources: rpm 4.17's lib/backend/ndb/rpmpkg.c and go-rpmdb's
// pkg/ndb/ndb.go.
export const NDB_MAGIC = Buffer.from('RpmP', 'latin1');

const SLOT_MAGIC = Buffer.from('Slot', 'latin1').readUInt32LE(0);
const BLOB_MAGIC = Buffer.from('BlbS', 'latin1').readUInt32LE(0);
const HEADER_SIZE = 32;
const SLOT_SIZE = 16;
const SLOT_PAGE_SIZE = 4096;
const BLOCK_SIZE = 16;
const BLOB_HEADER_SIZE = 16;

export class InvalidNdbError extends Error {
  constructor(message: string) {
    super(`invalid rpm ndb database: ${message}`);
    this.name = 'InvalidNdbError';
  }
}

/**
 * Returns the header blob of every used slot, in slot order. Throws
 * InvalidNdbError when the database header or a slot is corrupt, because
 * the slot table is then unreliable as a whole.
 */
export function readNdbBlobs(file: Buffer): Buffer[] {
  if (file.length < HEADER_SIZE || !file.subarray(0, 4).equals(NDB_MAGIC)) throw new InvalidNdbError('missing RpmP magic');

  const version = file.readUInt32LE(4);
  const slotPages = file.readUInt32LE(12);
  if (version !== 0) throw new InvalidNdbError(`unsupported version ${version}`);
  if (slotPages === 0 || slotPages * SLOT_PAGE_SIZE > file.length) {
    throw new InvalidNdbError(`${slotPages} slot pages do not fit in ${file.length} bytes`);
  }

  const blobs: Buffer[] = [];
  const slotCount = (slotPages * SLOT_PAGE_SIZE) / SLOT_SIZE;

  // Slots 0 and 1 hold the database header.
  for (let slot = 2; slot < slotCount; slot++) {
    const at = slot * SLOT_SIZE;
    if (file.readUInt32LE(at) !== SLOT_MAGIC) throw new InvalidNdbError(`slot ${slot} has no Slot magic`);

    const packageIndex = file.readUInt32LE(at + 4);
    if (packageIndex === 0) continue;
    blobs.push(readBlob(file, packageIndex, file.readUInt32LE(at + 8)));
  }
  return blobs;
}

function readBlob(file: Buffer, packageIndex: number, blockOffset: number): Buffer {
  const start = blockOffset * BLOCK_SIZE;
  if (start + BLOB_HEADER_SIZE > file.length) throw new InvalidNdbError(`package ${packageIndex} blob starts past the end of the file`);
  if (file.readUInt32LE(start) !== BLOB_MAGIC) throw new InvalidNdbError(`package ${packageIndex} blob has no BlbS magic`);
  if (file.readUInt32LE(start + 4) !== packageIndex) throw new InvalidNdbError(`package ${packageIndex} blob names another package`);

  // NOTE: the Adler-32 checksum is not verified; the header parser's bounds checks catch most corruption.
  const length = file.readUInt32LE(start + 12);
  const end = start + BLOB_HEADER_SIZE + length;
  if (end > file.length) throw new InvalidNdbError(`package ${packageIndex} blob runs past the end of the file`);
  return file.subarray(start + BLOB_HEADER_SIZE, end);
}
