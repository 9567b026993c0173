// Placeholder: `layerlens inventory` is being written.
import type { GlobalOptions } from './context.js';

export async function runInventory(_ref: string, _options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  throw new Error('inventory: not written yet');
}
