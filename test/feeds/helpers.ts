// Shared steps of the feed tests: importing a shared snapshot into an
// in-memory store, and writing small tar fixtures in a temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { extract, pack } from 'tar-stream';
import { importFeedFiles } from '../../src/feeds/import.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { sharedPath } from '../shared.js';
import { MemoryStore } from '../fakes/memory-store.js';

export const DEBIAN_SNAPSHOT = sharedPath('feeds', 'debian-security-tracker-dsa-dla-2023-04.tar.gz');
export const UBUNTU_SNAPSHOT = sharedPath('feeds', 'ubuntu-cve-tracker-active-2020-06.tar.gz');
export const ALPINE_SNAPSHOT = sharedPath('feeds', 'alpine-secdb-v3.3-v3.11.tar.gz');

/** Imports one file into a fresh in-memory store and returns its records by feed. */
export async function importIntoMemory(file: string): Promise<MemoryStore> {
  const store = new MemoryStore();
  await importFeedFiles(store, [file]);
  return store;
}

/** Returns the records matching every given field. */
export function recordsWhere(records: VulnerabilityRecord[], fields: Partial<VulnerabilityRecord>): VulnerabilityRecord[] {
  return records.filter((record) => Object.entries(fields).every(([key, value]) => record[key as keyof VulnerabilityRecord] === value));
}

/** Returns the one record matching the fields; fails when there are none or several. */
export function onlyRecord(records: VulnerabilityRecord[], fields: Partial<VulnerabilityRecord>): VulnerabilityRecord {
  const found = recordsWhere(records, fields);
  if (found.length !== 1) throw new Error(`expected one record for ${JSON.stringify(fields)}, found ${found.length}`);
  return found[0]!;
}

export function makeTempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-feeds-'));
}

export interface TarMember {
  name: string;
  content: string | Buffer;
}

/** Writes a tar (gzip-compressed when the name ends in .gz or .tgz) with the given members. */
export async function writeTar(file: string, members: TarMember[]): Promise<string> {
  const archive = pack();
  for (const member of members) archive.entry({ name: member.name }, member.content);
  archive.finalize();

  const chunks: Buffer[] = [];
  for await (const chunk of archive) chunks.push(Buffer.from(chunk as Uint8Array));
  const tar = Buffer.concat(chunks);

  fs.writeFileSync(file, /\.(gz|tgz)$/.test(file) ? zlib.gzipSync(tar) : tar);
  return file;
}

/** Returns the bytes of one member of a .tar.gz, read with tar-stream directly. */
export async function readSnapshotMember(file: string, member: string): Promise<Buffer> {
  const tar = extract();
  fs.createReadStream(file).pipe(zlib.createGunzip()).pipe(tar);

  for await (const entry of tar) {
    if (entry.header.name !== member) {
      entry.resume();
      continue;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
    tar.destroy();
    return Buffer.concat(chunks);
  }
  throw new Error(`${member} not found in ${file}`);
}

/** Imports a tar.gz made of `members` into a fresh in-memory store and returns the records of `feed`. */
export async function importTarMembers(tarName: string, members: TarMember[], feed: string): Promise<VulnerabilityRecord[]> {
  const dir = makeTempDir();
  try {
    const file = await writeTar(path.join(dir, tarName), members);
    return await recordsOfImport(file, feed);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Imports one plain file named `fileName` into a fresh in-memory store and returns the records of `feed`. */
export async function importSingleFile(fileName: string, content: string, feed: string): Promise<VulnerabilityRecord[]> {
  const dir = makeTempDir();
  try {
    const file = path.join(dir, fileName);
    fs.writeFileSync(file, content);
    return await recordsOfImport(file, feed);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function recordsOfImport(file: string, feed: string): Promise<VulnerabilityRecord[]> {
  const store = new MemoryStore();
  await importFeedFiles(store, [file]);
  return store.records.get(feed) ?? [];
}
