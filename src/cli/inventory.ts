// `layerlens inventory REF`: index the image and print its packages.
import { formatInventoryCycloneDx } from '../report/cyclonedx.js';
import { formatInventoryJson, formatInventoryTable, formatInventoryTsv } from '../report/inventory.js';
import type { GlobalOptions } from './context.js';
import { withIndexedImage } from './index-image.js';

export interface InventoryOptions {
  format?: 'table' | 'json' | 'tsv' | 'cyclonedx';
  platform?: string;
}

/** Prints the inventory and returns the process exit code. */
export async function runInventory(reference: string, options: InventoryOptions, globals: GlobalOptions, output: NodeJS.WritableStream = process.stdout): Promise<number> {
  return withIndexedImage(reference, options, globals, async (report) => {
    switch (options.format ?? 'table') {
      case 'tsv':
        output.write(formatInventoryTsv(report));
        break;
      case 'json':
        output.write(formatInventoryJson(report));
        break;
      case 'cyclonedx':
        output.write(formatInventoryCycloneDx(report));
        break;
      default:
        output.write(formatInventoryTable(report));
    }
    return 0;
  });
}
