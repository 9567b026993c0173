// Image references in the transport syntax of skopeo and containers-image
// (`oci-archive:PATH[:REF]`, `oci:DIR[:REF]`, `docker-archive:PATH[:NAME:TAG]`,
// `dir:PATH`), and the ImageSource that each one opens.
import { stat } from 'node:fs/promises';
import { UserError } from '../errors.js';
import { openArchive } from './archive.js';
import { DirectoryStore } from './directory-store.js';
import { DirSource } from './dir-source.js';
import { DockerArchiveSource } from './docker-archive.js';
import { OciLayoutSource } from './oci-layout.js';
import { hostPlatform, parsePlatform } from './platform.js';
import type { ImageSource } from './types.js';

export interface OpenOptions {
  /** `os/arch[/variant]` for multi-platform indexes; default: this machine's. */
  platform?: string;
}

export type ImageReference =
  | { transport: 'oci-archive' | 'oci'; path: string; refName?: string }
  | { transport: 'docker-archive'; path: string; image?: string }
  | { transport: 'dir'; path: string };

const TRANSPORTS = ['oci-archive', 'oci', 'docker-archive', 'dir'];
/** Transports of skopeo that LayerLens does not read. */
const OTHER_TRANSPORTS = ['containers-storage', 'docker-daemon', 'ostree', 'sif', 'tarball', 'atomic'];

const REGISTRY_HINT =
  'registry references are not supported yet; export the image with `skopeo copy` or `docker save` ' +
  'and use docker-archive: or oci-archive:';

/**
 * A plain registry reference, `[HOST[:PORT]/]REPO[:TAG][@DIGEST]`, after the
 * grammar of the distribution project's reference package (simplified).
 */
const REGISTRY_REFERENCE =
  /^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,})?$/;

/** Parses a transport reference; raises INVALID_REFERENCE naming the reference and the accepted forms. */
export function parseReference(reference: string): ImageReference {
  const colon = reference.indexOf(':');
  const transport = colon === -1 ? '' : reference.slice(0, colon);
  const rest = colon === -1 ? '' : reference.slice(colon + 1);

  if (!TRANSPORTS.includes(transport)) {
    throw unknownTransport(reference, transport);
  }

  // As in containers-image, the path ends at the first colon, so a path cannot contain one.
  const [path = '', ...names] = rest.split(':');
  if (path === '') {
    throw new UserError('INVALID_REFERENCE', `invalid image reference "${reference}": the path after "${transport}:" is empty`);
  }
  const name = names.length > 0 ? names.join(':') : undefined;
  if (name === '') {
    throw new UserError('INVALID_REFERENCE', `invalid image reference "${reference}": the image name after the path is empty; remove the trailing colon`);
  }

  switch (transport) {
    case 'dir':
      if (name !== undefined) {
        throw new UserError('INVALID_REFERENCE', `invalid image reference "${reference}": dir: takes a path only, and a path cannot contain ":"`);
      }
      return { transport, path };
    case 'docker-archive':
      return name === undefined ? { transport, path } : { transport, path, image: name };
    default:
      return name === undefined
        ? { transport: transport as 'oci' | 'oci-archive', path }
        : { transport: transport as 'oci' | 'oci-archive', path, refName: name };
  }
}

/** Parses a transport reference (`oci-archive:PATH[:REF]`, `docker-archive:`, `oci:`, `dir:`) and opens its source. */
export async function openImage(reference: string, options: OpenOptions = {}): Promise<ImageSource> {
  const parsed = parseReference(reference);
  const platform = options.platform === undefined ? hostPlatform() : parsePlatform(options.platform);

  switch (parsed.transport) {
    case 'oci-archive': {
      const archive = await openArchive(parsed.path, {
        directoryHint: `use oci:${parsed.path} for an OCI layout directory`,
        exportHint: 'export the image again with `skopeo copy ... oci-archive:FILE`',
      });
      return new OciLayoutSource(reference, archive, parsed.refName, platform);
    }
    case 'oci':
      await requireDirectory(parsed.path, `use oci-archive:${parsed.path} for an OCI layout stored as a tar file`);
      return new OciLayoutSource(reference, new DirectoryStore(parsed.path), parsed.refName, platform);
    case 'docker-archive': {
      const archive = await openArchive(parsed.path, {
        directoryHint: 'docker-archive: reads the file that `docker save` writes; use dir: for an unpacked root filesystem',
        exportHint: 'export the image again with `docker save -o FILE IMAGE`',
      });
      return new DockerArchiveSource(reference, archive, parsed.image);
    }
    case 'dir':
      return new DirSource(reference, parsed.path);
  }
}

async function requireDirectory(path: string, fileHint: string): Promise<void> {
  const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
    throw new UserError('NOT_FOUND', `directory ${path} not found (${err.code}); check the path`, { cause: err });
  });
  if (!info.isDirectory()) {
    throw new UserError('INVALID_REFERENCE', `${path} is not a directory; ${fileHint}`);
  }
}

function unknownTransport(reference: string, transport: string): UserError {
  const supported = TRANSPORTS.map((name) => `${name}:`).join(', ');
  if (transport === 'docker' || (!OTHER_TRANSPORTS.includes(transport) && REGISTRY_REFERENCE.test(reference))) {
    return new UserError('INVALID_REFERENCE', `"${reference}" is a registry reference: ${REGISTRY_HINT}`);
  }
  const what = transport === '' ? 'has no transport' : `has the unknown transport "${transport}"`;
  return new UserError('INVALID_REFERENCE', `invalid image reference "${reference}": it ${what}; supported transports: ${supported}`);
}
