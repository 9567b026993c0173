// Counts what the Go and Cargo scanners make the layer reader buffer in each
// layer of the kitchen-sink image, with and without their wantsContent
// prefilter. These are byte counts, not timings, so they do not depend on
// the machine or its load.
import { decompressLayer } from '../src/image/decompress.js';
import { openImage } from '../src/image/reference.js';
import { readLayerTar } from '../src/image/tar-reader.js';
import { CargoScanner } from '../src/ecosystems/cargo/scanner.js';
import { GolangScanner } from '../src/ecosystems/golang/scanner.js';
import type { LayerScanner } from '../src/indexer/types.js';
import { sharedPath } from '../test/shared.js';

export interface PrefilterRow {
  layer: string;
  /** Regular files and links the scanners requested and the reader served. */
  requested: number;
  /** Distinct Buffers served with contents, because a link shares its target's Buffer. */
  buffered: number;
  bytes: number;
}

const MiB = 1024 * 1024;

/** Reads one layer with the scanners' wants and caps, and with their wantsContent when `filter` is set. */
async function countLayer(reference: string, index: number, scanners: LayerScanner[], filter: boolean): Promise<PrefilterRow> {
  const source = await openImage(reference);
  try {
    const layer = (await source.resolve()).layers[index];
    const tar = await decompressLayer(await source.openBlob(layer), layer.mediaType, layer.digest);
    const wanting = (path: string): LayerScanner[] => scanners.filter((scanner) => scanner.wants(path));
    const result = await readLayerTar(tar, {
      layer: layer.digest,
      wants: (path) => wanting(path).length > 0,
      maxFileSize: (path) => Math.max(0, ...wanting(path).map((scanner) => scanner.maxFileSize)),
      ...(filter ? { wantsContent: (path: string, head: Buffer) => wanting(path).some((s) => s.wantsContent?.(path, head) ?? true) } : {}),
    });

    // A link served with its target's Buffer adds no memory, so each Buffer counts once.
    const buffers = new Set(result.files.map((file) => file.contents).filter((contents) => contents.length > 0));
    let bytes = 0;
    for (const contents of buffers) bytes += contents.length;
    return { layer: layer.digest.slice(7, 19), requested: result.files.length, buffered: buffers.size, bytes };
  } finally {
    await source.close();
  }
}

async function layerCount(reference: string): Promise<number> {
  const source = await openImage(reference);
  try {
    return (await source.resolve()).layers.length;
  } finally {
    await source.close();
  }
}

/** Prints a Markdown table for BENCHMARKS.md. */
export async function printPrefilterBench(): Promise<void> {
  const image = 'debian-kitchen-sink';
  const reference = `oci-archive:${sharedPath('images', 'debian-images.oci.tar')}:${image}`;
  const scanners: LayerScanner[] = [new GolangScanner(), new CargoScanner()];
  const layers = await layerCount(reference);

  console.log(`## Files the Go and Cargo scanners buffer (${image})`);
  console.log('');
  console.log('| layer | prefilter | requested files | buffered files | buffered MiB |');
  console.log('|---|---|---:|---:|---:|');
  for (let index = 0; index < layers; index++) {
    for (const filter of [false, true]) {
      const row = await countLayer(reference, index, scanners, filter);
      console.log(`| ${row.layer} | ${filter ? 'on' : 'off'} | ${row.requested} | ${row.buffered} | ${(row.bytes / MiB).toFixed(1)} |`);
    }
  }
  console.log('');
}
