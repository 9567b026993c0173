// An OCI image layout (`oci-layout`, `index.json`, `blobs/sha256/...`), in a
// tar archive (`oci-archive:`) or a directory (`oci:`), as an ImageSource.
import type { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import { sha256Hex, verifiedStream, verifyBytes } from './digest.js';
import type { FileStore } from './file-store.js';
import { readJsonDocument } from './file-store.js';
import {
  type DocumentContext,
  type IndexEntry,
  parseDiffIds,
  parseImageManifest,
  parseIndex,
  selectPlatform,
} from './manifest.js';
import { checkManifestType, isIndexType } from './media-types.js';
import type { Platform } from './platform.js';
import type { Descriptor, ImageSource, Manifest } from './types.js';

const REF_NAME = 'org.opencontainers.image.ref.name';
/** Maximum depth of image indexes nested between index.json and an image manifest. */
const MAX_INDEX_DEPTH = 4;

export class OciLayoutSource implements ImageSource {
  private resolved?: Promise<Manifest>;
  private readonly context: DocumentContext;

  /**
   * @param name the user's reference, for messages and Manifest.reference
   * @param refName the `org.opencontainers.image.ref.name` to select, if any
   */
  constructor(
    readonly name: string,
    private readonly store: FileStore,
    private readonly refName: string | undefined,
    private readonly platform: Platform,
  ) {
    this.context = { image: name, location: store.location };
  }

  resolve(): Promise<Manifest> {
    this.resolved ??= this.resolveManifest();
    return this.resolved;
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    const member = await this.requireBlob(descriptor);
    const blob = await this.store.openFile(member);
    return verifiedStream(blob, {
      digest: descriptor.digest,
      blob: `blob ${descriptor.digest}`,
      file: this.store.describe(member),
    });
  }

  async close(): Promise<void> {
    await this.store.close();
  }

  private async resolveManifest(): Promise<Manifest> {
    if ((await this.store.sizeOf('index.json')) === undefined) {
      throw new UserError(
        'INVALID_ARCHIVE',
        `${this.store.location} is not an OCI image layout (it has no index.json); ` +
          'for `docker save` output use docker-archive:, or export the image with `skopeo copy ... oci-archive:FILE`',
      );
    }
    const { value: index } = await readJsonDocument(this.store, 'index.json', 'index.json');
    const entry = this.selectByName(parseIndex(index, 'index.json', this.context));

    const descriptor = await this.followIndexes(entry);
    const manifestBytes = await this.readBlob(descriptor, `image manifest ${descriptor.digest}`);
    const document = parseImageManifest(manifestBytes.value, descriptor.mediaType, this.context);

    const config = await this.readBlob(document.config, `image config ${document.config.digest}`);
    const diffIds = parseDiffIds(config.value, document.layers.length, this.context);
    for (const layer of document.layers) {
      await this.requireBlob(layer);
    }

    return {
      digest: descriptor.digest,
      mediaType: document.mediaType,
      config: document.config,
      layers: document.layers.map((layer, i) => ({ ...layer, diffId: diffIds[i] })),
      reference: this.name,
    };
  }

  /** Picks the index.json entry named by the reference, or the only entry when there is no name. */
  private selectByName(entries: IndexEntry[]): IndexEntry {
    const names = entries.map((entry) => entry.annotations?.[REF_NAME] ?? `(unnamed ${entry.digest})`);
    const listed = names.join(', ');

    if (this.refName === undefined) {
      if (entries.length === 1) {
        return entries[0] as IndexEntry;
      }
      if (entries.length === 0) {
        throw new UserError('NOT_FOUND', `${this.store.location} contains no image (its index.json lists no manifests); export the image again`);
      }
      throw new UserError(
        'AMBIGUOUS_IMAGE',
        `${this.store.location} contains ${entries.length} images: ${listed}; add one name to the reference, such as ${this.name}:${names[0]}`,
      );
    }

    const named = entries.filter((entry) => entry.annotations?.[REF_NAME] === this.refName);
    if (named.length === 0) {
      throw new UserError('NOT_FOUND', `no image named "${this.refName}" in ${this.store.location}; it contains: ${listed}`);
    }
    // Several entries under one name are the platforms of one image.
    return named.length === 1 ? (named[0] as IndexEntry) : selectPlatform(named, this.platform, this.context);
  }

  /** Follows image indexes (picking this platform) down to an image manifest descriptor. */
  private async followIndexes(entry: Descriptor): Promise<Descriptor> {
    let descriptor = entry;
    for (let depth = 0; depth < MAX_INDEX_DEPTH; depth++) {
      checkManifestType(descriptor.mediaType, this.name);
      if (!isIndexType(descriptor.mediaType)) {
        return descriptor;
      }
      const { value } = await this.readBlob(descriptor, `image index ${descriptor.digest}`);
      descriptor = selectPlatform(parseIndex(value, `image index ${descriptor.digest}`, this.context), this.platform, this.context);
    }
    throw new UserError('INVALID_ARCHIVE', `${this.name}: image indexes nest more than ${MAX_INDEX_DEPTH} deep in ${this.store.location}`);
  }

  /** Reads a JSON blob whole and checks it against its digest. */
  private async readBlob(descriptor: Descriptor, what: string): Promise<{ bytes: Buffer; value: unknown }> {
    const member = await this.requireBlob(descriptor);
    const document = await readJsonDocument(this.store, member, what);
    verifyBytes(document.bytes, { digest: descriptor.digest, blob: what, file: this.store.describe(member) });
    return document;
  }

  /** Returns the blob's file name in the layout, raising MISSING_BLOB when it is absent. */
  private async requireBlob(descriptor: Descriptor): Promise<string> {
    const member = `blobs/sha256/${sha256Hex(descriptor.digest, this.name)}`;
    if ((await this.store.sizeOf(member)) === undefined) {
      throw new UserError(
        'MISSING_BLOB',
        `${this.name}: blob ${descriptor.digest} (${descriptor.mediaType || 'no media type'}) is missing from ${this.store.location}; ` +
          'the layout is incomplete, so export the image again',
      );
    }
    return member;
  }
}
