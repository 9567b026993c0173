// Dependency lists that cargo-auditable embeds in Rust binaries: a `.dep-v0`
// ELF section containing zlib-compressed JSON,
// `{"packages": [{"name", "version", "source", "kind", "dependencies", "root"}]}`.
import { inflateSync } from 'node:zlib';
import { InvalidFileError, languagePackage } from '../../indexer/scan-files.js';
import type { LayerFile, Package } from '../../indexer/types.js';

const SECTION = '.dep-v0';
const ELF_MAGIC = Buffer.from([0x7f, 0x45, 0x4c, 0x46]);
const BIN_FOLDERS = new Set(['bin', 'sbin']);

// The JSON of a large application is a few hundred KB (an estimate), so this
// cap only stops a compressed bomb.
const MAX_JSON_SIZE = 16 * 1024 * 1024;

/** True for a file directly inside a `bin` or `sbin` folder at any depth (`usr/local/bin/app`, `usr/local/cargo/bin/app`). */
export function isBinaryCandidate(path: string): boolean {
  const slash = path.lastIndexOf('/');
  if (slash <= 0 || slash === path.length - 1) return false;
  const parent = path.slice(path.lastIndexOf('/', slash - 1) + 1, slash);
  return BIN_FOLDERS.has(parent);
}

/** Reads an unsigned integer of `size` bytes (2, 4 or 8) in the byte order of the ELF file, as a number. */
function readUint(data: Buffer, offset: number, size: number, littleEndian: boolean): number {
  if (offset < 0 || offset + size > data.length) throw new RangeError(`ELF field at ${offset} is past the end of the file`);
  if (size === 2) return littleEndian ? data.readUInt16LE(offset) : data.readUInt16BE(offset);
  if (size === 4) return littleEndian ? data.readUInt32LE(offset) : data.readUInt32BE(offset);
  return Number(littleEndian ? data.readBigUInt64LE(offset) : data.readBigUInt64BE(offset));
}

/**
 * Returns the contents of the named section of an ELF file, or undefined when
 * the file is not ELF or has no such section. Throws RangeError when a header
 * points past the end of the file.
 */
export function elfSection(data: Buffer, name: string): Buffer | undefined {
  if (data.length < 0x40 || !data.subarray(0, 4).equals(ELF_MAGIC)) return undefined;
  const is64 = data[4] === 2;
  const le = data[5] === 1;
  const word = is64 ? 8 : 4;

  // ELF header fields (System V ABI, "ELF Header"): where the section header
  // table starts, its entry size and count, and which section contains the names.
  const shoff = readUint(data, is64 ? 0x28 : 0x20, word, le);
  const shentsize = readUint(data, is64 ? 0x3a : 0x2e, 2, le);
  const shnum = readUint(data, is64 ? 0x3c : 0x30, 2, le);
  const shstrndx = readUint(data, is64 ? 0x3e : 0x32, 2, le);
  if (shoff === 0 || shnum === 0 || shstrndx >= shnum) return undefined;

  // Section header fields: sh_name at 0, then sh_offset and sh_size after
  // sh_type, sh_flags and sh_addr.
  const header = (index: number) => {
    const start = shoff + index * shentsize;
    return {
      nameOffset: readUint(data, start, 4, le),
      offset: readUint(data, start + (is64 ? 0x18 : 0x10), word, le),
      size: readUint(data, start + (is64 ? 0x20 : 0x14), word, le),
    };
  };
  const contents = (section: { offset: number; size: number }): Buffer => {
    if (section.offset + section.size > data.length) throw new RangeError('ELF section is past the end of the file');
    return data.subarray(section.offset, section.offset + section.size);
  };

  const names = contents(header(shstrndx));
  for (let index = 0; index < shnum; index++) {
    const section = header(index);
    const end = names.indexOf(0, section.nameOffset);
    if (end < 0) continue;
    if (names.toString('latin1', section.nameOffset, end) === name) return contents(section);
  }
  return undefined;
}

/**
 * Reads the crates of one binary built with cargo-auditable. A binary
 * without the section lists none and logs nothing, because most binaries are
 * not Rust. A corrupt section throws InvalidFileError. Build dependencies
 * (`"kind": "build"`) are skipped because they are not linked into the
 * binary, but the root crate is listed.
 * NOTE: `source` is ignored, so a git or local crate is reported under its
 * crates.io name.
 */
export function auditablePackages(file: LayerFile): Package[] {
  let document: unknown;
  try {
    const section = elfSection(file.contents, SECTION);
    if (section === undefined) return [];
    document = JSON.parse(inflateSync(section, { maxOutputLength: MAX_JSON_SIZE }).toString('utf8'));
  } catch (err) {
    throw new InvalidFileError('invalid cargo-auditable dependency section', {}, { cause: err });
  }

  const entries = (document as { packages?: unknown } | null)?.packages;
  if (!Array.isArray(entries)) throw new InvalidFileError('missing packages list in cargo-auditable dependency section');

  const packages: Package[] = [];
  for (const entry of entries as Array<{ name?: unknown; version?: unknown; kind?: unknown } | null>) {
    const name = entry?.name;
    const version = entry?.version;
    if (typeof name !== 'string' || name === '' || typeof version !== 'string' || version === '') continue;
    if (entry?.kind === 'build') continue;
    packages.push(languagePackage('cargo', name, version, file.path));
  }
  return packages;
}
