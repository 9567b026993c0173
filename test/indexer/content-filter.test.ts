// Tests of the executable prefilter: scanners of binaries let the layer
// reader drop requested files whose first bytes are no executable, before the
// rest of the file is buffered.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildTar, streamOf } from '../image/tar-fixtures.js';
import { CargoScanner } from '../../src/ecosystems/cargo/scanner.js';
import { GolangScanner } from '../../src/ecosystems/golang/scanner.js';
import { CONTENT_HEAD_SIZE, readLayerTar } from '../../src/image/tar-reader.js';
import { isElfHead, isExecutableHead } from '../../src/indexer/executable.js';
import { scanLayer } from '../../src/indexer/layer-scan.js';
import type { LayerFile, LayerFindings, LayerScanner } from '../../src/indexer/types.js';
import { logger } from '../../src/log.js';

const hex = (text: string): Buffer => Buffer.from(text.replace(/ /g, ''), 'hex');

/** First bytes of each format, from the ELF, PE and Mach-O specifications (loader.h, fat.h). */
const HEADS: { name: string; head: Buffer; executable: boolean; elf: boolean }[] = [
  { name: 'ELF', head: hex('7f 45 4c 46 02 01 01 00'), executable: true, elf: true },
  { name: 'PE (DOS stub)', head: Buffer.from('MZ\x90\x00', 'latin1'), executable: true, elf: false },
  { name: 'Mach-O 32-bit little-endian', head: hex('ce fa ed fe 07 00 00 00'), executable: true, elf: false },
  { name: 'Mach-O 64-bit little-endian', head: hex('cf fa ed fe 0c 00 00 01'), executable: true, elf: false },
  { name: 'Mach-O 32-bit big-endian', head: hex('fe ed fa ce 00 00 00 12'), executable: true, elf: false },
  { name: 'Mach-O 64-bit big-endian', head: hex('fe ed fa cf 01 00 00 07'), executable: true, elf: false },
  { name: 'fat Mach-O', head: hex('ca fe ba be 00 00 00 02'), executable: true, elf: false },
  { name: 'fat Mach-O, 64-bit offsets', head: hex('ca fe ba bf 00 00 00 02'), executable: true, elf: false },
  { name: 'shell script', head: Buffer.from('#!/bin/sh\n'), executable: false, elf: false },
  { name: 'zip', head: hex('50 4b 03 04 14 00'), executable: false, elf: false },
  { name: 'gzip', head: hex('1f 8b 08 00'), executable: false, elf: false },
  { name: 'ELF cut short', head: hex('7f 45 4c'), executable: false, elf: false },
  { name: 'empty', head: Buffer.alloc(0), executable: false, elf: false },
];

test('executable heads by format', () => {
  for (const { name, head, executable, elf } of HEADS) {
    assert.equal(isExecutableHead(head), executable, name);
    assert.equal(isElfHead(head), elf, name);
  }
});

const ELF_FILE = Buffer.concat([hex('7f 45 4c 46 02 01 01 00'), Buffer.alloc(200, 0x41)]);
const SCRIPT = '#!/bin/sh\nexec /usr/libexec/tool "$@"\n'.repeat(10);

test('layer reader drops rejected files after the head', async () => {
  const tarData = await buildTar([
    { name: 'bin', type: 'symlink', linkname: 'usr/bin' },
    { name: 'usr/bin/tool', contents: ELF_FILE },
    { name: 'usr/bin/wrapper', contents: SCRIPT },
    { name: 'usr/bin/empty', contents: '' },
    { name: 'usr/bin/mz', contents: 'MZ' },
  ]);

  const heads = new Map<string, Buffer>();
  // Chunks of 5 bytes make each head straddle several chunks.
  const result = await readLayerTar(streamOf(tarData, 5), {
    layer: 'test',
    wants: (path) => path.startsWith('usr/bin/') || path === 'bin/tool',
    maxFileSize: () => 1024,
    wantsContent: (path, head) => {
      heads.set(path, head);
      return isExecutableHead(head);
    },
  });

  const sizes = Object.fromEntries(result.files.map((file) => [file.path, file.contents.length]));
  assert.deepEqual(sizes, { 'bin/tool': ELF_FILE.length, 'usr/bin/empty': 0, 'usr/bin/mz': 2, 'usr/bin/tool': ELF_FILE.length, 'usr/bin/wrapper': 0 });
  const contents = (path: string): Buffer | undefined => result.files.find((file) => file.path === path)?.contents;
  assert.deepEqual(contents('usr/bin/tool'), ELF_FILE);
  // The path under the symlinked directory is served the same Buffer, as without the filter.
  assert.equal(contents('bin/tool'), contents('usr/bin/tool'));

  assert.deepEqual(heads.get('usr/bin/tool'), ELF_FILE.subarray(0, CONTENT_HEAD_SIZE));
  assert.deepEqual(heads.get('usr/bin/wrapper'), Buffer.from(SCRIPT).subarray(0, CONTENT_HEAD_SIZE));
  assert.deepEqual(heads.get('usr/bin/mz'), Buffer.from('MZ'));
  assert.deepEqual(heads.get('usr/bin/empty'), Buffer.alloc(0));
});

/** A scanner of every `usr/bin` file that records what it was given; wantsContent only when `keeps` is set. */
class RecordingScanner implements LayerScanner {
  readonly version = '1';
  readonly maxFileSize = 1024;
  seen: LayerFile[] = [];
  wantsContent?: (path: string, head: Buffer) => boolean;

  constructor(readonly name: string, keeps?: (head: Buffer) => boolean) {
    if (keeps !== undefined) this.wantsContent = (_path, head) => keeps(head);
  }

  wants(path: string): boolean {
    return path.startsWith('usr/bin/');
  }

  scan(files: LayerFile[]): LayerFindings {
    this.seen = files;
    return { scanner: this.name, scannerVersion: this.version, packages: [], databases: files.map((f) => f.path) };
  }
}

const sizesSeen = (scanner: RecordingScanner): Record<string, number> =>
  Object.fromEntries(scanner.seen.map((file) => [file.path, file.contents.length]));

async function scanWith(scanners: LayerScanner[]): Promise<LayerFindings[]> {
  const tarData = await buildTar([
    { name: 'usr/bin/tool', contents: ELF_FILE },
    { name: 'usr/bin/wrapper', contents: SCRIPT },
  ]);
  return (await scanLayer(streamOf(tarData), 'sha256:test', scanners, logger('test'))).findings;
}

test('scanLayer keeps a file any scanner keeps', async () => {
  const elfOnly = new RecordingScanner('elf-only', isElfHead);
  const everything = new RecordingScanner('everything');
  await scanWith([elfOnly, everything]);

  // The scanner without wantsContent keeps the script whole, for both.
  assert.deepEqual(sizesSeen(elfOnly), { 'usr/bin/tool': ELF_FILE.length, 'usr/bin/wrapper': SCRIPT.length });
  assert.deepEqual(sizesSeen(everything), sizesSeen(elfOnly));
});

test('scanLayer drops a file every scanner rejects', async () => {
  const elfOnly = new RecordingScanner('elf-only', isElfHead);
  const findings = await scanWith([elfOnly]);

  assert.deepEqual(sizesSeen(elfOnly), { 'usr/bin/tool': ELF_FILE.length, 'usr/bin/wrapper': 0 });
  // The dropped file is still listed, so it hides a lower layer's file at that path.
  assert.deepEqual(findings[0].databases, ['usr/bin/tool', 'usr/bin/wrapper']);
});

test('Go and Cargo scanners list dropped binaries', async () => {
  const findings = await scanWith([new GolangScanner(), new CargoScanner()]);
  for (const scanner of ['golang', 'cargo']) {
    const found = findings.find((f) => f.scanner === scanner);
    assert.deepEqual(found?.databases, ['usr/bin/tool', 'usr/bin/wrapper'], scanner);
    assert.deepEqual(found?.packages, [], scanner);
  }
});

test('Go scanner keeps go.mod, executables', () => {
  const scanner = new GolangScanner();
  assert.equal(scanner.wantsContent('srv/app/go.mod', Buffer.from('module x\n')), true);
  assert.equal(scanner.wantsContent('go.sum', Buffer.from('example.com/x v1')), true);
  assert.equal(scanner.wantsContent('usr/bin/tool', ELF_FILE.subarray(0, 16)), true);
  assert.equal(scanner.wantsContent('usr/bin/wrapper', Buffer.from(SCRIPT).subarray(0, 16)), false);

  const cargo = new CargoScanner();
  assert.equal(cargo.wantsContent('srv/app/Cargo.lock', Buffer.from('# This file')), true);
  assert.equal(cargo.wantsContent('usr/bin/tool', ELF_FILE.subarray(0, 16)), true);
  assert.equal(cargo.wantsContent('usr/bin/tool.exe', Buffer.from('MZ\x90\x00')), false);
});
