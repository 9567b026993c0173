// The updaters that the update-cycle test runs. Each case has the snapshot
// files it serves in the upstream URL layout and the records read by hand
// from those files. It also changes one file and lists the records that the
// change adds and removes.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { extract } from 'tar-stream';
import { alpineSecdbUpdater } from '../../src/ecosystems/alpine/updater.js';
import { debianDsaUpdater, debianTrackerUpdater } from '../../src/ecosystems/debian/updaters.js';
import { ubuntuUctUpdater } from '../../src/ecosystems/ubuntu/updater.js';
import { epssUpdater } from '../../src/ecosystems/epss/updater.js';
import { kevUpdater } from '../../src/ecosystems/kev/updater.js';
import { osvEcosystem } from '../../src/ecosystems/osv/ecosystems.js';
import { osvUpdater } from '../../src/ecosystems/osv/updater.js';
import { photonOvalUpdater } from '../../src/ecosystems/photon/updater.js';
import { sharedPath } from '../shared.js';
import { readZipMembers, writeStoredZip } from './zip-writer.js';
import { isEnrichment, type FeedItem } from '../../src/feeds/types.js';
import type { Updater } from '../../src/feeds/updater.js';
import type { FeedServer } from './feed-server.js';
import { ALPINE_SNAPSHOT, DEBIAN_SNAPSHOT, UBUNTU_SNAPSHOT, makeTempDir, readSnapshotMember, writeTar } from './helpers.js';

/** The file a case changed, and the keys of the records the change adds and removes. */
export interface ChangedFile {
  path: string;
  added: string[];
  removed: string[];
}

export interface AcceptanceCase {
  updater: Updater;
  /** Feeds the updater writes. */
  feeds: string[];
  /** Feed whose records the change touches. */
  changedFeed: string;
  /** Puts the upstream files on the server. */
  serve(server: FeedServer): Promise<void>;
  /** Base URL for `updaters.config.<name>.url`. */
  url(server: FeedServer): string;
  options?: Record<string, unknown>;
  /** Keys (see `keyOf`) of records the first run must store, read by hand from the served files. */
  expectedRecords: string[];
  /** Replaces one served file and returns what that adds and removes. */
  change(server: FeedServer): ChangedFile | Promise<ChangedFile>;
  /** Body served by the malformed fault. The default is the first half of the real body. */
  malformedBody?: string | Buffer;
  malformedMessage: RegExp;
  /**
   * Diff key of a record, for cases where `keyOf` includes fields that the
   * test cannot read from the file alone. The default is `keyOf`.
   */
  diffKey?(item: FeedItem): string;
}

/** Reduces a record to the fields that identify it in a diff: id, distribution, release, package, state, fixed version. */
export function keyOf(item: FeedItem): string {
  if (isEnrichment(item)) return `${item.kind}|${item.cve}`;
  return [item.advisoryId, item.distribution, item.release, item.packageName, item.state, item.fixedVersion ?? ''].join('|');
}

/** Returns every regular member of a .tar.gz whose name matches, read with tar-stream directly. */
async function tarMembers(file: string, pattern: RegExp): Promise<Map<string, Buffer>> {
  const tar = extract();
  fs.createReadStream(file).pipe(zlib.createGunzip()).pipe(tar);
  const members = new Map<string, Buffer>();
  for await (const entry of tar) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry) chunks.push(Buffer.from(chunk as Uint8Array));
    if (entry.header.type === 'file' && pattern.test(entry.header.name)) members.set(entry.header.name, Buffer.concat(chunks));
  }
  return members;
}

// Alpine secdb: `<base>/<branch>/<repo>.json`, three branches of the
// snapshot plus one that does not exist upstream (404, skipped).

interface SecdbDocument {
  packages: Array<{ pkg: { name: string; secfixes?: Record<string, string[] | null> } }>;
}

const ALPINE_MAIN = '/alpine/v3.11/main.json';
const PLAIN_CVE = /^CVE-\d{4}-\d+$/;

let alpineExpected: string[] = [];

const alpineCase: AcceptanceCase = {
  updater: alpineSecdbUpdater,
  feeds: ['alpine-secdb'],
  changedFeed: 'alpine-secdb',
  options: { branches: ['v3.9', 'v3.10', 'v3.11', 'v3.99'], repos: ['main', 'community'] },
  get expectedRecords() {
    return alpineExpected;
  },
  async serve(server) {
    const members = await tarMembers(ALPINE_SNAPSHOT, /^alpine-secdb\/v3\.(9|10|11)\/(main|community)\.json$/);
    for (const [name, body] of members) server.set(name.replace(/^alpine-secdb/, '/alpine'), body, { contentType: 'application/json' });

    // The first plain CVE id of the first package with a fix, read from the document.
    const document = JSON.parse(server.content(ALPINE_MAIN)!.toString()) as SecdbDocument;
    const found = firstPlainFix(document);
    alpineExpected = [`${found.id}|alpine|v3.11|${found.name}|fixed|${found.version}`];
  },
  url: (server) => `${server.url}/alpine`,
  change(server) {
    const document = JSON.parse(server.content(ALPINE_MAIN)!.toString()) as SecdbDocument;

    // Remove one id that the package lists once under that version, and add a new fix version with a new id.
    const removed = firstPlainFix(document);
    const ids = document.packages[removed.index]!.pkg.secfixes![removed.version]!;
    ids.splice(ids.indexOf(removed.id), 1);
    const target = document.packages[removed.index]!.pkg;
    target.secfixes!['99.0.0-r0'] = ['CVE-2099-0001'];

    server.set(ALPINE_MAIN, JSON.stringify(document, null, 2), { contentType: 'application/json' });
    return {
      path: ALPINE_MAIN,
      added: [`CVE-2099-0001|alpine|v3.11|${target.name}|fixed|99.0.0-r0`],
      removed: [`${removed.id}|alpine|v3.11|${removed.name}|fixed|${removed.version}`],
    };
  },
  malformedMessage: /invalid JSON/,
};

/** Returns the first package and fix version (other than `0`, never affected) listing a plain CVE id exactly once. */
function firstPlainFix(document: SecdbDocument): { index: number; name: string; version: string; id: string } {
  for (const [index, { pkg }] of document.packages.entries()) {
    for (const [version, ids] of Object.entries(pkg.secfixes ?? {})) {
      if (version === '0' || !ids) continue;
      const id = ids.find((candidate) => PLAIN_CVE.test(candidate) && ids.filter((other) => other.startsWith(candidate)).length === 1);
      if (id) return { index, name: pkg.name, version, id };
    }
  }
  throw new Error('no package with a plain CVE fix in the document');
}

// Debian DSA list: `<salsa raw>/data/DSA/list`, the whole file as one URL.

const DSA_PATH = '/security-tracker-team/security-tracker/-/raw/master/data/DSA/list';

const ADVISORY_HEADER = /^\[\d{2} [A-Z][a-z]{2} \d{4}\] (DSA-\d+-\d+) /;
const RELEASE_WITH_VERSION = /^\t\[([a-z]+)\] - (\S+) ([0-9][^\s]*)$/;

/** Splits the list into advisory blocks (the header line and its indented lines), read with regular expressions. */
function advisoryBlocks(text: string): Array<{ id: string; lines: string[] }> {
  const blocks: Array<{ id: string; lines: string[] }> = [];
  for (const line of text.split('\n')) {
    const header = ADVISORY_HEADER.exec(line);
    if (header) blocks.push({ id: header[1]!, lines: [line] });
    else if (line !== '') blocks.at(-1)?.lines.push(line);
  }
  return blocks;
}

/** Returns the keys of the fixed records of a block whose release lines all carry a version. */
function blockKeys(block: { id: string; lines: string[] }): string[] {
  return block.lines
    .map((line) => RELEASE_WITH_VERSION.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map((match) => `${block.id}|debian|${match[1]}|${match[2]}|fixed|${match[3]}`);
}

let dsaExpected: string[] = [];

const dsaCase: AcceptanceCase = {
  updater: debianDsaUpdater,
  feeds: ['debian-dsa'],
  changedFeed: 'debian-dsa',
  get expectedRecords() {
    return dsaExpected;
  },
  async serve(server) {
    const list = await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/data/DSA/list');
    server.set(DSA_PATH, list, { contentType: 'text/plain' });
    dsaExpected = blockKeys(advisoryBlocks(list.toString())[0]!);
  },
  url: (server) => `${server.url}${DSA_PATH}`,
  change(server) {
    const text = server.content(DSA_PATH)!.toString();
    const [first] = advisoryBlocks(text);
    const withoutFirst = text.slice(text.indexOf('\n[', text.indexOf(first!.lines[0]!)) + 1);
    const added = '[01 May 2023] DSA-9999-1 layerlens-test - security update\n\t{CVE-2099-0002}\n\t[bookworm] - layerlens-test 1.2-3\n';

    server.set(DSA_PATH, added + withoutFirst, { contentType: 'text/plain' });
    return {
      path: DSA_PATH,
      added: ['DSA-9999-1|debian|bookworm|layerlens-test|fixed|1.2-3'],
      removed: blockKeys(first!),
    };
  },
  malformedBody: 'this is not an advisory list\n',
  malformedMessage: /expected an advisory header/,
};

// OSV: `<base>/npm/all.zip`, the GHSA npm subset. OSV records map to
// several records with ranges, so the diff is compared by id and package.

const OSV_ZIP = sharedPath('feeds', 'npm.ghsa-subset.osv.zip');
const OSV_PATH = '/osv/npm/all.zip';

interface OsvDocument {
  id: string;
  withdrawn?: string;
  affected?: Array<{ package?: { ecosystem: string; name: string } }>;
}

let osvExpected: string[] = [];

const NEW_OSV_RECORD = {
  schema_version: '1.4.0',
  id: 'GHSA-test-0000-0001',
  modified: '2026-01-02T00:00:00Z',
  published: '2026-01-01T00:00:00Z',
  aliases: ['CVE-2099-0003'],
  summary: 'Test advisory added by the update-cycle test',
  affected: [{ package: { ecosystem: 'npm', name: 'layerlens-test' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1.0.1' }] }] }],
};

const osvCase: AcceptanceCase = {
  updater: osvUpdater(osvEcosystem('npm')!),
  feeds: ['osv-npm'],
  changedFeed: 'osv-npm',
  get expectedRecords() {
    return osvExpected;
  },
  async serve(server) {
    server.setFile(OSV_PATH, OSV_ZIP, { contentType: 'application/zip' });
    const [first] = singlePackageRecords(await readZipMembers(OSV_ZIP));
    osvExpected = [first!.key];
  },
  url: (server) => `${server.url}/osv`,
  diffKey: (item) => (isEnrichment(item) ? item.cve : `${item.advisoryId}|${item.packageName}`),
  async change(server) {
    const members = await readZipMembers(OSV_ZIP);
    const removed = singlePackageRecords(members)[1]!;
    members.delete(removed.member);
    members.set('GHSA-test-0000-0001.json', Buffer.from(JSON.stringify(NEW_OSV_RECORD, null, 2)));

    server.set(OSV_PATH, writeStoredZip(members), { contentType: 'application/zip' });
    return { path: OSV_PATH, added: ['GHSA-test-0000-0001|layerlens-test'], removed: [removed.key] };
  },
  malformedMessage: /not a readable feed file|zip/i,
};

/** Records that affect exactly one npm package, read from the zip with JSON.parse, keyed by id and package. */
function singlePackageRecords(members: Map<string, Buffer>): Array<{ member: string; key: string }> {
  const found: Array<{ member: string; key: string }> = [];
  for (const [member, bytes] of members) {
    const document = JSON.parse(bytes.toString('utf8')) as OsvDocument;
    const packages = (document.affected ?? []).map((entry) => entry.package).filter((pkg) => pkg?.ecosystem === 'npm');
    if (document.withdrawn || packages.length !== 1 || document.affected!.length !== 1) continue;
    found.push({ member, key: `${document.id}|${packages[0]!.name}` });
  }
  return found;
}

// CISA KEV: one JSON document. Its records are enrichments keyed by CVE.

const KEV_PATH = '/sites/default/files/feeds/known_exploited_vulnerabilities.json';

interface KevCatalog {
  vulnerabilities: Array<Record<string, unknown> & { cveID: string }>;
}

let kevExpected: string[] = [];

const kevCase: AcceptanceCase = {
  updater: kevUpdater(),
  feeds: ['kev'],
  changedFeed: 'kev',
  get expectedRecords() {
    return kevExpected;
  },
  async serve(server) {
    const catalog = zlib.gunzipSync(fs.readFileSync(sharedPath('feeds', 'known_exploited_vulnerabilities.json.gz')));
    server.set(KEV_PATH, catalog, { contentType: 'application/json' });
    const parsed = JSON.parse(catalog.toString('utf8')) as KevCatalog;
    kevExpected = [`kev|${parsed.vulnerabilities[0]!.cveID}`];
  },
  url: (server) => `${server.url}${KEV_PATH}`,
  change(server) {
    const catalog = JSON.parse(server.content(KEV_PATH)!.toString('utf8')) as KevCatalog;
    const [removed] = catalog.vulnerabilities.splice(1, 1);
    catalog.vulnerabilities.unshift({ ...removed!, cveID: 'CVE-2099-0004', dateAdded: '2026-01-02' });

    server.set(KEV_PATH, JSON.stringify(catalog), { contentType: 'application/json' });
    return { path: KEV_PATH, added: ['kev|CVE-2099-0004'], removed: [`kev|${removed!.cveID}`] };
  },
  malformedMessage: /JSON/,
};

// Debian security tracker JSON: `<host>/tracker/data/json`, the excerpt of
// the snapshot. Records are compared by CVE and source package.

const TRACKER_PATH = '/tracker/data/json';

type TrackerDocument = Record<string, Record<string, unknown>>;

let trackerExpected: string[] = [];

const trackerCase: AcceptanceCase = {
  updater: debianTrackerUpdater,
  feeds: ['debian-tracker'],
  changedFeed: 'debian-tracker',
  get expectedRecords() {
    return trackerExpected;
  },
  async serve(server) {
    const json = await readSnapshotMember(DEBIAN_SNAPSHOT, 'debian-security-tracker/sample-json/tracker-data-json-excerpt.json');
    server.set(TRACKER_PATH, json, { contentType: 'application/json' });
    const document = JSON.parse(json.toString('utf8')) as TrackerDocument;
    const [pkg] = Object.keys(document);
    trackerExpected = [`${Object.keys(document[pkg!]!)[0]}|${pkg}`];
  },
  url: (server) => `${server.url}${TRACKER_PATH}`,
  diffKey: (item) => (isEnrichment(item) ? item.cve : `${item.advisoryId}|${item.packageName}`),
  change(server) {
    const document = JSON.parse(server.content(TRACKER_PATH)!.toString('utf8')) as TrackerDocument;
    const [pkg] = Object.keys(document);
    const cves = document[pkg!]!;
    const [removed] = Object.keys(cves);
    delete cves[removed!];
    cves['CVE-2099-0007'] = {
      scope: 'remote',
      description: 'Test entry added by the update-cycle test',
      releases: { bookworm: { status: 'resolved', repositories: { bookworm: '1.0-1' }, fixed_version: '1.0-1', urgency: 'low' } },
    };

    server.set(TRACKER_PATH, JSON.stringify(document), { contentType: 'application/json' });
    return { path: TRACKER_PATH, added: [`CVE-2099-0007|${pkg}`], removed: [`${removed}|${pkg}`] };
  },
  malformedMessage: /invalid JSON/,
};

// Ubuntu CVE tracker: the git snapshot tarball, rebuilt from part of the
// snapshot. Records are compared by CVE id. The updater must not read a
// CVE added under `retired/`.

const UCT_PATH = '/ubuntu-cve-tracker/snapshot/ubuntu-cve-tracker-master.tar.gz';

const NEW_UCT_FILE = [
  'Candidate: CVE-2099-0005',
  'PublicDate: 2026-01-01 00:00:00 UTC',
  'References:',
  'Description:',
  ' Test entry added by the update-cycle test.',
  'Priority: medium',
  '',
  'Patches_layerlens-test:',
  'upstream_layerlens-test: released (1.0.1)',
  'bionic_layerlens-test: released (1.0.1-0ubuntu1)',
  '',
].join('\n');

let uctExpected: string[] = [];
let uctMembers = new Map<string, Buffer>();

/** Number of the snapshot's active files in the served tarball: enough for every step, small enough to store quickly. */
const UCT_FILES = 400;

/** Returns the snapshot's first UCT_FILES active files and the tracker's `00boilerplate` template, which the parser must skip. */
async function uctSubset(): Promise<Map<string, Buffer>> {
  const all = await tarMembers(UBUNTU_SNAPSHOT, /\/active\//);
  const cveFiles = [...all].filter(([name]) => /\/CVE-/.test(name)).slice(0, UCT_FILES);
  const boilerplate = [...all].filter(([name]) => name.endsWith('/00boilerplate'));
  return new Map([...boilerplate, ...cveFiles]);
}

async function serveTar(server: FeedServer, urlPath: string, members: Map<string, Buffer>): Promise<void> {
  const dir = makeTempDir();
  try {
    const file = await writeTar(path.join(dir, 'snapshot.tar.gz'), [...members].map(([name, content]) => ({ name, content })));
    server.setFile(urlPath, file, { contentType: 'application/gzip' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const uctCase: AcceptanceCase = {
  updater: ubuntuUctUpdater,
  feeds: ['ubuntu-uct'],
  changedFeed: 'ubuntu-uct',
  get expectedRecords() {
    return uctExpected;
  },
  async serve(server) {
    uctMembers = await uctSubset();
    await serveTar(server, UCT_PATH, uctMembers);
    uctExpected = [firstReleasedCve(uctMembers)!.id];
  },
  url: (server) => `${server.url}${UCT_PATH}`,
  diffKey: (item) => (isEnrichment(item) ? item.cve : item.advisoryId),
  async change(server) {
    const members = new Map(uctMembers);
    const removed = firstReleasedCve(members)!;
    members.delete(removed.member);
    members.set('ubuntu-cve-tracker/active/CVE-2099-0005', Buffer.from(NEW_UCT_FILE));
    members.set('ubuntu-cve-tracker/retired/CVE-2099-0006', Buffer.from(NEW_UCT_FILE.replace('CVE-2099-0005', 'CVE-2099-0006')));

    await serveTar(server, UCT_PATH, members);
    return { path: UCT_PATH, added: ['CVE-2099-0005'], removed: [removed.id] };
  },
  malformedMessage: /not a readable feed file/,
};

/** Returns the first active CVE file with a `released (version)` line, which the tracker states as fixed. */
function firstReleasedCve(members: Map<string, Buffer>): { member: string; id: string } | undefined {
  for (const [member, bytes] of members) {
    const match = /\/active\/(CVE-\d{4}-\d+)$/.exec(member);
    if (match && /^[a-z]+_[^:\s]+: released \(/m.test(bytes.toString('utf8'))) return { member, id: match[1]! };
  }
  return undefined;
}

// Photon OVAL: `<base>/com.vmware.phsa-photon<N>.xml.gz`, an XML feed read
// with a streaming parser. Release 4 has no document here (404, skipped).
// Records are compared by PHSA id and package.

const PHOTON_PATH = '/photon/com.vmware.phsa-photon3.xml.gz';
const DEFINITION = /    <definition class="patch"[\s\S]*?<\/definition>\n/;

/**
 * Returns the keys of one definition. Each key pairs the PHSA id in its title
 * with a package that its "is earlier than" criteria name.
 */
function definitionKeys(block: string, id?: string): string[] {
  const advisory = id ?? /<title>(PHSA-\S+)/.exec(block)![1]!;
  const packages = [...block.matchAll(/criterion comment="(\S+) is earlier than/g)].map((match) => match[1]!);
  return packages.map((name) => `${advisory}|${name}`);
}

let photonExpected: string[] = [];

const photonCase: AcceptanceCase = {
  updater: photonOvalUpdater,
  feeds: ['photon-oval'],
  changedFeed: 'photon-oval',
  options: { releases: ['3', '4'] },
  get expectedRecords() {
    return photonExpected;
  },
  async serve(server) {
    server.setFile(PHOTON_PATH, sharedPath('feeds', 'com.vmware.phsa-photon3.xml.gz'), { contentType: 'application/gzip' });
    const xml = zlib.gunzipSync(server.content(PHOTON_PATH)!).toString('utf8');
    photonExpected = definitionKeys(DEFINITION.exec(xml)![0]);
  },
  url: (server) => `${server.url}/photon`,
  diffKey: (item) => (isEnrichment(item) ? item.cve : `${item.advisoryId}|${item.packageName}`),
  change(server) {
    const xml = zlib.gunzipSync(server.content(PHOTON_PATH)!).toString('utf8');
    const removed = DEFINITION.exec(xml)![0];

    // The new definition reuses the removed one's criteria, so its tests, objects and states already exist.
    const added = removed
      .replace(/<title>PHSA-\S+/, '<title>PHSA-2099:00001')
      .replace(/id="oval:com\.vmware\.phsa:def:\d+"/, 'id="oval:com.vmware.phsa:def:2099300001"');
    const changed = xml.replace(removed, '').replace('  <definitions>\n', `  <definitions>\n${added}`);

    server.set(PHOTON_PATH, zlib.gzipSync(changed), { contentType: 'application/gzip' });
    return { path: PHOTON_PATH, added: definitionKeys(added, 'PHSA-2099:00001'), removed: definitionKeys(removed) };
  },
  malformedBody: zlib.gzipSync('<?xml version="1.0"?>\n<oval_definitions><definitions><definition class="patch" id="x"><metadata>\n</definitions>\n'),
  malformedMessage: /XML|xml/,
};

// FIRST EPSS: one gzip-compressed CSV with a model line, a header and one
// row per CVE. Its records are enrichments keyed by CVE.

const EPSS_PATH = '/epss_scores-current.csv.gz';

let epssExpected: string[] = [];

const epssCase: AcceptanceCase = {
  updater: epssUpdater(),
  feeds: ['epss'],
  changedFeed: 'epss',
  get expectedRecords() {
    return epssExpected;
  },
  async serve(server) {
    const csv = fs.readFileSync(sharedPath('feeds', 'epss-scores-sample.csv'));
    server.set(EPSS_PATH, zlib.gzipSync(csv), { contentType: 'application/gzip' });
    const firstRow = csv.toString('utf8').split('\n')[2]!;
    epssExpected = [`epss|${firstRow.split(',')[0]}`];
  },
  url: (server) => `${server.url}${EPSS_PATH}`,
  change(server) {
    const lines = zlib.gunzipSync(server.content(EPSS_PATH)!).toString('utf8').split('\n');
    // Lines 0 and 1 are the model line and the header; drop the second row and add a CVE.
    const [removed] = lines.splice(3, 1);
    lines.splice(2, 0, 'CVE-2099-0008,0.50000,0.90000');

    server.set(EPSS_PATH, zlib.gzipSync(lines.join('\n')), { contentType: 'application/gzip' });
    return { path: EPSS_PATH, added: ['epss|CVE-2099-0008'], removed: [`epss|${removed!.split(',')[0]}`] };
  },
  malformedBody: zlib.gzipSync('#model_version:v2023.03.01,score_date:2024-10-25T00:00:00+0000\ncve,epss,percentile\nCVE-2024-0001,not-a-number,0.5\n'),
  malformedMessage: /line 3: epss must be a number from 0 to 1, found "not-a-number"/,
};

export const ACCEPTANCE_CASES: AcceptanceCase[] = [alpineCase, dsaCase, trackerCase, uctCase, osvCase, kevCase, epssCase, photonCase];
