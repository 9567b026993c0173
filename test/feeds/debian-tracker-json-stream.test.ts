// Streaming of the Debian security tracker JSON one source package at a
// time: memory use on a generated export larger than 100 MB, the per-member
// cap, malformed documents, and the real excerpt read in small chunks.
import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';
import { UserError } from '../../src/errors.js';
import { streamJsonObject, type ObjectMember } from '../../src/feeds/json-array-stream.js';
import type { VulnerabilityRecord } from '../../src/feeds/types.js';
import { debianTrackerJsonParser } from '../../src/ecosystems/debian/tracker-json.js';
import { repoRoot } from '../shared.js';
import { DEBIAN_SNAPSHOT, makeTempDir, readSnapshotMember } from './helpers.js';

const EXCERPT_MEMBER = 'debian-security-tracker/sample-json/tracker-data-json-excerpt.json';

const GENERATED_PACKAGES = 50_000;
const CVES_PER_PACKAGE = 3;
const RELEASES = ['buster', 'bullseye', 'bookworm', 'sid'];

describe('Debian tracker JSON streaming', () => {
  let excerpt: Buffer;

  before(async () => {
    excerpt = await readSnapshotMember(DEBIAN_SNAPSHOT, EXCERPT_MEMBER);
  });

  test('bounded memory on 100 MB export', async () => {
    const dir = makeTempDir();
    try {
      const file = path.join(dir, 'json');
      const documentBytes = await writeGeneratedExport(file);
      assert.ok(documentBytes > 100 * 1024 * 1024, `generated export is ${documentBytes} bytes`);

      const measured = await parseInChild(file);

      // Every generated release is resolved with a fixed version, so each gives one record.
      assert.equal(measured.records, GENERATED_PACKAGES * CVES_PER_PACKAGE * RELEASES.length);
      // Reading the whole export at once keeps its bytes and its decoded text
      // (each about the document's size) before parsing starts, and the parsed
      // objects do not fit the child's 96 MiB heap. One package at a time
      // stays far below that.
      const growth = measured.maxRssAfter - measured.maxRssBefore;
      assert.ok(growth < documentBytes / 2, `peak RSS grew by ${growth} bytes for a ${documentBytes}-byte export`);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('any chunking gives same records', async () => {
    const whole = await parseRecords(Readable.from([excerpt]));
    const smallChunks = await parseRecords(Readable.from(chunksOf(excerpt, 7)));
    const minified = await parseRecords(Readable.from([Buffer.from(JSON.stringify(JSON.parse(excerpt.toString('utf8'))))]));

    // Counted by hand in the excerpt: prototypejs 2 CVEs x 4 releases, txt2man 4,
    // backupninja 4, chromium 5, sope 4, chromium-browser none.
    assert.equal(whole.length, 25);
    assert.deepEqual(smallChunks, whole);
    assert.deepEqual(minified, whole);

    const packages = [...new Set(whole.map((record) => record.packageName))];
    assert.deepEqual(packages, ['prototypejs', 'txt2man', 'backupninja', 'chromium', 'sope']);
  });

  test('object members across chunk borders', async () => {
    const text = '{"a": {"x": [1, "}]"]}, "b\\"{": [{"s": "q\\"}{"}], "c": "end", "d": 4, "e": null}';
    // One character per chunk puts every border inside strings, escapes and nesting.
    const members = await collectMembers(Readable.from([...text].map((char) => Buffer.from(char))), 100);

    assert.deepEqual(members, [
      { key: 'a', value: { x: [1, '}]'] } },
      { key: 'b"{', value: [{ s: 'q"}{' }] },
      { key: 'c', value: 'end' },
      { key: 'd', value: 4 },
      { key: 'e', value: null },
    ]);
  });

  test('member cap applies to each member', async () => {
    const member = `{"CVE-2024-0001": {"releases": {"sid": {"status": "open", "description": "${'x'.repeat(200)}"}}}}`;
    const manyMembers = `{${Array.from({ length: 100 }, (_, i) => `"pkg${i}": ${member}`).join(',\n')}}`;

    // The document is more than 100 times the cap, but no single member reaches it.
    const members = await collectMembers(Readable.from(chunksOf(Buffer.from(manyMembers), 64)), member.length);
    assert.equal(members.length, 100);

    const oversized = `{"small": {}, "big": {"d": "${'y'.repeat(300)}"}, "after": {}}`;
    await assertInvalidFeed(collectMembers(Readable.from([oversized]), 200), /tracker\.json at "big"/, /member larger than 200 characters/);
  });

  test('truncated export names the file and line', async () => {
    const truncated = excerpt.subarray(0, 3000);
    const lines = truncated.toString('utf8').split('\n').length;

    await assertInvalidFeed(parseRecords(Readable.from([truncated])), new RegExp(`tracker\\.json line ${lines}: invalid JSON`), /truncated/);
  });

  test('malformed package names the file and package', async () => {
    const text = '{"good": {},\n"openssl": {"CVE-2024-0001": {"releases": {,}}}}';

    await assertInvalidFeed(parseRecords(Readable.from([text])), /tracker\.json member "openssl" \(from line 2\)/, /invalid JSON/);
  });

  test('wrong package shape names the package', async () => {
    await assertInvalidFeed(parseRecords(Readable.from(['{"openssl": ["CVE-2024-0001"]}'])), /tracker\.json at openssl: expected an object keyed by CVE id/);
  });

  test('non-object top level is rejected', async () => {
    for (const text of ['[1, 2]', '"json"', '']) {
      const patterns = text === '' ? [/truncated/] : [/tracker\.json at the top level/, /expected an object keyed by source package/];
      await assertInvalidFeed(parseRecords(Readable.from([text])), ...patterns);
    }
    await assertInvalidFeed(collectMembers(Readable.from(['[{}]']), 100), /tracker\.json line 1: invalid JSON: not a JSON object/);
  });
});

/** Writes a tracker export of GENERATED_PACKAGES source packages and returns its size in bytes. */
async function writeGeneratedExport(file: string): Promise<number> {
  const out = fs.createWriteStream(file);
  const description = 'Buffer overflow in the demo parser allows remote attackers to execute arbitrary code via a crafted file. '.repeat(3);

  out.write('{');
  for (let p = 0; p < GENERATED_PACKAGES; p++) {
    const issues: Record<string, unknown> = {};
    for (let c = 0; c < CVES_PER_PACKAGE; c++) {
      const releases: Record<string, unknown> = {};
      for (const codename of RELEASES) {
        releases[codename] = { status: 'resolved', repositories: { [codename]: `1.${c}-${p}` }, fixed_version: `1.${c}-${p}`, urgency: 'medium' };
      }
      issues[`CVE-2024-${String(p * CVES_PER_PACKAGE + c).padStart(6, '0')}`] = { description, scope: 'local', debianbug: 100000 + p, releases };
    }
    const text = `${p === 0 ? '' : ','}\n  ${JSON.stringify(`package-${p}`)}: ${JSON.stringify(issues, null, 2)}`;
    if (!out.write(text)) await new Promise<void>((resolve) => out.once('drain', () => resolve()));
  }
  out.end('\n}\n');
  await finished(out);

  return fs.statSync(file).size;
}

interface ChildMeasurement {
  records: number;
  maxRssBefore: number;
  maxRssAfter: number;
}

/**
 * Parses `file` in a fresh Node process with a 96 MiB heap limit, so a parser
 * that keeps the whole export in memory fails, and returns its record count and its
 * peak RSS in bytes before and after parsing.
 */
async function parseInChild(file: string): Promise<ChildMeasurement> {
  const parserUrl = pathToFileURL(path.join(repoRoot, 'dist', 'src', 'ecosystems', 'debian', 'tracker-json.js')).href;
  const script = `
    import fs from 'node:fs';
    const { debianTrackerJsonParser } = await import(${JSON.stringify(parserUrl)});
    const file = process.argv[1];
    const maxRssBefore = process.resourceUsage().maxRSS * 1024;
    let records = 0;
    for await (const record of debianTrackerJsonParser.parse({ name: 'json', open: () => fs.createReadStream(file) })) records++;
    const maxRssAfter = process.resourceUsage().maxRSS * 1024;
    process.stdout.write(JSON.stringify({ records, maxRssBefore, maxRssAfter }));
  `;
  const { stdout } = await promisify(execFile)(process.execPath, ['--max-old-space-size=96', '--input-type=module', '-e', script, file], {
    env: { ...process.env, LAYERLENS_LOG_LEVEL: 'silent' },
    maxBuffer: 1024 * 1024,
  });
  return JSON.parse(stdout) as ChildMeasurement;
}

async function parseRecords(input: Readable): Promise<VulnerabilityRecord[]> {
  const records: VulnerabilityRecord[] = [];
  for await (const item of debianTrackerJsonParser.parse({ name: 'tracker.json', open: () => input })) records.push(item as VulnerabilityRecord);
  return records;
}

async function collectMembers(input: Readable, maxMemberChars: number): Promise<ObjectMember[]> {
  const members: ObjectMember[] = [];
  for await (const member of streamJsonObject(input, 'tracker.json', maxMemberChars)) members.push(member);
  return members;
}

function chunksOf(buffer: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let offset = 0; offset < buffer.length; offset += size) chunks.push(buffer.subarray(offset, offset + size));
  return chunks;
}

async function assertInvalidFeed(promise: Promise<unknown>, ...patterns: RegExp[]): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(err instanceof UserError, `expected a UserError, got ${String(err)}`);
    assert.equal(err.code, 'INVALID_FEED');
    for (const pattern of patterns) assert.match(err.message, pattern);
    return true;
  });
}
