// Parsing and checking of image manifests, image indexes and image configs
// (OCI image spec v1.1 and Docker image manifest v2 schema 2).
import { UserError } from '../errors.js';
import { asObject } from './file-store.js';
import { checkLayerType, checkManifestType, isIndexType } from './media-types.js';
import { formatPlatform, type Platform, platformMatches } from './platform.js';
import type { Descriptor } from './types.js';

/** An entry of an image index: a descriptor and, for an image, its platform. */
export interface IndexEntry extends Descriptor {
  platform?: Platform;
}

export interface ImageManifestDocument {
  mediaType: string;
  config: Descriptor;
  layers: Descriptor[];
}

/** Context of a document for messages: the image reference and the archive or directory. */
export interface DocumentContext {
  image: string;
  location: string;
}

/** Parses a descriptor (mediaType, digest, size, annotations), raising INVALID_ARCHIVE when a field is wrong. */
export function parseDescriptor(value: unknown, what: string, context: DocumentContext): Descriptor {
  const object = asObject(value, what, context.location);
  const { mediaType, digest, size, annotations } = object;
  if (typeof digest !== 'string' || typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) {
    throw invalidDocument(`${what} has no valid digest and size`, context);
  }

  const descriptor: Descriptor = { mediaType: typeof mediaType === 'string' ? mediaType : '', digest, size };
  if (typeof annotations === 'object' && annotations !== null && !Array.isArray(annotations)) {
    descriptor.annotations = Object.fromEntries(
      Object.entries(annotations).filter((entry): entry is [string, string] => typeof entry[1] === 'string'),
    );
  }
  return descriptor;
}

/** Parses the `manifests` of an OCI image index or a Docker manifest list. */
export function parseIndex(value: unknown, what: string, context: DocumentContext): IndexEntry[] {
  const manifests = asObject(value, what, context.location).manifests;
  if (!Array.isArray(manifests)) {
    throw invalidDocument(`${what} has no "manifests" list`, context);
  }

  return manifests.map((item: unknown, i) => {
    const entry: IndexEntry = parseDescriptor(item, `${what} entry ${i}`, context);
    const platform = (item as Record<string, unknown>).platform;
    if (typeof platform === 'object' && platform !== null) {
      const { os, architecture, variant } = platform as Record<string, unknown>;
      if (typeof os === 'string' && typeof architecture === 'string') {
        entry.platform = typeof variant === 'string' ? { os, architecture, variant } : { os, architecture };
      }
    }
    return entry;
  });
}

/**
 * Parses an image manifest. Its media type comes from the document's
 * `mediaType` field, else from the descriptor that pointed at it.
 */
export function parseImageManifest(value: unknown, descriptorType: string, context: DocumentContext): ImageManifestDocument {
  const what = 'image manifest';
  const object = asObject(value, what, context.location);
  const mediaType = typeof object.mediaType === 'string' ? object.mediaType : descriptorType;
  checkManifestType(mediaType, context.image);
  if (isIndexType(mediaType)) {
    throw invalidDocument(`${what} has the media type of an image index (${mediaType})`, context);
  }
  if (!Array.isArray(object.layers)) {
    throw invalidDocument(`${what} has no "layers" list`, context);
  }

  const config = parseDescriptor(object.config, `${what} config`, context);
  const layers = object.layers.map((layer: unknown, i) => parseDescriptor(layer, `${what} layer ${i}`, context));
  for (const layer of layers) {
    checkLayerType(layer.mediaType, context.image);
  }
  return { mediaType, config, layers };
}

/** Returns the config's rootfs.diff_ids, checking that there is one per layer. */
export function parseDiffIds(config: unknown, layerCount: number, context: DocumentContext): string[] {
  const rootfs = asObject(config, 'image config', context.location).rootfs as Record<string, unknown> | undefined;
  const diffIds = rootfs?.diff_ids;
  if (!Array.isArray(diffIds) || !diffIds.every((id): id is string => typeof id === 'string')) {
    throw invalidDocument('image config has no rootfs.diff_ids list', context);
  }
  if (diffIds.length !== layerCount) {
    throw invalidDocument(`image config lists ${diffIds.length} diff_ids for ${layerCount} layers`, context);
  }
  return diffIds;
}

/** Picks the index entry for a platform, raising NOT_FOUND with the platforms the index offers. */
export function selectPlatform(entries: IndexEntry[], platform: Platform, context: DocumentContext): IndexEntry {
  const images = entries.filter((entry) => entry.platform !== undefined);
  const match = images.find((entry) => entry.platform && platformMatches(entry.platform, platform));
  if (match) {
    return match;
  }

  const offered = images.map((entry) => formatPlatform(entry.platform as Platform));
  throw new UserError(
    'NOT_FOUND',
    `${context.image} has no image for platform ${formatPlatform(platform)}; it offers ${offered.join(', ') || 'no platform'}. ` +
      'Pass one of them with --platform',
  );
}

function invalidDocument(problem: string, context: DocumentContext): UserError {
  return new UserError(
    'INVALID_ARCHIVE',
    `${context.image}: ${problem} in ${context.location}; the archive is corrupt or was not written by an image tool; export the image again`,
  );
}
