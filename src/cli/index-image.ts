// Steps shared by `scan` and `inventory`: open the store and the image,
// index it with a progress display, and close both in `finally` blocks.
import { openImage } from '../image/reference.js';
import { Indexer } from '../indexer/indexer.js';
import type { IndexReport } from '../indexer/types.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { createProgressDisplay } from './progress.js';

/**
 * Opens the store, indexes the image and passes both to `use`; closes the
 * store afterwards. `checkStore` runs before any layer is read and may throw
 * to stop the command early.
 */
export async function withIndexedImage<T>(
  reference: string,
  options: { platform?: string },
  globals: GlobalOptions,
  use: (report: IndexReport, store: Store) => Promise<T>,
  checkStore: (store: Store) => Promise<void> = async () => {},
): Promise<T> {
  const store = await openStore(storeLocation(globals));
  try {
    await checkStore(store);
    const source = await openImage(reference, { platform: options.platform });
    const progress = createProgressDisplay(process.stderr, process.stderr.isTTY === true && !globals.quiet);
    let report: IndexReport;
    try {
      report = await new Indexer(store).index(source, (event) => progress.update(event));
    } finally {
      progress.done();
      await source.close();
    }
    return await use(report, store);
  } finally {
    await store.close();
  }
}
