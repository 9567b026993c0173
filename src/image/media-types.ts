// Media types of the OCI image spec (v1.1) and of Docker's image manifest
// v2 schema 2, and which of them LayerLens reads.
import { UserError } from '../errors.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_TAR = 'application/vnd.oci.image.layer.v1.tar';

export const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';
export const DOCKER_MANIFEST_LIST = 'application/vnd.docker.distribution.manifest.list.v2+json';
export const DOCKER_CONFIG = 'application/vnd.docker.container.image.v1+json';
export const DOCKER_LAYER_TAR = 'application/vnd.docker.image.rootfs.diff.tar';
export const DOCKER_LAYER_GZIP = 'application/vnd.docker.image.rootfs.diff.tar.gzip';

export const MANIFEST_TYPES: readonly string[] = [OCI_MANIFEST, DOCKER_MANIFEST];
export const INDEX_TYPES: readonly string[] = [OCI_INDEX, DOCKER_MANIFEST_LIST];

export type LayerCompression = 'gzip' | 'zstd' | 'none';

/**
 * Layer media types of the OCI image spec (layer.md) and of Docker image
 * manifest schema 2, with the zstd and uncompressed spellings that
 * containerd defines beside them, and the compression each names.
 */
export const LAYER_COMPRESSION: ReadonlyMap<string, LayerCompression> = new Map([
  [OCI_LAYER_TAR, 'none'],
  ['application/vnd.oci.image.layer.v1.tar+gzip', 'gzip'],
  ['application/vnd.oci.image.layer.v1.tar+zstd', 'zstd'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar', 'none'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar+gzip', 'gzip'],
  ['application/vnd.oci.image.layer.nondistributable.v1.tar+zstd', 'zstd'],
  [DOCKER_LAYER_TAR, 'none'],
  [DOCKER_LAYER_GZIP, 'gzip'],
  ['application/vnd.docker.image.rootfs.diff.tar.zstd', 'zstd'],
  ['application/vnd.docker.image.rootfs.foreign.diff.tar', 'none'],
  ['application/vnd.docker.image.rootfs.foreign.diff.tar.gzip', 'gzip'],
]);

export const LAYER_TYPES: readonly string[] = [...LAYER_COMPRESSION.keys()];

export function isIndexType(mediaType: string): boolean {
  return INDEX_TYPES.includes(mediaType);
}

export function isManifestType(mediaType: string): boolean {
  return MANIFEST_TYPES.includes(mediaType);
}

/** Raises UNKNOWN_MEDIA_TYPE unless the type is an image manifest or index that LayerLens reads. */
export function checkManifestType(mediaType: string, image: string): void {
  if (!isManifestType(mediaType) && !isIndexType(mediaType)) {
    throw unknownMediaType('manifest', mediaType, image, [...MANIFEST_TYPES, ...INDEX_TYPES]);
  }
}

/** Raises UNKNOWN_MEDIA_TYPE unless the type is a layer type that LayerLens reads. */
export function checkLayerType(mediaType: string, image: string): void {
  if (!LAYER_TYPES.includes(mediaType)) {
    throw unknownMediaType('layer', mediaType, image, LAYER_TYPES);
  }
}

function unknownMediaType(kind: string, mediaType: string, image: string, supported: readonly string[]): UserError {
  const shown = mediaType === '' ? '(none)' : `"${mediaType}"`;
  return new UserError(
    'UNKNOWN_MEDIA_TYPE',
    `${image}: unknown ${kind} media type ${shown}; supported ${kind} media types: ${supported.join(', ')}. ` +
      'Convert the image to an OCI or Docker schema 2 image (for example with `skopeo copy`)',
  );
}
