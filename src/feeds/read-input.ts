// Reads a feed member whole, for formats that cannot be parsed as a
// stream (JSON and YAML documents, small per-CVE text files).
import type { FeedInput } from './types.js';
import { invalidFeed } from './invalid-feed.js';

/**
 * Returns the member's bytes as UTF-8 text. Rejects with INVALID_FEED as
 * soon as the member grows past `maxBytes`, so a wrong or hostile file
 * cannot exhaust memory.
 */
export async function readInputText(input: FeedInput, maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  const stream = input.open();

  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += buffer.length;
    if (size > maxBytes) {
      stream.destroy();
      throw invalidFeed(input.name, undefined, `larger than the ${formatBytes(maxBytes)} this format may take; check that this is the right file`);
    }
    chunks.push(buffer);
  }

  return Buffer.concat(chunks, size).toString('utf8');
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${bytes / (1024 * 1024)} MiB` : `${bytes} bytes`;
}
