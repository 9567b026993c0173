// A one-line progress display on standard error while layers are read. It
// draws only when standard error is a terminal, so logs and pipes stay clean.
import type { IndexProgress } from '../indexer/indexer.js';

const REDRAW_INTERVAL_MS = 100;

export interface ProgressDisplay {
  update(event: IndexProgress): void;
  /** Erases the line; call before printing the report. */
  done(): void;
}

export function createProgressDisplay(stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true): ProgressDisplay {
  if (!enabled) return { update: () => {}, done: () => {} };

  let lastDraw = 0;
  let drawn = false;

  const draw = (text: string, force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastDraw < REDRAW_INTERVAL_MS) return;
    lastDraw = now;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    drawn = true;
  };

  return {
    update(event) {
      switch (event.kind) {
        case 'manifest':
          draw(`resolved ${event.manifest.digest.slice(0, 19)} (${event.manifest.layers.length} layers)`, true);
          break;
        case 'layer-start':
          draw(`layer ${event.index}/${event.count} ${shortDigest(event.digest)}`, true);
          break;
        case 'layer-bytes':
          draw(`layer ${event.index}/${event.count} ${shortDigest(event.digest)} ${megabytes(event.bytes)}/${megabytes(event.size)} MB`, false);
          break;
        case 'layer-done':
          draw(`layer ${event.index}/${event.count} ${shortDigest(event.digest)} ${event.cached ? 'already scanned' : 'scanned'}`, true);
          break;
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}

function shortDigest(digest: string): string {
  return digest.replace(/^sha256:/, '').slice(0, 12);
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
