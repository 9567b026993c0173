// The shared feed files, for the tests and the benchmark that go over every
// one of them.
import fs from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';

/**
 * Lists every regular file of the shared feeds folder and its osv-recorded/
 * subfolder, in name order. Importing a file replaces its feeds' records, so
 * the recorded subsets come first and, in one store, the fuller top-level
 * files of the same feeds win.
 */
export function sharedFeedFiles(): string[] {
  const files: string[] = [];
  for (const folder of [sharedPath('feeds', 'osv-recorded'), sharedPath('feeds')]) {
    for (const name of fs.readdirSync(folder).sort()) {
      const file = path.join(folder, name);
      if (fs.statSync(file).isFile()) files.push(file);
    }
  }
  return files;
}
