// Bad input through the CLI. Each case must exit with code 2 and print one
// line on standard error that names the input and a fix, with no stack
// trace. Every row of the store must stay as it was.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { sharedPath } from '../shared.js';
import {
  blob,
  descriptorOf,
  OCI_LAYER_GZIP,
  OCI_MANIFEST,
  sha256,
  tarOf,
  tinyImage,
  writeLayout,
  writeTar,
} from '../image/sources-fixtures.js';
import { describeResult, makeTempDir, runWithDb, sha256File, storeFingerprint, writeRootfs, type CliResult } from './cli.js';

const OCI = sharedPath('images', 'debian-images.oci.tar');
const SECDB_SNAPSHOT = sharedPath('feeds', 'alpine-secdb-v3.3-v3.11.tar.gz');
const UCT_SNAPSHOT = sharedPath('feeds', 'ubuntu-cve-tracker-active-2020-06.tar.gz');

let dir: string;
let db: string;

/** Returns a path in the test's temp folder. */
const tmp = (...parts: string[]): string => path.join(dir, ...parts);

/** Writes a one-layer OCI layout directory; returns its `oci:` reference. */
async function writeTinyLayout(name: string, options: Parameters<typeof tinyImage>[0] = {}, drop?: 'layer'): Promise<string> {
  const image = await tinyImage(options);
  const blobs = drop === 'layer' ? image.blobs.filter((item) => item !== image.layer) : image.blobs;
  writeLayout(tmp(name), [descriptorOf(image.manifest, { annotations: { 'org.opencontainers.image.ref.name': 'latest' } })], blobs);
  return `oci:${tmp(name)}:latest`;
}

/** Writes an OCI layout whose gzip layer is not gzip data, while its digest matches its bytes. */
function writeCorruptGzipLayout(name: string): { reference: string; layerDigest: string } {
  const layer = blob(OCI_LAYER_GZIP, Buffer.from('these bytes are not gzip data, although the manifest says so\n'.repeat(20)));
  const config = blob(
    'application/vnd.oci.image.config.v1+json',
    JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256('unknown')] } }),
  );
  const manifest = blob(OCI_MANIFEST, JSON.stringify({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: descriptorOf(config), layers: [descriptorOf(layer)] }));
  writeLayout(tmp(name), [descriptorOf(manifest, { annotations: { 'org.opencontainers.image.ref.name': 'latest' } })], [manifest, config, layer]);
  return { reference: `oci:${tmp(name)}:latest`, layerDigest: layer.digest };
}

/**
 * Writes a single-image `docker save` archive, then changes one byte of
 * the layer's file contents so the tar still parses but its digest no
 * longer equals the diff_id that names it.
 */
async function writeAlteredDockerArchive(file: string): Promise<{ diffId: string }> {
  const layer = await tarOf({ 'etc/hello': 'hello from a docker-archive layer\n' });
  const diffId = sha256(layer);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [diffId] } });
  const configName = `${sha256(config).slice('sha256:'.length)}.json`;
  const layerName = `${diffId.slice('sha256:'.length)}.tar`;

  const altered = Buffer.from(layer);
  const offset = altered.indexOf('hello from');
  assert.ok(offset > 0, 'the layer contains the file text');
  altered[offset] = 'j'.charCodeAt(0);

  await writeTar(file, [
    { name: 'manifest.json', contents: JSON.stringify([{ Config: configName, RepoTags: ['localhost/test/tiny:latest'], Layers: [layerName] }]) },
    { name: configName, contents: config },
    { name: layerName, contents: altered },
  ]);
  return { diffId };
}

/** Extracts one member of a .tar.gz feed snapshot with the `tar` command. */
function extractMember(snapshot: string, member: string, into: string): string {
  fs.mkdirSync(into, { recursive: true });
  execFileSync('tar', ['-xzf', snapshot, '-C', into, member]);
  return path.join(into, member);
}

interface BadInputCase {
  title: string;
  /** Builds the fixture and returns the CLI arguments after `--db DB`. */
  args: () => Promise<string[]> | string[];
  /** Patterns the one stderr line must match: the input it names, then the fix. */
  stderr: () => RegExp[];
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let corruptGzipLayer = '';
let alteredDiffId = '';

const IMAGE_CASES: BadInputCase[] = [
  {
    title: 'missing archive file',
    args: () => ['scan', `oci-archive:${tmp('missing.tar')}`],
    stderr: () => [new RegExp(escape(tmp('missing.tar'))), /not found/, /check the path/],
  },
  {
    title: 'truncated OCI archive',
    args: () => {
      // The first 10 MB end inside the 30 MB minbase layer blob.
      const file = tmp('truncated.oci.tar');
      const bytes = Buffer.alloc(10 * 1024 * 1024);
      const fd = fs.openSync(OCI, 'r');
      fs.readSync(fd, bytes, 0, bytes.length, 0);
      fs.closeSync(fd);
      fs.writeFileSync(file, bytes);
      return ['scan', `oci-archive:${file}:debian-multilayer`];
    },
    stderr: () => [new RegExp(escape(tmp('truncated.oci.tar'))), /truncated/, /again/],
  },
  {
    title: 'garbage bytes as OCI archive',
    args: () => {
      fs.writeFileSync(tmp('garbage.tar'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 251)));
      return ['scan', `oci-archive:${tmp('garbage.tar')}`];
    },
    stderr: () => [new RegExp(escape(tmp('garbage.tar'))), /not a tar archive/, /export the image again/],
  },
  {
    title: 'corrupt gzip docker-archive',
    args: () => {
      const gzip = zlib.gzipSync(Buffer.alloc(64 * 1024, 'docker save output\n'));
      fs.writeFileSync(tmp('corrupt.tar.gz'), gzip.subarray(0, gzip.length - 40));
      return ['scan', `docker-archive:${tmp('corrupt.tar.gz')}`];
    },
    stderr: () => [new RegExp(escape(tmp('corrupt.tar.gz'))), /docker save|again/],
  },
  {
    title: 'docker-archive layer digest mismatch',
    args: async () => {
      alteredDiffId = (await writeAlteredDockerArchive(tmp('altered.tar'))).diffId;
      return ['scan', `docker-archive:${tmp('altered.tar')}`];
    },
    stderr: () => [new RegExp(escape(tmp('altered.tar'))), new RegExp(escape(alteredDiffId)), /digest/i, /re-export/],
  },
  {
    title: 'OCI layout missing a blob',
    args: async () => ['scan', await writeTinyLayout('missing-blob', {}, 'layer')],
    stderr: () => [new RegExp(escape(tmp('missing-blob'))), /blob/, /sha256:[0-9a-f]{12}/],
  },
  {
    title: 'unknown layer media type',
    args: async () => ['scan', await writeTinyLayout('odd-media-type', { layerMediaType: 'application/vnd.example.layer.v1.tar+lz4' })],
    stderr: () => [new RegExp(escape(tmp('odd-media-type'))), /application\/vnd\.example\.layer\.v1\.tar\+lz4/],
  },
  {
    title: 'layer that is not gzip',
    args: () => {
      const layout = writeCorruptGzipLayout('corrupt-gzip-layer');
      corruptGzipLayer = layout.layerDigest;
      return ['scan', layout.reference];
    },
    // NOTE: the message names the layer digest but not the image path.
    stderr: () => [new RegExp(escape(corruptGzipLayer)), /gzip/, /re-export/],
  },
  {
    title: 'unknown transport',
    args: () => ['scan', 'docker-daemon:alpine:latest'],
    stderr: () => [/docker-daemon:alpine:latest/, /unknown transport/, /oci-archive:, oci:, docker-archive:, dir:/],
  },
  {
    title: 'inventory of missing directory',
    args: () => ['inventory', `dir:${tmp('no-such-rootfs')}`],
    stderr: () => [new RegExp(escape(tmp('no-such-rootfs'))), /not found/, /check the path/],
  },
];

const FEED_CASES: BadInputCase[] = [
  {
    title: 'truncated Alpine secdb JSON',
    args: () => {
      const document = extractMember(SECDB_SNAPSHOT, 'alpine-secdb/v3.11/main.json', tmp('secdb'));
      const truncated = tmp('truncated', 'v3.11', 'main.json');
      fs.mkdirSync(path.dirname(truncated), { recursive: true });
      const bytes = fs.readFileSync(document);
      fs.writeFileSync(truncated, bytes.subarray(0, Math.floor(bytes.length / 2)));
      return ['db', 'import', truncated];
    },
    stderr: () => [new RegExp(escape(tmp('truncated', 'v3.11', 'main.json'))), /invalid JSON/, /nothing .* was stored/, /download the file again/],
  },
  {
    title: 'UCT entry with a garbage line',
    args: () => {
      // A real tracker entry with a line that is neither a field, a status nor a continuation.
      const entry = extractMember(UCT_SNAPSHOT, 'ubuntu-cve-tracker/active/CVE-2018-18606', tmp('uct'));
      const text = fs.readFileSync(entry, 'utf8').replace(/^bionic_binutils: needed$/m, 'bionic_binutils: needed\n%%% not a tracker line %%%');
      assert.match(text, /not a tracker line/);
      const file = tmp('uct-garbage', 'active', 'CVE-2018-18606');
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, text);
      return ['db', 'import', file];
    },
    stderr: () => [new RegExp(escape(tmp('uct-garbage', 'active', 'CVE-2018-18606'))), /line \d+/, /invalid line/, /nothing .* was stored/],
  },
  {
    title: 'truncated feed snapshot',
    args: () => {
      const file = tmp('truncated-secdb.tar.gz');
      fs.writeFileSync(file, fs.readFileSync(SECDB_SNAPSHOT).subarray(0, 30000));
      return ['db', 'import', file];
    },
    stderr: () => [new RegExp(escape(tmp('truncated-secdb.tar.gz'))), /not a readable feed file|truncated|unexpected end/, /download/],
  },
  {
    title: 'nonexistent feed file',
    args: () => ['db', 'import', tmp('no-such-feed.json')],
    stderr: () => [new RegExp(escape(tmp('no-such-feed.json'))), /not found/, /check the path/],
  },
];

/** Asserts exit code 2, one `layerlens:` line on stderr matching every pattern, and no stack trace. */
function assertUserError(result: CliResult, patterns: RegExp[]): void {
  assert.equal(result.code, 2, describeResult(result));
  const lines = result.stderr.trimEnd().split('\n');
  assert.equal(lines.length, 1, `one line on stderr:\n${result.stderr}`);
  assert.match(lines[0], /^layerlens: /);
  assert.doesNotMatch(result.stderr, /\n\s+at |internal error/, 'no stack trace');
  for (const pattern of patterns) assert.match(lines[0], pattern);
}

before(async () => {
  dir = makeTempDir('bad-input');
  db = tmp('layerlens.db');

  // A store with feed records and one indexed image, so that changes would show.
  const imported = await runWithDb(db, ['db', 'import', SECDB_SNAPSHOT]);
  assert.equal(imported.code, 0, describeResult(imported));
  const indexed = await runWithDb(db, ['inventory', await writeTinyLayout('valid-layout')]);
  assert.equal(indexed.code, 0, describeResult(indexed));
});

after(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

for (const [group, cases] of [['image input', IMAGE_CASES], ['feed input', FEED_CASES]] as const) {
  describe(group, () => {
    for (const { title, args, stderr } of cases) {
      test(title, async () => {
        const fixtureArgs = await args();
        const before = storeFingerprint(db);

        const result = await runWithDb(db, fixtureArgs);
        assertUserError(result, stderr());
        assert.deepEqual(storeFingerprint(db), before, 'store rows unchanged');
      });
    }
  });
}

describe('store input', () => {
  test('--db names a file that is not SQLite', async () => {
    const notDb = tmp('notes.txt');
    fs.writeFileSync(notDb, 'shopping list: milk, eggs\n'.repeat(100));
    const digest = sha256File(notDb);
    const root = writeRootfs(tmp('empty-rootfs'), { 'etc/hostname': 'e2e\n' });

    for (const args of [['db', 'status'], ['scan', `dir:${root}`], ['db', 'import', SECDB_SNAPSHOT]]) {
      const result = await runWithDb(notDb, args);
      assertUserError(result, [new RegExp(escape(notDb)), /not a SQLite database/, /--db/]);
      assert.equal(sha256File(notDb), digest, `${args.join(' ')} left the file unchanged`);
    }
    assert.equal(fs.existsSync(`${notDb}-wal`), false, 'no write-ahead log was created');
  });

  test('failed import keeps earlier records', async () => {
    const before = await runWithDb(db, ['db', 'status', '--format', 'json']);
    const statusBefore = JSON.parse(before.stdout) as Array<{ feed: string; recordCount: number }>;
    assert.deepEqual(statusBefore.map((feed) => feed.feed), ['alpine-secdb']);
    assert.ok(statusBefore[0].recordCount > 10000);

    // The good snapshot and then a broken file in one command: each file is its own transaction.
    const broken = tmp('broken-main', 'v3.10', 'main.json');
    fs.mkdirSync(path.dirname(broken), { recursive: true });
    fs.writeFileSync(broken, '{"distroversion": "v3.10", "reponame": "main", "packages": [');
    const fingerprint = storeFingerprint(db);

    const result = await runWithDb(db, ['db', 'import', broken]);
    assertUserError(result, [new RegExp(escape(broken)), /invalid JSON/]);

    const after = await runWithDb(db, ['db', 'status', '--format', 'json']);
    assert.deepEqual(JSON.parse(after.stdout), statusBefore);
    assert.deepEqual(storeFingerprint(db), fingerprint);
  });
});
