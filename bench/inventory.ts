// Inventory benchmarks. (1) Bounded memory: index generated gzip layers of
// 10,000 and 100,000 small files plus one 1 GiB file of zeros. Each index
// runs in a child process, so its peak RSS is its own. One more run puts the
// zeros under usr/bin/, where the binary scanners request every file.
// (2) Index time of the kitchen-sink image per scanner alone and with every
// scanner.
//
// Run standalone: `node dist/bench/inventory.js`; `child` is the mode the
// benchmark starts itself in.
import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';
import { openImage } from '../src/image/reference.js';
import { Indexer } from '../src/indexer/indexer.js';
import { defaultScanners } from '../src/indexer/registry.js';
import { openStore } from '../src/store/index.js';
import { sharedPath } from '../test/shared.js';
import { median } from './median.js';

const GIB = 1 << 30;
const ZERO_CHUNK = Buffer.alloc(1 << 20);
const SMALL_FILE = Buffer.alloc(100, 'x');
const KITCHEN_SINK = `oci-archive:${sharedPath('images/debian-images.oci.tar')}:debian-kitchen-sink`;

export interface ChildResult {
  ms: number;
  maxRssMiB: number;
  packages: number;
  /** Warnings the child logged that a requested file was larger than its cap. */
  capWarnings: number;
}

export interface LayerRun extends ChildResult {
  files: number;
  zerosPath: string;
  layerBytes: number;
}

/** Passes bytes through and hashes them, for the diff_id of the uncompressed tar and the digest of the blob. */
function hashing(hash: Hash): Transform {
  let bytes = 0;
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, done: TransformCallback) {
      hash.update(chunk);
      bytes += chunk.length;
      done(null, chunk);
    },
  });
  Object.defineProperty(stream, 'bytes', { get: () => bytes });
  return stream;
}

/** Adds one entry through its entry stream, so the pack's backpressure holds the writer back. */
async function addEntry(pack: tar.Pack, name: string, size: number, chunks: Iterable<Buffer>): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const entry = pack.entry({ name, size, mode: 0o644 }, (err) => (err ? reject(err) : resolve()));
    (async () => {
      for (const chunk of chunks) {
        if (!entry.write(chunk)) await new Promise<void>((drained) => entry.once('drain', () => drained()));
      }
      entry.end(undefined as unknown as Buffer);
    })().catch(reject);
  });
}

function* zeros(): Iterable<Buffer> {
  for (let written = 0; written < GIB; written += ZERO_CHUNK.length) yield ZERO_CHUNK;
}

const OS_RELEASE = 'ID=debian\nNAME="Debian GNU/Linux"\nVERSION_ID="12"\nVERSION="12 (bookworm)"\nVERSION_CODENAME=bookworm\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n';
const DPKG_STATUS = 'Package: base-files\nStatus: install ok installed\nMaintainer: Santiago Vila <sanvila@debian.org>\nArchitecture: amd64\nVersion: 12.4+deb12u5\n\nPackage: zlib1g\nStatus: install ok installed\nMaintainer: Mark Brown <broonie@debian.org>\nArchitecture: amd64\nSource: zlib\nVersion: 1:1.2.13.dfsg-1\n\n';

/** The files scanners want, so that the layer is scanned as a real one is. */
function scannerFiles(): [string, Buffer][] {
  const files: [string, Buffer][] = [['etc/os-release', Buffer.from(OS_RELEASE)], ['var/lib/dpkg/status', Buffer.from(DPKG_STATUS)]];
  for (const name of ['left-pad', 'lodash', 'express', 'debug', 'ms']) {
    files.push([`usr/lib/app/node_modules/${name}/package.json`, Buffer.from(JSON.stringify({ name, version: '1.0.0' }))]);
  }
  return files;
}

/**
 * Writes an OCI layout directory holding one image of one gzip layer with
 * `files` small files and a 1 GiB file of zeros at `zerosPath`. The tar is
 * streamed through gzip to disk and hashed on the way.
 */
export async function writeLayout(dir: string, files: number, zerosPath: string): Promise<number> {
  const blobs = path.join(dir, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });

  const diffHash = createHash('sha256');
  const blobHash = createHash('sha256');
  const tarTap = hashing(diffHash);
  const blobTap = hashing(blobHash);
  const partial = path.join(blobs, 'layer.partial');
  const pack = tar.pack();
  const writing = pipeline(pack, tarTap, createGzip(), blobTap, createWriteStream(partial));

  for (const [name, contents] of scannerFiles()) await addEntry(pack, name, contents.length, [contents]);
  for (let i = 0; i < files; i++) {
    await addEntry(pack, `srv/data/d${i % 100}/e${Math.floor(i / 100) % 100}/f${i}.txt`, SMALL_FILE.length, [SMALL_FILE]);
  }
  await addEntry(pack, zerosPath, GIB, zeros());
  pack.finalize();
  await writing;

  const layerDigest = blobHash.digest('hex');
  const layerBytes = (blobTap as Transform & { bytes: number }).bytes;
  await rename(partial, path.join(blobs, layerDigest));

  const config = Buffer.from(JSON.stringify({
    architecture: process.arch === 'x64' ? 'amd64' : process.arch,
    os: 'linux',
    rootfs: { type: 'layers', diff_ids: [`sha256:${diffHash.digest('hex')}`] },
  }));
  const configDigest = await writeBlob(blobs, config);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: `sha256:${configDigest}`, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${layerDigest}`, size: layerBytes }],
  }));
  const manifestDigest = await writeBlob(blobs, manifest);
  await writeFile(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(path.join(dir, 'index.json'), JSON.stringify({
    schemaVersion: 2,
    manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', digest: `sha256:${manifestDigest}`, size: manifest.length }],
  }));
  return layerBytes;
}

async function writeBlob(blobs: string, contents: Buffer): Promise<string> {
  const digest = createHash('sha256').update(contents).digest('hex');
  await writeFile(path.join(blobs, digest), contents);
  return digest;
}

/** Child mode: indexes `reference` into a fresh store with the named scanners (or all) and prints a ChildResult. */
async function child(reference: string, scannerNames: string, storePath: string): Promise<void> {
  const names = scannerNames === 'all' ? undefined : new Set(scannerNames.split(','));
  const scanners = defaultScanners().filter((scanner) => !names || names.has(scanner.name));
  const store = await openStore(storePath);
  const started = process.hrtime.bigint();
  const report = await new Indexer(store, scanners).index(await openImage(reference));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await store.close();
  // maxRSS is in KiB.
  const result: ChildResult = { ms, maxRssMiB: process.resourceUsage().maxRSS / 1024, packages: report.packages.length, capWarnings: 0 };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

/** Runs one index in a child process with a fresh store; counts cap warnings from its warn-level log. */
export async function indexInChild(reference: string, scanners = 'all'): Promise<ChildResult> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'layerlens-bench-store-'));
  try {
    const script = fileURLToPath(import.meta.url);
    const proc = spawn(process.execPath, [script, 'child', reference, scanners, path.join(dir, 'store.db')], {
      env: { ...process.env, LAYERLENS_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    proc.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    const code = await new Promise<number | null>((resolve, reject) => proc.on('error', reject).on('exit', resolve));
    if (code !== 0) throw new Error(`index of ${reference} exited with ${code}: ${stderr.slice(-2000)}`);
    const result = JSON.parse(stdout.trim().split('\n').pop() ?? '') as ChildResult;
    result.capWarnings = stderr.split('\n').filter((line) => /larger than/.test(line)).length;
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Bounded memory: one generated layout per run, indexed in a child process. */
export async function boundedMemory(): Promise<LayerRun[]> {
  const runs: [number, string][] = [[10_000, 'srv/blob/zeros.bin'], [100_000, 'srv/blob/zeros.bin'], [100_000, 'usr/bin/zeros']];
  const results: LayerRun[] = [];
  for (const [files, zerosPath] of runs) {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'layerlens-bench-layout-'));
    try {
      const layerBytes = await writeLayout(dir, files, zerosPath);
      results.push({ files, zerosPath, layerBytes, ...(await indexInChild(`oci:${dir}`)) });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return results;
}

export interface EcosystemTime {
  scanners: string;
  medianMs: number;
  minMs: number;
  maxMs: number;
  maxRssMiB: number;
  packages: number;
}

/** Index time of the kitchen-sink image per scanner (with os-release) and with all, median of `runs`. */
export async function perEcosystem(runs = 5): Promise<EcosystemTime[]> {
  const sets = defaultScanners().map((s) => s.name).filter((name) => name !== 'os-release').map((name) => `os-release,${name}`);
  // os-release alone is the baseline: reading and decompressing every layer.
  sets.unshift('os-release');
  sets.push('all');
  const results: EcosystemTime[] = [];
  for (const set of sets) {
    const samples: ChildResult[] = [];
    for (let i = 0; i < runs; i++) samples.push(await indexInChild(KITCHEN_SINK, set));
    results.push({
      scanners: set,
      medianMs: median(samples.map((s) => s.ms)),
      minMs: Math.min(...samples.map((s) => s.ms)),
      maxMs: Math.max(...samples.map((s) => s.ms)),
      maxRssMiB: Math.max(...samples.map((s) => s.maxRssMiB)),
      packages: samples[0].packages,
    });
  }
  return results;
}

function machine(): string {
  return `${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), Node ${process.version}`;
}

/** Prints both inventory benchmarks as Markdown; `npm run bench` calls it after the other sections. */
export async function printInventoryBench(): Promise<void> {
  console.log('## Inventory: bounded memory and time per ecosystem');
  console.log('');
  console.log(`Machine: ${machine()}\n`);

  console.log('| small files | 1 GiB zeros at | layer gzip | index ms | peak RSS MiB | packages | cap warnings |');
  console.log('|---:|---|---:|---:|---:|---:|---:|');
  for (const run of await boundedMemory()) {
    console.log(`| ${run.files} | ${run.zerosPath} | ${(run.layerBytes / 2 ** 20).toFixed(1)} MiB | ${run.ms.toFixed(0)} | ${run.maxRssMiB.toFixed(0)} | ${run.packages} | ${run.capWarnings} |`);
  }

  console.log('\n| scanners (kitchen sink) | median ms (5 runs) | min–max ms | peak RSS MiB | packages |');
  console.log('|---|---:|---:|---:|---:|');
  for (const row of await perEcosystem()) {
    console.log(`| ${row.scanners} | ${row.medianMs.toFixed(0)} | ${row.minMs.toFixed(0)}–${row.maxMs.toFixed(0)} | ${row.maxRssMiB.toFixed(0)} | ${row.packages} |`);
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [mode, ...args] = process.argv.slice(2);
  const run = mode === 'child' ? child(args[0], args[1], args[2]) : printInventoryBench();
  run.catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
