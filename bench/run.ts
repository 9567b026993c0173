// `npm run bench`: measures indexing speed on the largest shared image.
//
// - cold index: a fresh store, every layer read, decompressed and scanned;
// - gzip -dc: the same compressed layers piped through `gzip -dc` in the
//   same run, the floor any reader of gzip layers pays;
// - warm re-scan: the same image again on the same store, so no layer is read;
// - the layer reader alone on the largest layer, against gzip -dc and zstd -dc;
// - the files the Go and Cargo scanners make the reader buffer, with and
//   without their prefilter;
// - version comparisons per second for every registered scheme;
// - import time, peak RSS and store size per feed file, and a bundle's
//   export and import (bench/feeds.ts).
//
// Each figure is the median of RUNS runs. Results print as Markdown for
// BENCHMARKS.md.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pipeline } from 'node:stream/promises';
import { openImage } from '../src/image/reference.js';
import { Indexer } from '../src/indexer/indexer.js';
import { openStore } from '../src/store/index.js';
import { sharedPath } from '../test/shared.js';
import { median } from './median.js';
import { benchTarRead } from './tar-read.js';
import { printInventoryBench } from './inventory.js';
import { printPrefilterBench } from './prefilter.js';
import { printFeedBench } from './feeds.js';
import { benchVersions, printVersionBench } from './versions.js';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const IMAGE = 'debian-kitchen-sink';


/** Copies the image's compressed layer blobs to a temporary folder for the gzip baseline. */
async function exportLayers(reference: string, folder: string): Promise<string[]> {
  const source = await openImage(reference);
  try {
    const manifest = await source.resolve();
    const files: string[] = [];
    for (const layer of manifest.layers) {
      const file = path.join(folder, layer.digest.replace(':', '-'));
      await pipeline(await source.openBlob(layer), fs.createWriteStream(file));
      files.push(file);
    }
    return files;
  } finally {
    await source.close();
  }
}

async function timeIndex(reference: string, dbPath: string): Promise<{ ms: number; packages: number }> {
  const store = await openStore(dbPath);
  const source = await openImage(reference);
  try {
    const started = performance.now();
    const report = await new Indexer(store).index(source);
    return { ms: performance.now() - started, packages: report.packages.length };
  } finally {
    await source.close();
    await store.close();
  }
}

function timeGunzip(files: string[]): number {
  const started = performance.now();
  for (const file of files) {
    const result = spawnSync('gzip', ['-dc', file], { stdio: ['ignore', 'ignore', 'inherit'] });
    if (result.status !== 0) throw new Error(`gzip -dc ${file} failed with status ${result.status}`);
  }
  return performance.now() - started;
}

async function main(): Promise<void> {
  const reference = `oci-archive:${sharedPath('images', 'debian-images.oci.tar')}:${IMAGE}`;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-'));

  try {
    const layerFiles = await exportLayers(reference, work);
    const layerBytes = layerFiles.reduce((sum, file) => sum + fs.statSync(file).size, 0);

    const cold: number[] = [];
    const gunzip: number[] = [];
    const warm: number[] = [];
    let packages = 0;

    for (let run = 0; run < RUNS; run++) {
      const dbPath = path.join(work, `cold-${run}.db`);
      const coldRun = await timeIndex(reference, dbPath);
      cold.push(coldRun.ms);
      packages = coldRun.packages;
      gunzip.push(timeGunzip(layerFiles));
      warm.push((await timeIndex(reference, dbPath)).ms);
    }

    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    const gzipVersion = execFileSync('gzip', ['--version']).toString().split('\n')[0];
    const coldMedian = median(cold);
    const gunzipMedian = median(gunzip);

    console.log(`## Indexing ${IMAGE} (${layerFiles.length} layers, ${(layerBytes / 1e6).toFixed(1)} MB compressed, ${packages} packages)`);
    console.log('');
    console.log(`Machine: ${os.cpus().length} x ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node.js ${process.version}, ${gzipVersion}.`);
    console.log(`Command: \`npm run bench\` (median of ${RUNS} runs).`);
    console.log('');
    console.log('| measure | median ms | runs (ms) |');
    console.log('|---|---|---|');
    console.log(`| cold index (fresh store) | ${coldMedian.toFixed(0)} | ${cold.map((ms) => ms.toFixed(0)).join(', ')} |`);
    console.log(`| \`gzip -dc\` of the same layers | ${gunzipMedian.toFixed(0)} | ${gunzip.map((ms) => ms.toFixed(0)).join(', ')} |`);
    console.log(`| warm re-scan (layers stored) | ${median(warm).toFixed(1)} | ${warm.map((ms) => ms.toFixed(1)).join(', ')} |`);
    console.log('');
    console.log(`Cold index / gzip -dc: ${(coldMedian / gunzipMedian).toFixed(2)}x.`);
    console.log('');

    console.log('## Reading the largest layer (minbase, 30 MB gzip, 77 MB tar)');
    console.log('');
    console.log('| measure | median ms | runs (ms) |');
    console.log('|---|---|---|');
    for (const result of await benchTarRead(RUNS)) {
      console.log(`| ${result.name} | ${result.ms} | ${result.runs.join(', ')} |`);
    }
    console.log('');

    await printPrefilterBench();

    printVersionBench(await benchVersions(RUNS), RUNS);
    console.log('');

    await printInventoryBench();
    console.log('');

    await printFeedBench();
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

await main();
