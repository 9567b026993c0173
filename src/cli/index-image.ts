// The steps `scan` and `inventory` share: open the store and the image,
// index it with a progress display, and close both whatever happens.
import { openImage } from '../image/reference.js';
import { Indexer } from '../indexer/indexer.js';
import type { IndexReport } from '../indexer/types.js';
import { openStore } from '../store/index.js';
import type { Store } from '../store/store.js';
import { storeLocation, type GlobalOptions } from './context.js';
import { createProgressDisplay } from './progress.js';

/** Opens the store, passes it to `use` and closes it afterwards. */
export async function withStore<T>(globals: GlobalOptions, use: (store: Store) => Promise<T>): Promise<T> {
  const store = await openStore(storeLocation(globals));
  try {
    return await use(store);
  } finally {
    await store.close();
  }
}

/** Opens the store, indexes the image and passes both to `use`; closes the store afterwards. */
export async function withIndexedImage<T>(
  reference: string,
  options: { platform?: string },
  globals: GlobalOptions,
  use: (report: IndexReport, store: Store) => Promise<T>,
): Promise<T> {
  const store = await openStore(storeLocation(globals));
  try {
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
