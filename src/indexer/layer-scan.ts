// One streaming pass over a layer's tar that feeds every scanner the files it
// asked for.
import type { Readable } from 'node:stream';
import { readLayerTar } from '../image/tar-reader.js';
import type { Logger } from '../log.js';
import type { LayerFindings, LayerScan, LayerScanner } from './types.js';

/**
 * Reads an uncompressed layer tar once and runs each scanner over the files
 * it wants. A file is read up to the largest size any scanner that wants it
 * accepts. A scanner whose own cap is smaller does not see it.
 */
export async function scanLayer(
  tar: Readable,
  digest: string,
  scanners: readonly LayerScanner[],
  log: Logger,
): Promise<LayerScan> {
  const wanting = (path: string): LayerScanner[] => scanners.filter((scanner) => scanner.wants(path));

  // A file is buffered whole when any scanner that wants it keeps it after
  // its first bytes. A scanner without wantsContent keeps every file.
  const filtersContent = scanners.some((scanner) => scanner.wantsContent !== undefined);
  const wantsContent = (path: string, head: Buffer): boolean =>
    wanting(path).some((scanner) => scanner.wantsContent?.(path, head) ?? true);

  const result = await readLayerTar(tar, {
    layer: digest,
    wants: (path) => wanting(path).length > 0,
    maxFileSize: (path) => Math.max(0, ...wanting(path).map((scanner) => scanner.maxFileSize)),
    ...(filtersContent ? { wantsContent } : {}),
  });
  log.debug({ entries: result.entries, files: result.files.length }, 'layer tar read');

  // NOTE: a wanted link whose target sits in a lower layer is not followed,
  // so its scanner does not see the file (for example an etc/os-release
  // link rewritten on its own above the usr/lib/os-release it points to).
  for (const link of result.unresolvedLinks ?? []) {
    log.debug({ path: link.path, target: link.target }, 'wanted link points outside this layer; not scanned');
  }

  const findings: LayerFindings[] = [];
  for (const scanner of scanners) {
    const files = result.files.filter((file) => scanner.wants(file.path));
    const tooLarge = files.filter((file) => file.contents.length > scanner.maxFileSize);
    for (const file of tooLarge) {
      log.warn({ scanner: scanner.name, path: file.path, size: file.contents.length, maxFileSize: scanner.maxFileSize }, 'file larger than the scanner reads; skipped');
    }

    try {
      findings.push(await scanner.scan(files.filter((file) => !tooLarge.includes(file))));
    } catch (err) {
      // Scanners skip bad input themselves; an exception here is a bug, and
      // storing the layer without this scanner's findings would hide it for good.
      log.error({ err, scanner: scanner.name }, 'scanner failed on layer');
      throw err;
    }
  }

  return { digest, changes: result.changes, findings };
}
