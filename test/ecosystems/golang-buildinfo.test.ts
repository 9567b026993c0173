// Tests of the Go scanner. The real fzf binary of the kitchen-sink image is
// compared with its ground truth. Other fixtures are ELF files written byte
// by byte in the layout of Go's debug/buildinfo, because the test
// environment has no Go toolchain to build them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { groundTruthRows, indexSharedImage, withSqliteStore } from '../indexer/index-helpers.js';
import { readGoBuildInfo, readGoBuildInfos, type GoBuildInfo } from '../../src/ecosystems/golang/buildinfo.js';
import { GolangScanner, isCandidateBinary } from '../../src/ecosystems/golang/scanner.js';
import { defaultScanners } from '../../src/indexer/registry.js';
import type { IndexReport, LayerFindings } from '../../src/indexer/types.js';
import { namesAfterChanges } from './layers.js';

const IMAGES = ['debian-bookworm-minbase', 'debian-multilayer', 'debian-kitchen-sink', 'distroless-like'];

// --- ELF fixtures --------------------------------------------------------

const BUILDINFO_MAGIC = Buffer.from('\xff Go buildinf:', 'latin1');
/** cmd/go/internal/modload infoStart and infoEnd, the sentinels around the module information. */
const INFO_START = Buffer.from('3077af0c9274080241e1c107e6d618e6', 'hex');
const INFO_END = Buffer.from('f932433186182072008242104116d8f2', 'hex');
const BASE = 0x400000;
const DATA_OFFSET = 0x100;

interface ElfShape {
  is64: boolean;
  littleEndian: boolean;
  /** Write section headers; without them the reader falls back to the writable PT_LOAD. */
  sections: boolean;
  /** Name of the section over the data segment. */
  sectionName: string;
}

const ELF64: ElfShape = { is64: true, littleEndian: true, sections: true, sectionName: '.go.buildinfo' };

/** A growable byte writer in one byte order. */
class Writer {
  private bytes: number[] = [];
  constructor(private readonly littleEndian: boolean) {}

  get length(): number { return this.bytes.length; }

  raw(data: Buffer | number[]): this { this.bytes.push(...data); return this; }

  uint(value: number, size: number): this {
    const buf = Buffer.alloc(size);
    if (size === 8) {
      if (this.littleEndian) buf.writeBigUInt64LE(BigInt(value)); else buf.writeBigUInt64BE(BigInt(value));
    } else if (size === 4) {
      if (this.littleEndian) buf.writeUInt32LE(value); else buf.writeUInt32BE(value);
    } else if (size === 2) {
      if (this.littleEndian) buf.writeUInt16LE(value); else buf.writeUInt16BE(value);
    } else {
      buf[0] = value;
    }
    return this.raw(buf);
  }

  pad(to: number): this { while (this.bytes.length < to) this.bytes.push(0); return this; }

  buffer(): Buffer { return Buffer.from(this.bytes); }
}

/**
 * Writes an executable ELF file with one writable PT_LOAD segment at file
 * offset DATA_OFFSET and virtual address BASE + DATA_OFFSET. The segment
 * contains the bytes `data` returns for that address. With `shape.sections`,
 * a section header table names the segment and a `.shstrtab`.
 */
function elfFile(shape: ElfShape, data: (vaddr: number) => Buffer): Buffer {
  const { is64, littleEndian } = shape;
  const word = is64 ? 8 : 4;
  const vaddr = BASE + DATA_OFFSET;
  const segment = data(vaddr);
  const names = Buffer.from(`\0${shape.sectionName}\0.shstrtab\0`, 'latin1');
  const namesOffset = DATA_OFFSET + segment.length;
  const sectionsOffset = (namesOffset + names.length + 7) & ~7;
  const phoff = is64 ? 64 : 52;

  const w = new Writer(littleEndian);
  w.raw([0x7f, 0x45, 0x4c, 0x46, is64 ? 2 : 1, littleEndian ? 1 : 2, 1]).pad(16);
  w.uint(2, 2).uint(is64 ? 62 : 3, 2).uint(1, 4).uint(BASE, word).uint(phoff, word).uint(shape.sections ? sectionsOffset : 0, word);
  w.uint(0, 4).uint(phoff, 2).uint(is64 ? 56 : 32, 2).uint(1, 2).uint(is64 ? 64 : 40, 2);
  w.uint(shape.sections ? 3 : 0, 2).uint(shape.sections ? 2 : 0, 2);

  // PT_LOAD, readable and writable (PF_R | PF_W).
  if (is64) w.uint(1, 4).uint(6, 4).uint(DATA_OFFSET, 8).uint(vaddr, 8).uint(vaddr, 8).uint(segment.length, 8).uint(segment.length, 8).uint(16, 8);
  else w.uint(1, 4).uint(DATA_OFFSET, 4).uint(vaddr, 4).uint(vaddr, 4).uint(segment.length, 4).uint(segment.length, 4).uint(6, 4).uint(16, 4);

  w.pad(DATA_OFFSET).raw(segment).raw(names).pad(sectionsOffset);
  if (shape.sections) {
    const section = (name: number, type: number, addr: number, offset: number, size: number): void => {
      w.uint(name, 4).uint(type, 4).uint(0, word).uint(addr, word).uint(offset, word).uint(size, word);
      w.uint(0, 4).uint(0, 4).uint(1, word).uint(0, word);
    };
    section(0, 0, 0, 0, 0);
    section(1, 1, vaddr, DATA_OFFSET, segment.length);
    section(2 + shape.sectionName.length, 3, 0, namesOffset, names.length);
  }
  return w.buffer();
}

function uvarint(value: number): number[] {
  const out: number[] = [];
  while (value >= 0x80) {
    out.push((value & 0x7f) | 0x80);
    value = Math.floor(value / 128);
  }
  out.push(value);
  return out;
}

/** Module information as the go command embeds it: lines between the two sentinels. */
function framed(modinfo: string): Buffer {
  return modinfo === '' ? Buffer.alloc(0) : Buffer.concat([INFO_START, Buffer.from(modinfo), INFO_END]);
}

/** Go 1.18+ blob: the 32-byte header with flag bit 2, then two varint-prefixed strings. */
function inlineBlob(goVersion: string, modinfo: Buffer, lead = 0): (vaddr: number) => Buffer {
  return () => {
    const w = new Writer(true).pad(lead).raw(BUILDINFO_MAGIC).uint(8, 1).uint(2, 1).pad(lead + 32);
    w.raw(uvarint(goVersion.length)).raw(Buffer.from(goVersion)).raw(uvarint(modinfo.length)).raw(modinfo);
    return w.pad(w.length + 16).buffer();
  };
}

/** Pre-1.18 blob: the header contains pointers to Go string headers (pointer, length) elsewhere in the segment. */
function pointerBlob(shape: ElfShape, goVersion: string, modinfo: Buffer): (vaddr: number) => Buffer {
  return (vaddr) => {
    const word = shape.is64 ? 8 : 4;
    const headers = vaddr + 32;
    const versionBytes = headers + 4 * word;
    const modinfoBytes = versionBytes + goVersion.length;

    const w = new Writer(shape.littleEndian).raw(BUILDINFO_MAGIC).uint(word, 1).uint(shape.littleEndian ? 0 : 1, 1);
    w.uint(headers, word).uint(headers + 2 * word, word).pad(32);
    w.uint(versionBytes, word).uint(goVersion.length, word).uint(modinfoBytes, word).uint(modinfo.length, word);
    return w.raw(Buffer.from(goVersion)).raw(modinfo).pad(w.length + 16).buffer();
  };
}

const MODINFO = [
  'path\texample.com/tool/cmd/tool',
  'mod\texample.com/tool\tv1.4.2\th1:AAAA',
  'dep\tgithub.com/spf13/cobra\tv1.7.0\th1:BBBB',
  'dep\tgolang.org/x/net\tv0.7.0',
  '=>\tgolang.org/x/net\tv0.17.0\th1:CCCC',
  'dep\tgolang.org/x/text\tv0.3.0',
  '=>\tgithub.com/fork/text\tv0.14.1-0.20231010120000-abcdefabcdef\th1:DDDD',
  'dep\texample.com/internal/lib\tv0.0.0',
  '=>\t../lib\t',
  'build\t-compiler=gc',
  'build\tCGO_ENABLED=0',
  '',
].join('\n');

/** Build information of MODINFO, read by hand: replacements applied, the local-directory one without a version. */
const MODINFO_INFO: Omit<GoBuildInfo, 'goVersion'> = {
  path: 'example.com/tool/cmd/tool',
  main: { path: 'example.com/tool', version: 'v1.4.2' },
  deps: [
    { path: 'github.com/spf13/cobra', version: 'v1.7.0' },
    { path: 'golang.org/x/net', version: 'v0.17.0' },
    { path: 'github.com/fork/text', version: 'v0.14.1-0.20231010120000-abcdefabcdef' },
    { path: 'example.com/internal/lib', version: '' },
  ],
};

const GO_MODULE_BINARY = elfFile(ELF64, inlineBlob('go1.21.3', framed(MODINFO)));

test('build information in each ELF layout', () => {
  const cases: { name: string; file: Buffer; expected: GoBuildInfo }[] = [
    { name: 'Go 1.18+ module build', file: GO_MODULE_BINARY, expected: { goVersion: 'go1.21.3', ...MODINFO_INFO } },
    {
      name: 'GOPATH build: a path line and no module',
      file: elfFile(ELF64, inlineBlob('go1.19.8', framed('path\tgithub.com/junegunn/fzf\nbuild\t-compiler=gc\n'))),
      expected: { goVersion: 'go1.19.8', path: 'github.com/junegunn/fzf', deps: [] },
    },
    {
      name: 'no module information at all',
      file: elfFile(ELF64, inlineBlob('go1.20', Buffer.alloc(0))),
      expected: { goVersion: 'go1.20', path: '', deps: [] },
    },
    {
      name: 'stripped of section headers: the writable PT_LOAD is searched',
      file: elfFile({ ...ELF64, sections: false }, inlineBlob('go1.21.3', framed(MODINFO))),
      expected: { goVersion: 'go1.21.3', ...MODINFO_INFO },
    },
    {
      name: 'header 16-byte aligned behind other data',
      file: elfFile({ ...ELF64, sectionName: '.data' }, inlineBlob('go1.22.0', framed(MODINFO), 48)),
      expected: { goVersion: 'go1.22.0', ...MODINFO_INFO },
    },
    {
      name: 'before Go 1.18, 64-bit little-endian pointers',
      file: elfFile(ELF64, pointerBlob(ELF64, 'go1.16.15', framed(MODINFO))),
      expected: { goVersion: 'go1.16.15', ...MODINFO_INFO },
    },
    {
      name: 'before Go 1.18, 32-bit big-endian pointers',
      file: elfFile(
        { is64: false, littleEndian: false, sections: true, sectionName: '.go.buildinfo' },
        pointerBlob({ ...ELF64, is64: false, littleEndian: false }, 'go1.12.17', framed(MODINFO)),
      ),
      expected: { goVersion: 'go1.12.17', ...MODINFO_INFO },
    },
  ];

  for (const { name, file, expected } of cases) {
    assert.deepEqual(readGoBuildInfo(file), expected, name);
  }
});

test('non-Go files give no build information', () => {
  const cases: { name: string; file: Buffer }[] = [
    { name: 'ELF without Go build information', file: elfFile({ ...ELF64, sectionName: '.data' }, () => Buffer.alloc(4096, 0x90)) },
    { name: 'Go header that is not 16-byte aligned', file: elfFile({ ...ELF64, sectionName: '.data' }, inlineBlob('go1.21.3', framed(MODINFO), 8)) },
    { name: 'Go header with an empty version', file: elfFile(ELF64, inlineBlob('', framed(MODINFO))) },
    { name: 'shell script', file: Buffer.from('#!/bin/sh\necho "\xff Go buildinf:"\n') },
    { name: 'empty file', file: Buffer.alloc(0) },
    { name: 'ELF magic only', file: Buffer.from('\x7fELF', 'latin1') },
    { name: 'ELF header cut short', file: GO_MODULE_BINARY.subarray(0, 40) },
    { name: 'cut inside the build information', file: GO_MODULE_BINARY.subarray(0, DATA_OFFSET + 40) },
  ];

  for (const { name, file } of cases) {
    assert.equal(readGoBuildInfo(file), undefined, name);
  }
});

test('truncated, corrupted and random files never throw', () => {
  fc.assert(fc.property(fc.nat(GO_MODULE_BINARY.length), (length) => {
    readGoBuildInfo(GO_MODULE_BINARY.subarray(0, length));
  }));

  fc.assert(fc.property(fc.nat(GO_MODULE_BINARY.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
    const corrupted = Buffer.from(GO_MODULE_BINARY);
    corrupted[at] = value;
    readGoBuildInfo(corrupted);
  }), { numRuns: 2000 });

  fc.assert(fc.property(fc.uint8Array({ maxLength: 4096 }), (bytes) => {
    readGoBuildInfo(Buffer.concat([Buffer.from('\x7fELF', 'latin1'), Buffer.from(bytes)]));
    readGoBuildInfo(Buffer.from(bytes));
  }), { numRuns: 2000 });
});

// --- Scanner -------------------------------------------------------------

test('scanner requests executable folders only', () => {
  const cases: [string, boolean][] = [
    ['usr/bin/fzf', true],
    ['usr/local/bin/kubectl', true],
    ['bin/ls', true],
    ['usr/sbin/nginx', true],
    ['opt/tool/bin/tool', true],
    ['root/go/bin/gopls', true],
    ['usr/lib/go-1.19/bin/go', true],
    ['app/server', true],
    ['ko-app/manager', true],
    ['manager', true],
    ['app/node_modules/x/index.js', false],
    ['app/lib/server', false],
    ['usr/lib/x86_64-linux-gnu/libc.so.6', false],
    ['usr/share/doc/fzf/copyright', false],
    ['usr/bin', false],
    ['node_modules/.bin/tsc', false],
    ['etc/passwd', false],
  ];
  const scanner = new GolangScanner();
  for (const [file, wanted] of cases) assert.equal(scanner.wants(file), wanted, file);
  assert.equal(isCandidateBinary(''), false);
});

test('scanner reports stdlib, main module, dependencies', () => {
  const findings = new GolangScanner().scan([
    { path: 'usr/local/bin/tool', contents: GO_MODULE_BINARY },
    { path: 'usr/bin/env', contents: elfFile({ ...ELF64, sectionName: '.data' }, () => Buffer.alloc(64)) },
    { path: 'usr/bin/script', contents: Buffer.from('#!/bin/sh\n') },
  ]);

  const rows = findings.packages.map((p) => [p.ecosystem, p.name, p.version, p.sourceName, p.sourceVersion, p.path].join('\t'));
  assert.deepEqual(rows, [
    'golang\tstdlib\tgo1.21.3\t\t\tusr/local/bin/tool',
    'golang\texample.com/tool\tv1.4.2\t\t\tusr/local/bin/tool',
    'golang\tgithub.com/spf13/cobra\tv1.7.0\t\t\tusr/local/bin/tool',
    'golang\tgolang.org/x/net\tv0.17.0\t\t\tusr/local/bin/tool',
    'golang\tgithub.com/fork/text\tv0.14.1-0.20231010120000-abcdefabcdef\t\t\tusr/local/bin/tool',
  ]);
  assert.deepEqual(findings.databases, ['usr/local/bin/tool', 'usr/bin/env', 'usr/bin/script']);
});

test('merged-/usr alias reported once', () => {
  const findings = new GolangScanner().scan([
    { path: 'bin/tool', contents: GO_MODULE_BINARY },
    { path: 'usr/bin/tool', contents: GO_MODULE_BINARY },
  ]);
  assert.deepEqual([...new Set(findings.packages.map((p) => p.path))], ['usr/bin/tool']);
});

test('higher-layer whiteout removes binary packages', () => {
  const scanner = new GolangScanner();
  const lower = scanner.scan([{ path: 'usr/bin/tool', contents: GO_MODULE_BINARY }]);
  const empty: LayerFindings = scanner.scan([]);

  assert.equal(namesAfterChanges(lower, { whiteouts: ['usr/bin/tool'], opaqueDirs: [] }, empty).length, 0);
  assert.equal(namesAfterChanges(lower, { whiteouts: ['usr/bin/other'], opaqueDirs: [] }, empty).length, 5);
});

// --- Real images ---------------------------------------------------------

/** The golang rows of an image's ground truth, as `ecosystem name version path`; the source columns are not compared yet. */
function groundTruth(image: string): string[] {
  return groundTruthRows(image, ['golang']).map((row) => [row.ecosystem, row.name, row.version, row.path].join('\t')).sort();
}

function golangRows(report: IndexReport): string[] {
  return report.packages
    .filter((p) => p.ecosystem === 'golang')
    .map((p) => [p.ecosystem, p.name, p.version, p.path].join('\t'))
    .sort();
}

async function index(image: string): Promise<IndexReport> {
  let report: IndexReport | undefined;
  await withSqliteStore(async (store) => {
    report = await indexSharedImage(store, image, [new GolangScanner()]);
  });
  return report!;
}

for (const image of IMAGES) {
  test(`Go packages of ${image} equal the ground truth`, async () => {
    const report = await index(image);
    assert.deepEqual(golangRows(report), groundTruth(image));
  });
}

test('real fzf GOPATH build yields stdlib only', async () => {
  const fzf = (await index('debian-kitchen-sink')).packages.filter((p) => p.path === 'usr/bin/fzf' && p.ecosystem === 'golang');
  assert.deepEqual(fzf.map((p) => [p.name, p.version, p.sourceName, p.sourceVersion]), [['stdlib', 'go1.19.8', '', '']]);
});

test('default scanners include golang', () => {
  assert.ok(defaultScanners().some((scanner) => scanner instanceof GolangScanner));
});

// --- PE and Mach-O fixtures ----------------------------------------------

const PE_IMAGE_BASE = 0x140000000;
const PE_DATA_RVA = 0x2000;
const PE_DATA_OFFSET = 0x600;

function name16(name: string, size: number): Buffer {
  const buf = Buffer.alloc(size);
  buf.write(name, 'latin1');
  return buf;
}

/**
 * Writes a PE32+ file with a `.text` section and a data section named
 * `dataName` with characteristics `dataFlags`, whose raw bytes are the blob.
 */
function peFile(data: (vaddr: number) => Buffer, dataName = '.data', dataFlags = 0xc0000040 | 0x600000): Buffer {
  const blob = data(PE_IMAGE_BASE + PE_DATA_RVA);
  const w = new Writer(true).raw(Buffer.from('MZ')).pad(0x3c).uint(0x80, 4).pad(0x80);
  w.raw(Buffer.from('PE\0\0', 'latin1')).uint(0x8664, 2).uint(2, 2).uint(0, 4).uint(0, 4).uint(0, 4).uint(0xf0, 2).uint(0x22, 2);
  const optional = w.length;
  w.uint(0x20b, 2).pad(optional + 24).uint(PE_IMAGE_BASE, 8).pad(optional + 0xf0);
  const section = (name: string, rva: number, size: number, offset: number, flags: number): void => {
    w.raw(name16(name, 8)).uint(size, 4).uint(rva, 4).uint(size, 4).uint(offset, 4).uint(0, 4).uint(0, 4).uint(0, 2).uint(0, 2).uint(flags >>> 0, 4);
  };
  section('.text', 0x1000, 0x200, 0x400, 0x60000020);
  section(dataName, PE_DATA_RVA, blob.length, PE_DATA_OFFSET, dataFlags);
  w.pad(0x400).raw(Buffer.alloc(0x200, 0xcc));
  return w.raw(blob).buffer();
}

interface MachoShape { is64: boolean; littleEndian: boolean; goSection: boolean }

/**
 * Writes a Mach-O executable: `__PAGEZERO`, `__TEXT`, and a read-write
 * `__DATA` segment at file offset 0x1000 holding the blob, with a
 * `__go_buildinfo` section over it when `goSection` is set.
 */
function machoFile(shape: MachoShape, data: (vaddr: number) => Buffer): Buffer {
  const { is64, littleEndian } = shape;
  const word = is64 ? 8 : 4;
  const base = is64 ? 0x100000000 : 0x1000;
  const dataAddr = base + 0x1000;
  const blob = data(dataAddr);
  const segmentSize = is64 ? 72 : 56;
  const sectionSize = is64 ? 80 : 68;

  const w = new Writer(littleEndian).uint(is64 ? 0xfeedfacf : 0xfeedface, 4).uint(0x01000007, 4).uint(3, 4).uint(2, 4);
  w.uint(3, 4).uint(3 * segmentSize + sectionSize, 4).uint(0, 4);
  if (is64) w.uint(0, 4);
  const segment = (name: string, vaddr: number, vmsize: number, offset: number, filesz: number, prot: number, sections: number): void => {
    w.uint(is64 ? 0x19 : 0x1, 4).uint(segmentSize + sections * sectionSize, 4).raw(name16(name, 16));
    w.uint(vaddr, word).uint(vmsize, word).uint(offset, word).uint(filesz, word).uint(prot, 4).uint(prot, 4).uint(sections, 4).uint(0, 4);
  };
  segment('__PAGEZERO', 0, base, 0, 0, 0, 0);
  segment('__TEXT', base, 0x1000, 0, 0x1000, 5, 0);
  segment('__DATA', dataAddr, blob.length, 0x1000, blob.length, 3, 1);
  w.raw(name16(shape.goSection ? '__go_buildinfo' : '__data', 16)).raw(name16('__DATA', 16));
  w.uint(dataAddr, word).uint(blob.length, word).uint(0x1000, 4).pad(w.length + 4 * 6 + (is64 ? 4 : 0));
  return w.pad(0x1000).raw(blob).buffer();
}

const GO_PE = peFile(inlineBlob('go1.21.3', framed(MODINFO)));

test('PE and Mach-O build information', () => {
  const expected: GoBuildInfo = { goVersion: 'go1.21.3', ...MODINFO_INFO };
  const old: GoBuildInfo = { goVersion: 'go1.16.15', ...MODINFO_INFO };
  const cases: { name: string; file: Buffer; expected: GoBuildInfo }[] = [
    { name: 'PE32+ with .data', file: GO_PE, expected },
    { name: 'PE data section without the alignment bits', file: peFile(inlineBlob('go1.21.3', framed(MODINFO)), '.data', 0xc0000040), expected },
    { name: 'Mach-O 64-bit little-endian, __go_buildinfo section', file: machoFile({ is64: true, littleEndian: true, goSection: true }, inlineBlob('go1.21.3', framed(MODINFO))), expected },
    { name: 'Mach-O 64-bit, first read-write segment', file: machoFile({ is64: true, littleEndian: true, goSection: false }, inlineBlob('go1.21.3', framed(MODINFO))), expected },
    { name: 'Mach-O 32-bit big-endian, pre-1.18 pointers', file: machoFile({ is64: false, littleEndian: false, goSection: false }, pointerBlob({ ...ELF64, is64: false, littleEndian: false }, 'go1.16.15', framed(MODINFO))), expected: old },
  ];
  for (const { name, file, expected: want } of cases) {
    assert.deepEqual(readGoBuildInfo(file), want, name);
  }
});

test('non-Go and truncated PE files', () => {
  const cases: { name: string; file: Buffer }[] = [
    { name: 'PE without Go build information', file: peFile(() => Buffer.alloc(4096, 0x90)) },
    { name: 'PE whose only data section is read-only', file: peFile(inlineBlob('go1.21.3', framed(MODINFO)), '.rdata', 0x40000040) },
    { name: 'PE cut inside the section table', file: GO_PE.subarray(0, 0x190) },
    { name: 'PE cut inside the build information', file: GO_PE.subarray(0, PE_DATA_OFFSET + 40) },
    { name: 'MZ without a PE header', file: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(0x100)]) },
  ];
  for (const { name, file } of cases) {
    assert.equal(readGoBuildInfo(file), undefined, name);
  }

  fc.assert(fc.property(fc.nat(GO_PE.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
    const corrupted = Buffer.from(GO_PE);
    corrupted[at] = value;
    readGoBuildInfo(corrupted);
    readGoBuildInfo(corrupted.subarray(0, at));
  }), { numRuns: 2000 });
});

// --- fat (universal) Mach-O files ------------------------------------------

/** Writes a fat Mach-O file (mach-o/fat.h) around thin slices, each at a 4 KiB-aligned offset. */
function fatFile(slices: Buffer[], is64 = false): Buffer {
  const recordSize = is64 ? 32 : 20;
  const offsets: number[] = [];
  let end = 0x1000;
  for (const slice of slices) {
    offsets.push(end);
    end = Math.ceil((end + slice.length) / 0x1000) * 0x1000;
  }

  const w = new Writer(false).uint(is64 ? 0xcafebabf : 0xcafebabe, 4).uint(slices.length, 4);
  slices.forEach((slice, i) => {
    // cputype (CPU_TYPE_X86_64, then CPU_TYPE_ARM64) and cpusubtype, offset, size, align 2^12.
    w.uint(i === 0 ? 0x01000007 : 0x0100000c, 4).uint(3, 4);
    w.uint(offsets[i], is64 ? 8 : 4).uint(slice.length, is64 ? 8 : 4).uint(12, 4);
    if (is64) w.uint(0, 4);
  });
  if (w.length > 8 + slices.length * recordSize) throw new Error('fat header overflow');
  slices.forEach((slice, i) => w.pad(offsets[i]).raw(slice));
  return w.buffer();
}

const MACHO64: MachoShape = { is64: true, littleEndian: true, goSection: true };
const AMD64_SLICE = machoFile(MACHO64, inlineBlob('go1.21.3', framed(MODINFO)));
const OTHER_MODINFO = ['path\texample.com/tool/cmd/tool', 'mod\texample.com/tool\tv1.4.2\th1:AAAA', 'dep\tgolang.org/x/sys\tv0.13.0\th1:DDDD', ''].join('\n');
const ARM64_SLICE = machoFile(MACHO64, inlineBlob('go1.21.4', framed(OTHER_MODINFO)));

test('fat Mach-O yields each slice', () => {
  const amd64: GoBuildInfo = { goVersion: 'go1.21.3', ...MODINFO_INFO };
  const arm64: GoBuildInfo = {
    goVersion: 'go1.21.4', path: 'example.com/tool/cmd/tool',
    main: { path: 'example.com/tool', version: 'v1.4.2' }, deps: [{ path: 'golang.org/x/sys', version: 'v0.13.0' }],
  };
  assert.deepEqual(readGoBuildInfos(AMD64_SLICE), [amd64], 'a thin file is its own slice');
  assert.deepEqual(readGoBuildInfos(fatFile([AMD64_SLICE, ARM64_SLICE])), [amd64, arm64]);
  assert.deepEqual(readGoBuildInfos(fatFile([AMD64_SLICE, ARM64_SLICE], true)), [amd64, arm64], 'fat_arch_64 records');
  assert.deepEqual(readGoBuildInfos(fatFile([Buffer.alloc(0x800, 0x90), ARM64_SLICE])), [arm64], 'a slice without Go build information');
  // debug/buildinfo reads no fat file, so the single-file reader does not either.
  assert.equal(readGoBuildInfo(fatFile([AMD64_SLICE])), undefined);
});

test('malformed fat Mach-O yields nothing', () => {
  const fat = fatFile([AMD64_SLICE, ARM64_SLICE]);
  const cases: { name: string; file: Buffer; expected: string[] }[] = [
    { name: 'record table cut short', file: fat.subarray(0, 30), expected: [] },
    { name: 'second slice cut short', file: fat.subarray(0, fat.length - 1), expected: ['go1.21.3'] },
    { name: 'header only', file: fat.subarray(0, 8), expected: [] },
    // A Java class file: magic, minor version 0, major version 52 (Java 8), then a constant pool.
    { name: 'Java class file', file: Buffer.concat([Buffer.from('cafebabe00000034', 'hex'), Buffer.alloc(2048, 0x01)]), expected: [] },
  ];
  for (const { name, file, expected } of cases) {
    assert.deepEqual(readGoBuildInfos(file).map((info) => info.goVersion), expected, name);
  }

  fc.assert(fc.property(fc.nat(fat.length - 1), fc.integer({ min: 0, max: 255 }), (at, value) => {
    const corrupted = Buffer.from(fat);
    corrupted[at] = value;
    readGoBuildInfos(corrupted);
    readGoBuildInfos(corrupted.subarray(0, at));
  }), { numRuns: 500 });
});

test('scanner lists fat binary modules once', () => {
  const findings = new GolangScanner().scan([{ path: 'usr/local/bin/tool', contents: fatFile([AMD64_SLICE, ARM64_SLICE]) }]);
  const rows = findings.packages.map((p) => `${p.name} ${p.version}`).sort();
  assert.deepEqual(rows, [
    'example.com/tool v1.4.2',
    'github.com/fork/text v0.14.1-0.20231010120000-abcdefabcdef',
    'github.com/spf13/cobra v1.7.0',
    'golang.org/x/net v0.17.0',
    'golang.org/x/sys v0.13.0',
    'stdlib go1.21.3',
    'stdlib go1.21.4',
  ]);
  assert.deepEqual(findings.databases, ['usr/local/bin/tool']);
});
