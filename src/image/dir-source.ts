// An unpacked root filesystem (`dir:PATH`) as a single-layer image: the
// layer is a deterministic tar of the directory, built on the fly.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import { sha256Digest, verifiedStream } from './digest.js';
import { packDirectory } from './dir-tar.js';
import { OCI_CONFIG, OCI_LAYER_TAR, OCI_MANIFEST } from './media-types.js';
import { hostPlatform } from './platform.js';
import type { Descriptor, ImageSource, Manifest } from './types.js';

export class DirSource implements ImageSource {
  private resolved?: Promise<Manifest>;
  private config?: Buffer;

  /** @param name the user's reference, for messages and Manifest.reference */
  constructor(
    readonly name: string,
    private readonly root: string,
  ) {}

  resolve(): Promise<Manifest> {
    this.resolved ??= this.resolveManifest();
    return this.resolved;
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    const manifest = await this.resolve();
    const fix = `the directory ${this.root} changed while it was read; retry when it no longer changes`;

    if (descriptor.digest === manifest.config.digest && this.config) {
      return verifiedStream(Readable.from([this.config]), { digest: descriptor.digest, blob: 'image config', file: 'the generated config', fix });
    }
    if (descriptor.digest === manifest.layers[0]?.digest) {
      return verifiedStream(packDirectory(this.root), {
        digest: descriptor.digest,
        blob: `layer ${descriptor.digest}`,
        file: `the tar of ${this.root}`,
        fix,
      });
    }
    throw new UserError('MISSING_BLOB', `${this.name}: blob ${descriptor.digest} is not part of this image`);
  }

  async close(): Promise<void> {
    // Every stream opens and closes its own files.
  }

  private async resolveManifest(): Promise<Manifest> {
    await this.checkDirectory();

    // NOTE: the layer digest must be known before the layer is read, so the
    // tree is read twice: once here to hash its tar, once by openBlob().
    const layer = await this.hashLayer();
    const config = Buffer.from(
      JSON.stringify({
        architecture: hostPlatform().architecture,
        os: 'linux',
        rootfs: { type: 'layers', diff_ids: [layer.digest] },
      }),
    );
    this.config = config;

    const configDescriptor: Descriptor = { mediaType: OCI_CONFIG, digest: sha256Digest(config), size: config.length };
    const layerDescriptor: Descriptor = { mediaType: OCI_LAYER_TAR, digest: layer.digest, size: layer.size };
    const document = JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configDescriptor, layers: [layerDescriptor] });

    return {
      digest: sha256Digest(document),
      mediaType: OCI_MANIFEST,
      config: configDescriptor,
      layers: [{ ...layerDescriptor, diffId: layer.digest }],
      reference: this.name,
    };
  }

  private async checkDirectory(): Promise<void> {
    let stat: fs.Stats;
    try {
      stat = await fs.promises.stat(this.root);
    } catch (err) {
      throw new UserError('NOT_FOUND', `directory ${this.root} not found (${(err as NodeJS.ErrnoException).code}); check the path of ${this.name}`, {
        cause: err,
      });
    }
    if (!stat.isDirectory()) {
      throw new UserError(
        'INVALID_REFERENCE',
        `${this.root} is not a directory; dir: reads an unpacked root filesystem, so use docker-archive: or oci-archive: for an archive`,
      );
    }
  }

  private async hashLayer(): Promise<{ digest: string; size: number }> {
    const hash = createHash('sha256');
    let size = 0;
    for await (const chunk of packDirectory(this.root)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
    return { digest: `sha256:${hash.digest('hex')}`, size };
  }
}
