// Zipped eggs: a setuptools distribution installed as one `.egg` zip file in
// site-packages, with its core metadata at `EGG-INFO/PKG-INFO` inside.
import yauzl, { type Entry, type ZipFile } from 'yauzl';

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
    const entry = await findEntry(zip, PKG_INFO);
    if (entry === undefined) return undefined;
    if (entry.uncompressedSize > MAX_PKG_INFO_SIZE) throw new Error(`${PKG_INFO} is ${entry.uncompressedSize} bytes, over the ${MAX_PKG_INFO_SIZE} byte cap`);
    return (await readEntry(zip, entry)).toString('utf8');
  } finally {
    zip.close();
  }
}

function openZip(contents: Buffer): Promise<ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(contents, { lazyEntries: true, decodeStrings: true, validateEntrySizes: true }, (err, zip) => {
      if (err) reject(err);
      else resolve(zip);
    });
  });
}

/** Walks the central directory until the named entry, without reading any entry's data. */
function findEntry(zip: ZipFile, fileName: string): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    zip.on('entry', (entry: Entry) => {
      if (entry.fileName === fileName) resolve(entry);
      else zip.readEntry();
    });
    zip.once('end', () => resolve(undefined));
    zip.once('error', reject);
    zip.readEntry();
  });
}

/** Inflates one entry; yauzl checks that the data matches the size the central directory states. */
function readEntry(zip: ZipFile, entry: Entry): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err) {
        reject(err);
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.once('end', () => resolve(Buffer.concat(chunks)));
      stream.once('error', reject);
    });
  });
}
