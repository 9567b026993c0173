// Go build information, read from an ELF executable the way Go's
// debug/buildinfo package reads it (src/debug/buildinfo/buildinfo.go:
// readRawBuildInfo, decodeString, readString, elfExe) and parsed as
// runtime/debug.ParseBuildInfo does (src/runtime/debug/mod.go).
//
// The linker writes a 32-byte header into the `.go.buildinfo` section: the
// 14-byte magic `\xff Go buildinf:`, the pointer size, and a flags byte.
// From Go 1.18 on, flag bit 2 is set and two varint-prefixed strings follow
// the header: the toolchain version and the module information. Before
// 1.18, the header contains two pointers to Go string headers (pointer and
// length) elsewhere in the data segment, which are resolved through the
// PT_LOAD program headers.
//
// ELF, PE (Windows) and Mach-O (macOS) executables are read, each reduced to
// its loadable segments and the address where the data starts, as
// buildinfo.go's elfExe, peExe and machoExe do. debug/buildinfo does not
// open fat (universal) Mach-O files, so readGoBuildInfos reads each of their
// architecture slices, as syft does (syft/pkg/cataloger/golang/scan_binary.go).
//
// NOTE: XCOFF (AIX) and Plan 9 executables are not read.

const ELF_MAGIC = Buffer.from('\x7fELF', 'latin1');
const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
const BUILDINFO_ALIGN = 16;
const BUILDINFO_HEADER_SIZE = 32;
/** debug/buildinfo reads this much of the data start to find the header. */
const SEARCH_WINDOW = 64 * 1024;
const PT_LOAD = 1;
const EMPTY = Buffer.alloc(0);
const PF_X = 1;
const PF_W = 2;

/** One module of a Go binary, as a `mod` or `dep` line names it, replacement applied. */
export interface GoModule {
  path: string;
  version: string;
}

/** Build information of a Go binary: toolchain, main package and modules. */
export interface GoBuildInfo {
  /** Toolchain version as Go prints it, such as `go1.19.8`. */
  goVersion: string;
  /** Main package path (the `path` line), empty when absent. */
  path: string;
  /** Main module, absent for a build outside module mode (GOPATH mode). */
  main?: GoModule;
  deps: GoModule[];
}

/** The parts of an ELF file that locating the build information needs. */
interface ElfImage {
  data: Buffer;
  is64: boolean;
  littleEndian: boolean;
  sections: { name: string; addr: bigint; offset: number; size: number }[];
  loads: { vaddr: bigint; offset: number; filesz: number; flags: number }[];
}

/** An executable of any format: its file-backed segments and where its data starts. */
interface ExeImage {
  data: Buffer;
  loads: { vaddr: bigint; offset: number; filesz: number }[];
  dataStart: bigint | undefined;
}

/** True when the bytes start with the ELF magic. */
export function isElf(data: Buffer): boolean {
  return data.length >= 16 && data.subarray(0, 4).equals(ELF_MAGIC);
}

/**
 * Reads the build information of a thin Go executable (ELF, PE or Mach-O).
 * Returns undefined for anything else or a file without Go build
 * information, including truncated and malformed files.
 */
export function readGoBuildInfo(data: Buffer): GoBuildInfo | undefined {
  let raw: { version: Buffer; modinfo: Buffer } | undefined;
  try {
    const exe = openExe(data);
    if (exe === undefined) return undefined;
    raw = readRawBuildInfo(exe);
  } catch (error) {
    if (error instanceof RangeError) return undefined;
    throw error;
  }
  if (raw === undefined || raw.version.length === 0) return undefined;

  return { goVersion: raw.version.toString('utf8'), ...parseModuleInfo(stripFraming(raw.modinfo)) };
}

/**
 * Reads the build information of every Go executable in a file: the file
 * itself, or each architecture slice of a fat Mach-O file that carries
 * build information. Returns an empty list for anything else.
 */
export function readGoBuildInfos(data: Buffer): GoBuildInfo[] {
  const slices = fatMachoSlices(data) ?? [data];
  return slices.map(readGoBuildInfo).filter((info): info is GoBuildInfo => info !== undefined);
}

const FAT_MAGIC = 0xcafebabe;
const FAT_MAGIC_64 = 0xcafebabf;

/**
 * Returns the architecture slices of a fat Mach-O file (mach-o/fat.h: a
 * big-endian header, then one fat_arch or fat_arch_64 record per slice), or
 * undefined when the file is not fat. A slice that lies past the end of the
 * file is left out, and a record table cut short yields no slice. Java class
 * files share the magic, and their version fields read as a record count.
 * Those records rarely point at a Mach-O header, and a slice that is no
 * executable yields no build information.
 */
function fatMachoSlices(data: Buffer): Buffer[] | undefined {
  if (data.length < 8) return undefined;
  const magic = data.readUInt32BE(0);
  if (magic !== FAT_MAGIC && magic !== FAT_MAGIC_64) return undefined;

  const is64 = magic === FAT_MAGIC_64;
  const recordSize = is64 ? 32 : 20;
  const count = data.readUInt32BE(4);
  if (8 + count * recordSize > data.length) return [];

  const slices: Buffer[] = [];
  for (let i = 0; i < count; i++) {
    // fat_arch: cputype, cpusubtype, offset, size, align (32-bit fields);
    // fat_arch_64 widens offset and size to 64 bits.
    const at = 8 + i * recordSize + 8;
    const offset = is64 ? Number(data.readBigUInt64BE(at)) : data.readUInt32BE(at);
    const size = is64 ? Number(data.readBigUInt64BE(at + 8)) : data.readUInt32BE(at + 4);
    if (offset + size <= data.length) slices.push(data.subarray(offset, offset + size));
  }
  return slices;
}

/** Mirrors buildinfo.go's Read: picks the reader by the file's magic. */
function openExe(data: Buffer): ExeImage | undefined {
  if (isElf(data)) {
    const elf = parseElf(data);
    return { data, loads: elf.loads, dataStart: dataStart(elf) };
  }
  if (isPe(data)) return parsePe(data);
  if (machoByteOrder(data) !== undefined) return parseMacho(data);
  return undefined;
}

/** True when the bytes start with `MZ` and the header they point at is `PE\0\0`. */
export function isPe(data: Buffer): boolean {
  if (data.length < 0x40 || data.toString('latin1', 0, 2) !== 'MZ') return false;
  const pe = data.readUInt32LE(0x3c);
  return pe + 4 <= data.length && data.toString('latin1', pe, pe + 4) === 'PE\0\0';
}

const IMAGE_SCN_CNT_INITIALIZED_DATA = 0x40;
const IMAGE_SCN_MEM_READ = 0x40000000;
const IMAGE_SCN_MEM_WRITE = 0x80000000;
const IMAGE_SCN_ALIGN_32BYTES = 0x600000;
const PE_DATA_FLAGS = (IMAGE_SCN_CNT_INITIALIZED_DATA | IMAGE_SCN_MEM_READ | IMAGE_SCN_MEM_WRITE) >>> 0;

/**
 * Reads the section table of a PE file. Mirrors peExe: sections are
 * addressed at image base plus virtual address, and the data starts at the
 * first initialised, readable, writable section (`.data` in a Go build).
 */
function parsePe(data: Buffer): ExeImage {
  const pe = data.readUInt32LE(0x3c);
  const coff = pe + 4;
  const sectionCount = data.readUInt16LE(coff + 2);
  const optionalSize = data.readUInt16LE(coff + 16);
  const optional = coff + 20;
  const magic = data.readUInt16LE(optional);
  const imageBase = magic === 0x20b ? data.readBigUInt64LE(optional + 24) : BigInt(data.readUInt32LE(optional + 28));

  const loads: ExeImage['loads'] = [];
  let start: bigint | undefined;
  for (let i = 0; i < sectionCount; i++) {
    const at = optional + optionalSize + i * 40;
    const virtualAddress = data.readUInt32LE(at + 12);
    const size = data.readUInt32LE(at + 16);
    const offset = data.readUInt32LE(at + 20);
    const characteristics = data.readUInt32LE(at + 36);
    loads.push({ vaddr: imageBase + BigInt(virtualAddress), offset, filesz: size });
    const flags = (characteristics & ~IMAGE_SCN_ALIGN_32BYTES) >>> 0;
    if (start === undefined && virtualAddress !== 0 && size !== 0 && flags === PE_DATA_FLAGS) {
      start = imageBase + BigInt(virtualAddress);
    }
  }
  return { data, loads, dataStart: start };
}

/** The byte order and word size a Mach-O magic number announces, or undefined. */
function machoByteOrder(data: Buffer): { littleEndian: boolean; is64: boolean } | undefined {
  if (data.length < 32) return undefined;
  const le = data.readUInt32LE(0);
  if (le === 0xfeedface || le === 0xfeedfacf) return { littleEndian: true, is64: le === 0xfeedfacf };
  const be = data.readUInt32BE(0);
  if (be === 0xfeedface || be === 0xfeedfacf) return { littleEndian: false, is64: be === 0xfeedfacf };
  return undefined;
}

const LC_SEGMENT = 0x1;
const LC_SEGMENT_64 = 0x19;
const VM_PROT_RW = 3;

/**
 * Reads the segment load commands of a Mach-O file. Mirrors machoExe: the
 * data starts at the `__go_buildinfo` section, else at the first segment
 * mapped read-write (`__DATA`); `__PAGEZERO` holds no file bytes.
 */
function parseMacho(data: Buffer): ExeImage {
  const { littleEndian, is64 } = machoByteOrder(data)!;
  const u32 = (at: number): number => (littleEndian ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const u64 = (at: number): bigint => (littleEndian ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at));
  const word = (at: number): bigint => (is64 ? u64(at) : BigInt(u32(at)));
  const name = (at: number): string => data.toString('latin1', at, at + 16).replace(/\0.*$/s, '');

  const commandCount = u32(16);
  const loads: ExeImage['loads'] = [];
  let section: bigint | undefined;
  let segment: bigint | undefined;
  let at = is64 ? 32 : 28;
  for (let i = 0; i < commandCount; i++) {
    const cmd = u32(at);
    const size = u32(at + 4);
    if (size < 8) throw new RangeError('load command too short');
    if (cmd === (is64 ? LC_SEGMENT_64 : LC_SEGMENT)) {
      const w = is64 ? 8 : 4;
      const vaddr = word(at + 24);
      const offset = Number(word(at + 24 + 2 * w));
      const filesz = Number(word(at + 24 + 3 * w));
      const maxprot = u32(at + 24 + 4 * w);
      const initprot = u32(at + 28 + 4 * w);
      const sectionCount = u32(at + 32 + 4 * w);
      if (name(at + 8) !== '__PAGEZERO') loads.push({ vaddr, offset, filesz });
      if (segment === undefined && vaddr !== 0n && filesz !== 0 && initprot === VM_PROT_RW && maxprot === VM_PROT_RW) segment = vaddr;
      const sectionSize = is64 ? 80 : 68;
      for (let s = 0; s < sectionCount; s++) {
        const sec = at + 40 + 4 * w + s * sectionSize;
        if (section === undefined && name(sec) === '__go_buildinfo') section = word(sec + 32);
      }
    }
    at += size;
  }
  return { data, loads, dataStart: section ?? segment };
}

/** Reads the program and section headers of an ELF file. A read past the end throws RangeError. */
function parseElf(data: Buffer): ElfImage {
  const is64 = data[4] === 2;
  const littleEndian = data[5] !== 2;
  const u16 = (at: number): number => (littleEndian ? data.readUInt16LE(at) : data.readUInt16BE(at));
  const u32 = (at: number): number => (littleEndian ? data.readUInt32LE(at) : data.readUInt32BE(at));
  const u64 = (at: number): bigint => (littleEndian ? data.readBigUInt64LE(at) : data.readBigUInt64BE(at));
  const addr = (at: number): bigint => (is64 ? u64(at) : BigInt(u32(at)));
  const offset = (at: number): number => Number(addr(at));

  const phoff = offset(is64 ? 0x20 : 0x1c);
  const shoff = offset(is64 ? 0x28 : 0x20);
  const phentsize = u16(is64 ? 0x36 : 0x2a);
  const phnum = u16(is64 ? 0x38 : 0x2c);
  const shentsize = u16(is64 ? 0x3a : 0x2e);
  const shnum = u16(is64 ? 0x3c : 0x30);
  const shstrndx = u16(is64 ? 0x3e : 0x32);

  const loads: ElfImage['loads'] = [];
  for (let i = 0; i < phnum; i++) {
    const at = phoff + i * phentsize;
    if (u32(at) !== PT_LOAD) continue;
    loads.push(is64
      ? { flags: u32(at + 4), offset: offset(at + 8), vaddr: u64(at + 16), filesz: offset(at + 32) }
      : { offset: u32(at + 4), vaddr: BigInt(u32(at + 8)), filesz: u32(at + 16), flags: u32(at + 24) });
  }

  // Section headers may be missing, and then dataStart falls back to the PT_LOAD segments.
  const sections: ElfImage['sections'] = [];
  if (shoff !== 0 && shnum !== 0 && shstrndx < shnum) {
    const header = (i: number): number => shoff + i * shentsize;
    const names = offset(header(shstrndx) + (is64 ? 0x18 : 0x10));
    for (let i = 0; i < shnum; i++) {
      const at = header(i);
      sections.push({
        name: cString(data, names + u32(at)),
        addr: addr(at + (is64 ? 0x10 : 0x0c)),
        offset: offset(at + (is64 ? 0x18 : 0x10)),
        size: offset(at + (is64 ? 0x20 : 0x14)),
      });
    }
  }
  return { data, is64, littleEndian, sections, loads };
}

function cString(data: Buffer, at: number): string {
  if (at >= data.length) throw new RangeError('section name outside the file');
  const end = data.indexOf(0, at);
  return data.toString('latin1', at, end < 0 ? data.length : end);
}

/** Mirrors elfExe.DataStart: the `.go.buildinfo` section, else the first writable, non-executable PT_LOAD. */
function dataStart(elf: ElfImage): bigint | undefined {
  const section = elf.sections.find((s) => s.name === '.go.buildinfo');
  if (section) return section.addr;
  return elf.loads.find((load) => (load.flags & (PF_X | PF_W)) === PF_W)?.vaddr;
}

/** Mirrors elfExe.ReadData: up to `size` bytes at a virtual address, from the PT_LOAD segment holding it. */
function readData(elf: ExeImage, addr: bigint, size: number): Buffer | undefined {
  for (const load of elf.loads) {
    if (load.filesz === 0 || addr < load.vaddr || addr > load.vaddr + BigInt(load.filesz) - 1n) continue;
    const start = load.offset + Number(addr - load.vaddr);
    const end = Math.min(start + size, load.offset + load.filesz);
    if (end > elf.data.length) throw new RangeError('segment extends past the end of the file');
    return elf.data.subarray(start, end);
  }
  return undefined;
}

function readRawBuildInfo(elf: ExeImage): { version: Buffer; modinfo: Buffer } | undefined {
  const start = elf.dataStart;
  if (start === undefined) return undefined;
  let data = readData(elf, start, SEARCH_WINDOW);
  if (data === undefined) return undefined;

  // The header is 16-byte aligned; an unaligned match is a coincidence in the data.
  let from = 0;
  for (;;) {
    const i = data.indexOf(BUILDINFO_MAGIC, from);
    if (i < 0 || data.length - i < BUILDINFO_HEADER_SIZE) return undefined;
    if (i % BUILDINFO_ALIGN === 0) {
      data = data.subarray(i);
      break;
    }
    from = i + 1;
  }

  const pointerSize = data[14];
  const flags = data[15];
  if (flags & 2) {
    const version = decodeString(data, BUILDINFO_HEADER_SIZE);
    const modinfo = version ? decodeString(data, version.next) : undefined;
    return { version: version?.value ?? EMPTY, modinfo: modinfo?.value ?? EMPTY };
  }

  const bigEndian = flags !== 0;
  const readPointer = (buf: Buffer, at: number): bigint => {
    if (pointerSize === 4) return BigInt(bigEndian ? buf.readUInt32BE(at) : buf.readUInt32LE(at));
    return bigEndian ? buf.readBigUInt64BE(at) : buf.readBigUInt64LE(at);
  };
  const readString = (at: bigint): Buffer => {
    const header = readData(elf, at, 2 * pointerSize);
    if (header === undefined || header.length < 2 * pointerSize) return EMPTY;
    const length = Number(readPointer(header, pointerSize));
    const bytes = readData(elf, readPointer(header, 0), length);
    return bytes === undefined || bytes.length < length ? EMPTY : bytes;
  };
  return { version: readString(readPointer(data, 16)), modinfo: readString(readPointer(data, 16 + pointerSize)) };
}

/** Mirrors decodeString: an unsigned varint length, then that many bytes. */
function decodeString(data: Buffer, at: number): { value: Buffer; next: number } | undefined {
  let length = 0;
  let shift = 0;
  let start = -1;
  for (let i = at; i < data.length && i - at < 10; i++) {
    length += (data[i] & 0x7f) * 2 ** shift;
    shift += 7;
    if ((data[i] & 0x80) === 0) {
      start = i + 1;
      break;
    }
  }

  // binary.Uvarint fails on a varint longer than ten bytes or cut off by the end.
  if (start < 0) return undefined;
  if (length >= data.length - start) return undefined;
  return { value: data.subarray(start, start + length), next: start + length };
}

/**
 * Removes the two 16-byte sentinels around the module information
 * (cmd/go/internal/modload infoStart and infoEnd). A string without them
 * carries no module information.
 */
function stripFraming(modinfo: Buffer): string {
  if (modinfo.length >= 33 && modinfo[modinfo.length - 17] === 0x0a) return modinfo.toString('utf8', 16, modinfo.length - 16);
  return '';
}

/**
 * Parses the module lines as runtime/debug.ParseBuildInfo does: tab-separated
 * `path`, `mod`, `dep` and `=>` lines, where `=>` replaces the module of the
 * line before it.
 */
export function parseModuleInfo(text: string): Omit<GoBuildInfo, 'goVersion'> {
  const info: Omit<GoBuildInfo, 'goVersion'> = { path: '', deps: [] };
  let last: GoModule | undefined;

  for (const line of text.split('\n')) {
    const [key, ...fields] = line.split('\t');
    if (key === 'path') {
      info.path = fields[0] ?? '';
    } else if ((key === 'mod' || key === 'dep') && fields.length >= 1) {
      last = { path: fields[0], version: fields[1] ?? '' };
      if (key === 'mod') info.main = last;
      else info.deps.push(last);
    } else if (key === '=>' && last !== undefined && fields.length >= 1) {
      // A replacement by a local directory has no version and its path is
      // a directory, so the module keeps its path with no version.
      const version = fields[1] ?? '';
      if (version !== '') last.path = fields[0];
      last.version = version;
      last = undefined;
    }
  }
  return info;
}
