// The single streaming pass over a layer tar: requested files are read into
// memory with a size cap, links and whiteouts are recorded, and every other
// entry is drained without being buffered.
import type { Readable } from 'node:stream';
import tar from 'tar-stream';
import { UserError, isUserError } from '../errors.js';
import type { LayerChanges, LayerFile } from '../indexer/types.js';
import { logger, type Logger } from '../log.js';
import { normalizeLayerPath } from './path-normalize.js';
import { LayerLinks, hardLinkTarget } from './tar-links.js';
import { parseWhiteout } from './tar-whiteout.js';

export interface TarReadOptions {
  /** Layer name for messages, usually its digest. */
  layer: string;
  /** True when some scanner wants the file at this path (relative to the root, no leading slash). */
  wants(path: string): boolean;
  /** Largest size read for a wanted path, in bytes; larger files are skipped with a warning. */
  maxFileSize(path: string): number;
  /**
   * Decides from the first CONTENT_HEAD_SIZE bytes of a wanted regular file
   * (all of it when shorter) whether to keep reading it. A file it rejects
   * is drained unbuffered and served with empty contents, so that its path
   * still reaches the scanners. When absent, every wanted file is read whole.
   */
  wantsContent?(path: string, head: Buffer): boolean;
}

/** Bytes of a wanted file that `wantsContent` receives. */
export const CONTENT_HEAD_SIZE = 16;

/** A requested file that was not read, with the reason. */
export interface SkippedFile {
  path: string;
  /** Size of the entry in bytes. */
  size: number;
  reason: 'too-large' | 'sparse' | 'unsupported-type';
}

/** A requested link whose target this layer does not contain (it may come from a lower layer). */
export interface UnresolvedLink {
  path: string;
  /** The target resolved inside this layer, relative to the root; undefined for a link loop. */
  target?: string;
}

export interface TarReadResult {
  files: LayerFile[];
  changes: LayerChanges;
  /** Number of tar entries seen. */
  entries: number;
  /** Requested files left unread: larger than the size cap, stored sparse, or of an unknown entry type. */
  skipped?: SkippedFile[];
  /** Requested symlinks and hard links whose target contents this layer did not provide. */
  unresolvedLinks?: UnresolvedLink[];
}

type EntryHeader = tar.Header;

/** A tar entry's data stream (a streamx Readable, not a Node.js one). */
interface EntryStream extends AsyncIterable<unknown> {
  resume(): unknown;
}

/**
 * Reads an uncompressed layer tar once, from start to end, keeping only the
 * wanted files (symlinks and hard links to wanted content resolved inside the
 * layer) and the whiteouts. Never writes to disk.
 *
 * A requested path is served in three ways:
 * - by the regular file at that path;
 * - by a symlink or hard link at that path, whose resolved target is then
 *   read too when it comes later in the stream;
 * - by a path under a symlinked directory (`lib/apk/db/installed` with
 *   `lib -> usr/lib`), when the directory link came before the entry.
 * Of duplicate entries for one path, the last one wins.
 */
export async function readLayerTar(input: Readable, options: TarReadOptions): Promise<TarReadResult> {
  const pass = new LayerPass(options, logger('tar-reader').child({ layer: options.layer }));
  const extract = tar.extract();

  let inputError: unknown;
  input.on('error', (err) => {
    inputError = err;
    extract.destroy(err);
  });
  input.pipe(extract);

  try {
    for await (const entry of extract) {
      await pass.readEntry(entry.header, entry);
    }
  } catch (err) {
    input.destroy();
    if (pass.callbackFailure !== undefined) throw pass.callbackFailure.error;
    throw describeFailure(options.layer, inputError ?? err);
  }

  return pass.result();
}

/** tar-stream 3 error messages, in the words of this project's messages. */
const TAR_STREAM_ERRORS = new Map([
  ['Unexpected end of data', 'the archive ends in the middle of an entry'],
  ['Invalid tar header. Maybe the tar is corrupted or it needs to be gunzipped?', 'a header block has an invalid checksum'],
  ['Invalid tar header: unknown format.', 'a header block is neither ustar nor GNU tar'],
  ['Header exceeds max size', 'a PAX or GNU long name header is larger than 4 MiB'],
]);

/** Turns a tar-stream error into a UserError naming the layer. Errors of the input stream pass unchanged. */
function describeFailure(layer: string, err: unknown): unknown {
  if (isUserError(err)) return err;
  if (!(err instanceof Error)) return err;

  const reason = TAR_STREAM_ERRORS.get(err.message) ?? err.message;
  return new UserError(
    'INVALID_ARCHIVE',
    `layer ${layer} is not a valid tar archive: ${reason}; the image archive is corrupt, re-export it`,
    { cause: err },
  );
}

/** State of one pass over one layer. */
class LayerPass {
  /** An error thrown by `wants` or `maxFileSize`, which is a scanner's fault, not the archive's. */
  callbackFailure: { error: unknown } | undefined;

  private entries = 0;
  private readonly links = new LayerLinks();

  /** Contents read so far, by entry path. */
  private readonly captured = new Map<string, Buffer>();
  /** Entry paths that `wants` accepted for themselves. */
  private readonly requestedFiles = new Set<string>();
  /** Requested paths whose bytes sit at another path, reached through links at the end. */
  private readonly requestedLinks = new Set<string>();
  /** Link targets to read for the rest of the pass, with the requested paths that lead to them. */
  private readonly linkTargets = new Map<string, Set<string>>();

  private readonly whiteouts = new Set<string>();
  private readonly opaqueDirs = new Set<string>();
  private readonly skipped: SkippedFile[] = [];

  constructor(
    private readonly options: TarReadOptions,
    private readonly log: Logger,
  ) {}

  async readEntry(header: EntryHeader, stream: EntryStream): Promise<void> {
    this.entries += 1;
    const path = normalizeLayerPath(sparseFileName(header) ?? header.name);

    if (this.recordWhiteout(path)) {
      stream.resume();
      return;
    }

    // The root directory entry (`./`) changes nothing.
    if (path === '') {
      stream.resume();
      return;
    }

    this.forget(path);

    switch (header.type) {
      case 'file':
      case 'contiguous-file':
        await this.readRegularFile(path, header, stream);
        return;
      case 'symlink':
        this.links.addSymlink(path, header.linkname ?? '');
        this.followLink(path);
        break;
      case 'link':
        this.links.addHardLink(path, hardLinkTarget(header.linkname ?? ''));
        this.followLink(path);
        break;
      case null:
      case undefined:
        this.skipUnknownType(path, header);
        break;
      default:
        break;
    }

    stream.resume();
  }

  result(): TarReadResult {
    const files = new Map<string, Buffer>();
    const links = new Set<string>();

    for (const path of this.requestedFiles) {
      const contents = this.captured.get(path);
      if (contents !== undefined) files.set(path, contents);
    }

    const unresolvedLinks: UnresolvedLink[] = [];
    for (const path of this.requestedLinks) {
      if (files.has(path)) continue;

      const target = this.links.resolve(path);
      const contents = target === undefined ? undefined : this.captured.get(target);
      if (contents !== undefined) {
        files.set(path, contents);
        links.add(path);
        continue;
      }

      if (target === path) continue;
      this.log.debug({ path, target }, target === undefined ? 'link loop, not followed' : 'link target not read in this layer');
      unresolvedLinks.push({ path, target });
    }

    const paths = [...files.keys()].sort();
    return {
      files: paths.map((path) => ({ path, contents: files.get(path) as Buffer, ...(links.has(path) ? { isLink: true } : {}) })),
      changes: { whiteouts: [...this.whiteouts], opaqueDirs: [...this.opaqueDirs] },
      entries: this.entries,
      skipped: this.skipped,
      unresolvedLinks,
    };
  }

  /** Records a whiteout entry. Returns true for whiteout entries, which no scanner receives. */
  private recordWhiteout(path: string): boolean {
    const whiteout = parseWhiteout(path);
    if (whiteout === undefined) return false;

    switch (whiteout.kind) {
      case 'whiteout':
        this.whiteouts.add(whiteout.path);
        break;
      case 'opaque':
        this.opaqueDirs.add(whiteout.directory);
        break;
      case 'metadata':
        this.log.debug({ path }, 'AUFS metadata entry ignored');
        break;
      case 'invalid':
        this.log.warn({ path }, 'whiteout entry names no file; ignored');
        break;
    }
    return true;
  }

  /** Drops what an earlier entry of the same path left, because the last entry wins. */
  private forget(path: string): void {
    this.captured.delete(path);
    this.links.remove(path);
  }

  /**
   * Returns the requested paths that this entry would serve: its own path,
   * the links that lead to it, and its paths under symlinked directories.
   */
  private requestsFor(path: string): string[] {
    const requests: string[] = [];

    if (this.wants(path)) requests.push(path);

    for (const request of this.linkTargets.get(path) ?? []) requests.push(request);

    // A link target recorded before its directory symlink was seen is keyed by the alias path.
    for (const alias of this.links.aliasesOf(path)) {
      if (this.wants(alias)) requests.push(alias);
      for (const request of this.linkTargets.get(alias) ?? []) requests.push(request);
    }

    return requests;
  }

  /** Notes the requested paths of a link entry and, for the rest of the pass, reads its target for them. */
  private followLink(path: string): void {
    const requests = this.requestsFor(path);
    if (requests.length === 0) return;

    for (const request of requests) this.requestedLinks.add(request);

    const target = this.links.resolve(path);
    if (target === undefined) {
      this.log.debug({ path }, 'link loop, not followed');
      return;
    }

    // NOTE: a target that came earlier in the stream was drained unless it was
    // requested for itself; the single pass cannot go back for it. A hard link
    // target always comes earlier, so only requested targets serve hard links.
    if (this.captured.has(target)) return;

    let waiting = this.linkTargets.get(target);
    if (waiting === undefined) {
      waiting = new Set();
      this.linkTargets.set(target, waiting);
    }
    for (const request of requests) waiting.add(request);
  }

  private wants(path: string): boolean {
    return this.callScanner(() => this.options.wants(path));
  }

  private maxFileSize(path: string): number {
    return this.callScanner(() => this.options.maxFileSize(path));
  }

  /** Runs a scanner callback, remembering its error so that it is not reported as a corrupt archive. */
  private callScanner<T>(callback: () => T): T {
    try {
      return callback();
    } catch (error) {
      this.callbackFailure = { error };
      throw error;
    }
  }

  /** Entry types tar-stream does not decode, such as old GNU sparse files (typeflag S), hold no readable file. */
  private skipUnknownType(path: string, header: EntryHeader): void {
    if (this.requestsFor(path).length === 0) return;

    const size = header.size ?? 0;
    this.log.warn({ path, size }, 'requested file has a tar entry type the layer reader does not read; skipped');
    this.skipped.push({ path, size, reason: 'unsupported-type' });
  }

  private async readRegularFile(path: string, header: EntryHeader, stream: EntryStream): Promise<void> {
    const requests = this.requestsFor(path);
    if (requests.length === 0) {
      stream.resume();
      return;
    }

    for (const request of requests) {
      if (request === path) this.requestedFiles.add(path);
      else this.requestedLinks.add(request);
    }

    const size = header.size ?? 0;

    if (isSparse(header)) {
      this.log.warn({ path, size }, 'requested file is stored sparse, which the layer reader does not rebuild; skipped');
      this.skipped.push({ path, size, reason: 'sparse' });
      stream.resume();
      return;
    }

    const maxFileSize = Math.max(...requests.map((request) => this.maxFileSize(request)));
    if (size > maxFileSize) {
      this.log.warn({ path, size, maxFileSize }, 'requested file is larger than the maximum file size; skipped');
      this.skipped.push({ path, size, reason: 'too-large' });
      stream.resume();
      return;
    }

    const wantsContent = this.options.wantsContent;
    const keep = wantsContent === undefined
      ? undefined
      : (head: Buffer): boolean => requests.some((request) => this.callScanner(() => wantsContent(request, head)));
    this.captured.set(path, await readContents(stream, size, keep));
  }
}

/**
 * Reads an entry's data. With `keep`, the first CONTENT_HEAD_SIZE bytes
 * decide whether the rest is buffered: a rejected file is drained and
 * returned empty.
 */
async function readContents(stream: EntryStream, size: number, keep?: (head: Buffer) => boolean): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  let buffered = 0;
  let decided = keep === undefined;
  let kept = true;

  for await (const chunk of stream) {
    if (!kept) continue;
    chunks.push(chunk as Uint8Array);
    buffered += (chunk as Uint8Array).length;

    if (!decided && buffered >= Math.min(CONTENT_HEAD_SIZE, size)) {
      decided = true;
      kept = keep!(Buffer.concat(chunks).subarray(0, CONTENT_HEAD_SIZE));
      if (!kept) chunks.length = 0;
    }
  }

  // An empty file yields no chunk, so its (empty) head is checked here.
  if (!decided) kept = keep!(Buffer.concat(chunks));
  if (!kept) return Buffer.alloc(0);

  // Buffer.concat copies, so the result does not pin the larger input chunks.
  return Buffer.concat(chunks, size);
}

/** PAX entries with GNU.sparse.* keys hold a sparse map and the data blocks, not the file's bytes. */
function isSparse(header: EntryHeader): boolean {
  return Object.keys(paxRecords(header)).some((key) => key.startsWith('GNU.sparse.'));
}

/** Returns the real name of a GNU PAX sparse file (format 0.1 and 1.0), whose header name is a placeholder. */
function sparseFileName(header: EntryHeader): string | undefined {
  const name = paxRecords(header)['GNU.sparse.name'];
  return typeof name === 'string' ? name : undefined;
}

function paxRecords(header: EntryHeader): Record<string, unknown> {
  const pax = header.pax;
  return typeof pax === 'object' && pax !== null ? (pax as Record<string, unknown>) : {};
}
