// The files an image source reads (an OCI layout's blobs, a docker-archive's
// members), whether they sit in a tar archive or in a directory.
import type { Readable } from 'node:stream';
import { UserError } from '../errors.js';

/** Largest JSON document (index, manifest, config) read into memory: 4 MiB. */
export const MAX_DOCUMENT_SIZE = 4 * 1024 * 1024;

export interface FileStore {
  /** The archive or directory path, for messages. */
  readonly location: string;

  /** Names a file for messages: its path, or the member and the archive. */
  describe(name: string): string;

  /** Size of a regular file (after following links inside the store), or undefined when it is missing. */
  sizeOf(name: string): Promise<number | undefined>;

  /** Reads a small file whole. */
  readFile(name: string): Promise<Buffer>;

  /** Streams a file's bytes as stored. */
  openFile(name: string): Promise<Readable>;

  close(): Promise<void>;
}

/**
 * Reads a JSON document of at most MAX_DOCUMENT_SIZE bytes and returns its
 * bytes (to check against a digest) and its parsed value. `what` names the
 * document in messages, such as `manifest sha256:...`.
 */
export async function readJsonDocument(
  store: FileStore,
  name: string,
  what: string,
): Promise<{ bytes: Buffer; value: unknown }> {
  const where = store.describe(name);
  const subject = what === name ? where : `${what} (${where})`;

  const size = await store.sizeOf(name);
  if (size === undefined) {
    throw new UserError('MISSING_BLOB', `${subject} is missing: the image is incomplete; export it again`);
  }
  if (size > MAX_DOCUMENT_SIZE) {
    throw new UserError(
      'INVALID_ARCHIVE',
      `${subject} is ${size} bytes, more than the ${MAX_DOCUMENT_SIZE}-byte limit for a JSON document, so it is not an image document; ` +
        `check that ${store.location} contains an OCI layout or \`docker save\` output`,
    );
  }

  const bytes = await store.readFile(name);
  try {
    return { bytes, value: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (err) {
    throw new UserError(
      'INVALID_ARCHIVE',
      `${subject} is not valid JSON (${(err as Error).message}): the archive is corrupt or was modified; re-export it`,
      { cause: err },
    );
  }
}

/** Returns `value` when it is a JSON object, else raises INVALID_ARCHIVE naming the document. */
export function asObject(value: unknown, what: string, location: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new UserError(
      'INVALID_ARCHIVE',
      `${what} in ${location} is not a JSON object; the archive is corrupt or was not written by an image tool`,
    );
  }
  return value as Record<string, unknown>;
}
