// Placeholder: `layerlens db` is being written.
import type { GlobalOptions } from './context.js';

export async function runDbImport(_files: string[], _globals: GlobalOptions): Promise<number> {
  throw new Error('db import: not written yet');
}

export async function runDbStatus(_options: Record<string, unknown>, _globals: GlobalOptions): Promise<number> {
  throw new Error('db status: not written yet');
}
