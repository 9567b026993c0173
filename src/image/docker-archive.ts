// A `docker save` archive (manifest.json with Config, RepoTags and Layers),
// plain or gzipped as a whole, as an ImageSource.
import type { Readable } from 'node:stream';
import { UserError } from '../errors.js';
import type { TarArchive } from './archive.js';
import { sha256Digest, verifiedStream, verifyBytes } from './digest.js';
import { normalizeImageName } from './docker-name.js';
import { readJsonDocument } from './file-store.js';
import { type DocumentContext, parseDiffIds } from './manifest.js';
import { DOCKER_CONFIG, DOCKER_LAYER_GZIP, DOCKER_LAYER_TAR, DOCKER_MANIFEST } from './media-types.js';
import type { Descriptor, ImageSource, LayerDescriptor, Manifest } from './types.js';

/** One image of manifest.json. */
interface SavedImage {
  config: string;
  repoTags: string[];
  layers: string[];
}

/** A member name that carries its own sha256: `<hex>.tar`, `<hex>.json`, `blobs/sha256/<hex>`. */
const DIGEST_NAME = /(?:^|\/)(?:sha256\/)?([0-9a-f]{64})(?:\.tar|\.json)?$/;

export class DockerArchiveSource implements ImageSource {
  private resolved?: Promise<Manifest>;
  /** Archive member of each blob digest that resolve() described. */
  private readonly members = new Map<string, string>();
  private readonly context: DocumentContext;

  /**
   * @param name the user's reference, for messages and Manifest.reference
   * @param imageRef `NAME[:TAG]` or `@INDEX` choosing one image, if any
   */
  constructor(
    readonly name: string,
    private readonly archive: TarArchive,
    private readonly imageRef: string | undefined,
  ) {
    this.context = { image: name, location: archive.location };
  }

  resolve(): Promise<Manifest> {
    this.resolved ??= this.resolveManifest();
    return this.resolved;
  }

  async openBlob(descriptor: Descriptor): Promise<Readable> {
    await this.resolve();
    const member = this.members.get(descriptor.digest);
    if (member === undefined) {
      throw new UserError('MISSING_BLOB', `${this.name}: blob ${descriptor.digest} is not part of this image in ${this.archive.location}`);
    }
    return verifiedStream(await this.archive.openFile(member), {
      digest: descriptor.digest,
      blob: `blob ${descriptor.digest}`,
      file: this.archive.describe(member),
    });
  }

  async close(): Promise<void> {
    await this.archive.close();
  }

  private async resolveManifest(): Promise<Manifest> {
    const image = this.selectImage(await this.readSavedImages());

    const config = await this.readConfig(image.config);
    const diffIds = parseDiffIds(config.value, image.layers.length, this.context);
    const layers = image.layers.map((member, i) => this.describeLayer(member, diffIds[i] as string));

    const document = canonicalManifest(config.descriptor, layers);
    return {
      digest: sha256Digest(document),
      mediaType: DOCKER_MANIFEST,
      config: config.descriptor,
      layers,
      reference: this.name,
    };
  }

  private async readSavedImages(): Promise<SavedImage[]> {
    if ((await this.archive.sizeOf('manifest.json')) === undefined) {
      throw new UserError(
        'INVALID_ARCHIVE',
        `${this.archive.location} is not a \`docker save\` archive (it has no manifest.json); ` +
          'for an OCI image layout use oci-archive:, or export the image with `docker save`',
      );
    }
    const { value } = await readJsonDocument(this.archive, 'manifest.json', 'manifest.json');
    if (!Array.isArray(value)) {
      throw this.invalid('manifest.json is not a list of images');
    }

    return value.map((item: unknown, i) => {
      const { Config, RepoTags, Layers } = (item ?? {}) as Record<string, unknown>;
      if (typeof Config !== 'string' || !Array.isArray(Layers) || !Layers.every((layer) => typeof layer === 'string')) {
        throw this.invalid(`manifest.json entry ${i} has no Config file name or Layers list`);
      }
      const repoTags = Array.isArray(RepoTags) ? RepoTags.filter((tag): tag is string => typeof tag === 'string') : [];
      return { config: Config, repoTags, layers: Layers as string[] };
    });
  }

  /** Picks the image named by `NAME[:TAG]` or `@INDEX`, or the only image when the reference names none. */
  private selectImage(images: SavedImage[]): SavedImage {
    const listed = images.map((image, i) => (image.repoTags.length > 0 ? image.repoTags.join(' ') : `@${i}`)).join(', ');

    if (this.imageRef === undefined) {
      if (images.length === 1) {
        return images[0] as SavedImage;
      }
      throw new UserError(
        'AMBIGUOUS_IMAGE',
        `${this.archive.location} contains ${images.length} images: ${listed}; ` +
          `add one to the reference, such as docker-archive:${this.archive.location}:${images[0]?.repoTags[0] ?? '@0'}`,
      );
    }

    const indexMatch = /^@(\d+)$/.exec(this.imageRef);
    const expected = indexMatch ? undefined : normalizeImageName(this.imageRef);
    const image = indexMatch
      ? images[Number(indexMatch[1])]
      : images.find((candidate) => candidate.repoTags.some((tag) => normalizeImageName(tag) === expected));
    if (image === undefined) {
      throw new UserError('NOT_FOUND', `no image ${this.imageRef} in ${this.archive.location}; it contains: ${listed || 'no image'}`);
    }
    return image;
  }

  private async readConfig(member: string): Promise<{ descriptor: Descriptor; value: unknown }> {
    const { bytes, value } = await readJsonDocument(this.archive, member, `image config ${member}`);
    const descriptor: Descriptor = { mediaType: DOCKER_CONFIG, digest: sha256Digest(bytes), size: bytes.length };

    const named = DIGEST_NAME.exec(member);
    if (named) {
      // The file name is the digest Docker gave the config: check the bytes still match it.
      verifyBytes(bytes, { digest: `sha256:${named[1]}`, blob: `image config ${member}`, file: this.archive.describe(member) });
    }
    this.members.set(descriptor.digest, member);
    return { descriptor, value };
  }

  /**
   * Describes a layer as stored. `docker save` stores layers uncompressed, so
   * the stored digest is the diff_id, unless the resolved member's name
   * carries another digest (a compressed layer of an OCI layout inside).
   */
  private describeLayer(member: string, diffId: string): LayerDescriptor {
    const entry = this.archive.resolve(member);
    if (entry === undefined || entry.type !== 'file') {
      throw new UserError(
        'MISSING_BLOB',
        `${this.name}: layer ${diffId} (${member}) is missing from ${this.archive.location}; the archive is incomplete, so export the image again`,
      );
    }

    const named = DIGEST_NAME.exec(entry.name);
    const digest = named ? `sha256:${named[1]}` : diffId;
    this.members.set(digest, entry.name);
    // NOTE: the media type is uncompressed tar even for a compressed layer
    // stored under blobs/; layer readers detect compression by magic bytes.
    return { mediaType: DOCKER_LAYER_TAR, digest, size: entry.size, diffId };
  }

  private invalid(problem: string): UserError {
    return new UserError(
      'INVALID_ARCHIVE',
      `${this.archive.location}: ${problem}; the archive is corrupt or was not written by \`docker save\`; export the image again`,
    );
  }
}

/**
 * Builds the Docker schema 2 manifest that skopeo and containers-image
 * generate for a docker-archive image, byte for byte, so that the manifest
 * digest matches `skopeo inspect docker-archive:...`. Like them, it labels
 * every layer `tar.gzip`, although the layers are stored uncompressed; the
 * Manifest returned by resolve() carries the true media type.
 */
function canonicalManifest(config: Descriptor, layers: LayerDescriptor[]): string {
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: DOCKER_MANIFEST,
    config: { mediaType: config.mediaType, size: config.size, digest: config.digest },
    layers: layers.map((layer) => ({ mediaType: DOCKER_LAYER_GZIP, size: layer.size, digest: layer.digest })),
  });
}
