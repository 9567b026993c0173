// A directory read as a FileStore, for OCI image layout directories.
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import type { FileStore } from './file-store.js';

export class DirectoryStore implements FileStore {
  constructor(readonly location: string) {}

  describe(name: string): string {
    return this.pathOf(name);
  }

  async sizeOf(name: string): Promise<number | undefined> {
    try {
      const stat = await fs.promises.stat(this.pathOf(name));
      return stat.isFile() ? stat.size : undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw this.readError(name, err);
    }
  }

  async readFile(name: string): Promise<Buffer> {
    try {
      return await fs.promises.readFile(this.pathOf(name));
    } catch (err) {
      throw this.readError(name, err);
    }
  }

  async openFile(name: string): Promise<Readable> {
    const file = this.pathOf(name);
    // Opening first makes a missing or unreadable file fail here rather than in the stream.
    const handle = await fs.promises.open(file, 'r').catch((err: unknown) => {
      throw this.readError(name, err);
    });
    return handle.createReadStream();
  }

  async close(): Promise<void> {
    // Each stream closes its own file handle.
  }

  /** Maps a slash-separated name inside the layout to a file path, rejecting names that leave the directory. */
  private pathOf(name: string): string {
    const normal = path.posix.normalize(name);
    if (path.posix.isAbsolute(normal) || normal === '..' || normal.startsWith('../')) {
      throw new UserError('INVALID_ARCHIVE', `${this.location}: the name ${name} points outside the directory; the layout is corrupt`);
    }
    return path.join(this.location, ...normal.split('/'));
  }

  private readError(name: string, err: unknown): UserError {
    const code = (err as NodeJS.ErrnoException).code ?? String(err);
    return new UserError('NOT_FOUND', `cannot read ${name} in ${this.location} (${code}); check the directory and its permissions`, {
      cause: err,
    });
  }
}
