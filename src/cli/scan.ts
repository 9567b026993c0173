// Placeholder: `layerlens scan` is being written.
import type { GlobalOptions } from './context.js';

export async function runScan(_ref: string, _options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  throw new Error('scan: not written yet');
}
