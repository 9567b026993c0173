// A deterministic tar stream of a directory tree, built on the fly: the same
// tree gives the same bytes, so its digest is stable across runs.
import fs from 'node:fs';
import path from 'node:path';
import { once } from 'node:events';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { UserError } from '../errors.js';
import { logger } from '../log.js';

const log = logger('image.dir-tar');

/** The header fields that tar.Pack.entry() takes; tar-stream does not export this type. */
type EntryHeader = Partial<tar.Header> & { name: string };

/**
 * Streams a tar of the tree under `root`. Entries come in sorted order with
 * the owner, group and mtime set to 0, so only names, modes, contents and
 * symlink targets make up the bytes. Symlinks are stored as symlinks and
 * never followed; sockets, FIFOs and devices are skipped. Hard-linked files
 * are stored once per name, as regular files.
 */
export function packDirectory(root: string): Readable {
  const pack = tar.pack();
  addTree(pack, root, '').then(
    () => pack.finalize(),
    (err: unknown) => pack.destroy(readError(root, err)),
  );
  return Readable.from(pack);
}

async function addTree(pack: tar.Pack, root: string, relative: string): Promise<void> {
  const directory = path.join(root, relative);
  const names = (await fs.promises.readdir(directory)).sort(compareNames);

  for (const name of names) {
    const member = relative === '' ? name : `${relative}/${name}`;
    const file = path.join(directory, name);
    const stat = await fs.promises.lstat(file);
    const header = { name: member, mode: stat.mode & 0o7777, uid: 0, gid: 0, mtime: new Date(0) };

    if (stat.isDirectory()) {
      await addEntry(pack, { ...header, type: 'directory' });
      await addTree(pack, root, member);
    } else if (stat.isSymbolicLink()) {
      await addEntry(pack, { ...header, type: 'symlink', linkname: await fs.promises.readlink(file) });
    } else if (stat.isFile()) {
      await addFile(pack, { ...header, type: 'file', size: stat.size }, file);
    } else {
      log.debug({ path: file }, 'skipped a special file (socket, FIFO or device)');
    }
  }
}

function readError(root: string, err: unknown): Error {
  const { code, path: file } = err as NodeJS.ErrnoException;
  if (code === undefined) {
    return err as Error;
  }
  return new UserError('NOT_FOUND', `cannot read ${file ?? root} under ${root} (${code}); check that the tree is readable`, { cause: err });
}

/** Byte order of the UTF-8 names, the same on every platform and locale. */
function compareNames(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left), Buffer.from(right));
}

function addEntry(pack: tar.Pack, header: EntryHeader): Promise<void> {
  return new Promise((resolve, reject) => {
    pack.entry(header, (err) => (err ? reject(err) : resolve()));
  });
}

async function addFile(pack: tar.Pack, header: EntryHeader, file: string): Promise<void> {
  let entry!: ReturnType<tar.Pack['entry']>;
  const finished = new Promise<void>((resolve, reject) => {
    entry = pack.entry(header, (err) => (err ? reject(err) : resolve()));
  });

  // A file that changed size since lstat makes tar-stream fail the entry.
  try {
    for await (const chunk of fs.createReadStream(file)) {
      if (!entry.write(chunk as Buffer)) {
        await once(entry, 'drain');
      }
    }
    entry.end(undefined);
  } catch (err) {
    finished.catch(() => undefined);
    entry.destroy(err as Error);
    throw err;
  }
  await finished;
}
