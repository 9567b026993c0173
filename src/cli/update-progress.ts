// A one-line progress display on standard error while `db update` runs:
// the updater, its position, and the records stored so far. It draws only
// when standard error is a terminal, so logs and pipes stay clean.
import type { UpdateProgress } from '../feeds/runner.js';

const REDRAW_INTERVAL_MS = 100;

export interface UpdateProgressDisplay {
  update(event: UpdateProgress): void;
  /** Erases the line; call before printing the summary. */
  done(): void;
}

export function createUpdateProgressDisplay(stream: NodeJS.WriteStream = process.stderr, enabled = stream.isTTY === true): UpdateProgressDisplay {
  if (!enabled) return { update: () => {}, done: () => {} };

  let lastDraw = 0;
  let drawn = false;
  let position = '';

  const draw = (text: string, force: boolean): void => {
    const now = Date.now();
    if (!force && now - lastDraw < REDRAW_INTERVAL_MS) return;
    lastDraw = now;
    const width = Math.max(20, (stream.columns || 80) - 1);
    stream.write(`\r\x1b[2K${text.slice(0, width)}`);
    drawn = true;
  };

  return {
    update(event) {
      switch (event.kind) {
        case 'start':
          position = `[${event.index}/${event.count}]`;
          draw(`${position} ${event.updater}: fetching`, true);
          break;
        case 'items':
          draw(`${position} ${event.updater}: ${event.count} records read`, false);
          break;
        case 'done':
          draw(`[${event.index}/${event.count}] ${event.outcome.updater}: ${event.outcome.status}`, true);
          break;
      }
    },
    done() {
      if (drawn) stream.write('\r\x1b[2K');
      drawn = false;
    },
  };
}
