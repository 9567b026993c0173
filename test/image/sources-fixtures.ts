// Small image layouts and archives built at test time in a temp folder, for
// the cases the shared images do not cover (corrupt blobs, odd media types).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import tar from 'tar-stream';
import { UserError } from '../../src/errors.js';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
export const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
export const OCI_LAYER_GZIP = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface Blob {
  mediaType: string;
  digest: string;
  size: number;
  bytes: Buffer;
}

export function sha256(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `layerlens-${prefix}-`));
}

export function blob(mediaType: string, bytes: Buffer | string): Blob {
  const data = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes);
  return { mediaType, digest: sha256(data), size: data.length, bytes: data };
}

export function descriptorOf(item: Blob, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { mediaType: item.mediaType, digest: item.digest, size: item.size, ...extra };
}

/** Builds a tar in memory from `name → contents` pairs (tiny test layers only). */
export async function tarOf(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, contents] of Object.entries(files)) {
    pack.entry({ name, mtime: new Date(0) }, contents);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

export interface TinyImage {
  manifest: Blob;
  config: Blob;
  layer: Blob;
  /** Every blob of the image, for writing a layout. */
  blobs: Blob[];
}

/** A one-layer OCI image whose layer contains `etc/hello`. */
export async function tinyImage(options: { layerMediaType?: string; manifestMediaType?: string; architecture?: string } = {}): Promise<TinyImage> {
  const layerTar = await tarOf({ 'etc/hello': `hello from ${options.architecture ?? 'amd64'}\n` });
  const layer = blob(options.layerMediaType ?? OCI_LAYER_GZIP, zlib.gzipSync(layerTar));
  const config = blob(
    OCI_CONFIG,
    JSON.stringify({ architecture: options.architecture ?? 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256(layerTar)] } }),
  );
  const manifestType = options.manifestMediaType ?? OCI_MANIFEST;
  const manifest = blob(
    manifestType,
    JSON.stringify({ schemaVersion: 2, mediaType: manifestType, config: descriptorOf(config), layers: [descriptorOf(layer)] }),
  );
  return { manifest, config, layer, blobs: [manifest, config, layer] };
}

/** Writes an OCI layout directory with the given index.json entries and blobs. */
export function writeLayout(dir: string, indexEntries: Record<string, unknown>[], blobs: Blob[]): void {
  fs.mkdirSync(path.join(dir, 'blobs', 'sha256'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  fs.writeFileSync(path.join(dir, 'index.json'), JSON.stringify({ schemaVersion: 2, manifests: indexEntries }));
  for (const item of blobs) {
    fs.writeFileSync(path.join(dir, 'blobs', 'sha256', item.digest.slice('sha256:'.length)), item.bytes);
  }
}

/** A tar member: a regular file, or a link when `linkname` is set. */
export interface Member {
  name: string;
  contents?: Buffer | string;
  type?: 'file' | 'symlink' | 'link' | 'directory';
  linkname?: string;
}

/** Writes a plain tar file from members, in order. */
export async function writeTar(file: string, members: Member[]): Promise<void> {
  const pack = tar.pack();
  const written = pipeline(pack, fs.createWriteStream(file));
  for (const member of members) {
    const header = { name: member.name, type: member.type ?? 'file', linkname: member.linkname, mtime: new Date(0) };
    pack.entry(header, member.contents ?? '');
  }
  pack.finalize();
  await written;
}

/** Writes every file under `dir` into a plain tar file, as `tar -cf FILE -C DIR .` would. */
export async function tarDirectory(dir: string, file: string): Promise<void> {
  const members: Member[] = [];
  const walk = (relative: string): void => {
    for (const name of fs.readdirSync(path.join(dir, relative)).sort()) {
      const member = relative === '' ? name : `${relative}/${name}`;
      if (fs.statSync(path.join(dir, member)).isDirectory()) {
        members.push({ name: member, type: 'directory' });
        walk(member);
      } else {
        members.push({ name: member, contents: fs.readFileSync(path.join(dir, member)) });
      }
    }
  };
  walk('');
  await writeTar(file, members);
}

/** Reads a whole stream into memory; only for tiny test blobs. */
export async function drain(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

/** Returns an assert.rejects validator for a UserError with this code whose message matches every pattern. */
export function userError(code: string, ...patterns: (RegExp | string)[]): (err: unknown) => boolean {
  return (err: unknown): boolean => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.equal(err.code, code, err.message);
    for (const pattern of patterns) {
      if (typeof pattern === 'string') {
        assert.ok(err.message.includes(pattern), `message "${err.message}" should name ${pattern}`);
      } else {
        assert.match(err.message, pattern);
      }
    }
    return true;
  };
}

/** Hashes a whole stream. */
export async function hashStream(stream: NodeJS.ReadableStream): Promise<{ digest: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of stream) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { digest: `sha256:${hash.digest('hex')}`, size };
}
