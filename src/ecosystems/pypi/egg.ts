// Zipped eggs: a setuptools distribution installed as one `.egg` zip file in
// site-packages, with its core metadata at `EGG-INFO/PKG-INFO` inside.
import { listEntries, openZip, readEntry } from '../../image/zip.js';

const PKG_INFO = 'EGG-INFO/PKG-INFO';
// NOTE: a guessed cap, the same order as the METADATA files read directly.
const MAX_PKG_INFO_SIZE = 1024 * 1024;

/**
 * True for a `.egg` file right in a site-packages or dist-packages folder,
 * where easy_install puts them; deeper ones are a package's own data.
 */
export function isEggArchive(path: string): boolean {
  return /(^|\/)(site|dist)-packages\/[^/]+\.egg$/.test(path);
}

/** Returns the text of the egg's PKG-INFO, or undefined when it has none. Throws on a corrupt zip. */
export async function readEggPkgInfo(contents: Buffer): Promise<string | undefined> {
  const zip = await openZip(contents);
  try {
    const entry = (await listEntries(zip)).find((candidate) => candidate.fileName === PKG_INFO);
    if (entry === undefined) return undefined;
    if (entry.uncompressedSize > MAX_PKG_INFO_SIZE) throw new Error(`${PKG_INFO} is ${entry.uncompressedSize} bytes, over the ${MAX_PKG_INFO_SIZE} byte cap`);
    return (await readEntry(zip, entry)).toString('utf8');
  } finally {
    zip.close();
  }
}

