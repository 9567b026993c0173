// Image sources: where manifests and blobs come from.
import type { Readable } from 'node:stream';

/** One blob of an image, as a manifest lists it. */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  annotations?: Record<string, string>;
}

/** A layer of a resolved image, bottom (index 0) to top. */
export interface LayerDescriptor extends Descriptor {
  /** Uncompressed digest from the config's rootfs.diff_ids, when the config has one. */
  diffId?: string;
}

/** A single-platform image resolved from a reference. */
export interface Manifest {
  /** Digest of the manifest document itself (`sha256:...`). */
  digest: string;
  mediaType: string;
  config: Descriptor;
  layers: LayerDescriptor[];
  /** The reference the user gave, for messages and reports. */
  reference: string;
}

/**
 * Stream of one blob's bytes. The source verifies the digest while the
 * stream is read: the stream errors with a DigestMismatchError at its end
 * when the bytes do not hash to `descriptor.digest`.
 */
export interface ImageSource {
  /** Human-readable name of the source, such as `oci-archive:/path/x.tar:name`. */
  readonly name: string;

  /** Resolves the reference to one image manifest and its layer list. */
  resolve(): Promise<Manifest>;

  /** Opens a blob (layer or config) as a verified byte stream, still compressed as stored. */
  openBlob(descriptor: Descriptor): Promise<Readable>;

  /** Releases file handles and temporary state. */
  close(): Promise<void>;
}
