// Placeholder: image reference parsing and sources are being written.
import type { ImageSource } from './types.js';

export interface OpenOptions {
  /** `os/arch[/variant]` for multi-platform indexes; default: this machine's. */
  platform?: string;
}

/** Parses a transport reference (`oci-archive:PATH[:REF]`, `docker-archive:`, `oci:`, `dir:`) and opens its source. */
export async function openImage(_reference: string, _options: OpenOptions = {}): Promise<ImageSource> {
  throw new Error('openImage: not written yet');
}
