import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { sharedPath } from '../shared.js';
import { toClairIndexReport, toClairVulnerabilityReport } from '../../src/report/clair.js';
import { bookwormScenario, LAYER_BASE, LAYER_TOP } from './findings.js';
import { deb, indexReport, record, captureLog, BOOKWORM } from '../matcher/fixtures.js';
import { matchReport } from '../../src/matcher/matcher.js';
import { createLanguageMatchers } from '../../src/ecosystems/osv/matcher.js';
import { MemoryStore } from '../fakes/memory-store.js';

type Json = Record<string, unknown>;

/** Clair's own IndexReport for debian:10, as claircore's datastore tests store it. */
function claircoreIndexReport(): Json {
  const file = sharedPath('corpus', 'claircore', 'datastore', 'postgres', 'testdata', 'docker.io-library-debian-10.index.json');
  return JSON.parse(fs.readFileSync(file, 'utf8')) as Json;
}

function firstValue(map: unknown): Json {
  return Object.values(map as Record<string, Json>)[0];
}

/** Round-trips through JSON, as a client sees the document. */
function asJson(value: unknown): Json {
  return JSON.parse(JSON.stringify(value)) as Json;
}

test('index report has Clair keys', () => {
  const clair = claircoreIndexReport();
  const ours = asJson(toClairIndexReport(indexReport(BOOKWORM, [deb('libssl3', '3.0.11-1~deb12u1', { name: 'openssl', version: '3.0.11-1~deb12u1' })])));

  assert.deepEqual(Object.keys(ours).sort(), Object.keys(clair).sort());
  assert.equal(ours.state, 'IndexFinished');
  assert.equal(ours.success, true);
  assert.equal(ours.err, '');

  // Every key Clair writes for a package, its source, a distribution and an environment is present.
  const clairPackage = firstValue(clair.packages);
  const ourPackage = firstValue(ours.packages);
  for (const key of Object.keys(clairPackage)) assert.ok(key in ourPackage, `package.${key}`);
  for (const key of Object.keys(clairPackage.source as Json)) assert.ok(key in (ourPackage.source as Json), `package.source.${key}`);
  assert.deepEqual(Object.keys(firstValue(ours.distributions)).sort(), Object.keys(firstValue(clair.distributions)).sort());

  const clairEnvironment = (firstValue(clair.environments) as unknown as Json[])[0];
  const ourEnvironment = (firstValue(ours.environments) as unknown as Json[])[0];
  assert.deepEqual(Object.keys(ourEnvironment).sort(), Object.keys(clairEnvironment).sort());
});

test('index report package fields', () => {
  const report = indexReport(BOOKWORM, [
    deb('libssl3', '3.0.11-1~deb12u1', { name: 'openssl', version: '3.0.11-1~deb12u1' }),
    deb('openssl', '3.0.11-1~deb12u1', undefined, LAYER_TOP),
    { ...deb('minimist', '1.2.0'), ecosystem: 'npm' as const, sourceName: '', sourceVersion: '', path: 'opt/a/node_modules/minimist/package.json' },
    { ...deb('minimist', '1.2.0'), ecosystem: 'npm' as const, sourceName: '', sourceVersion: '', path: 'opt/b/node_modules/minimist/package.json', layer: LAYER_TOP },
  ]);
  const ours = asJson(toClairIndexReport(report));
  const packages = ours.packages as Record<string, Json>;
  const environments = ours.environments as Record<string, Json[]>;

  // The two minimist copies fold into one package with two environments.
  assert.equal(Object.keys(packages).length, 3);
  const byName = new Map(Object.values(packages).map((pkg) => [pkg.name as string, pkg]));

  const libssl = byName.get('libssl3')!;
  assert.equal(libssl.kind, 'binary');
  assert.equal(libssl.version, '3.0.11-1~deb12u1');
  assert.equal(libssl.arch, 'amd64');
  assert.equal(libssl.package_db, 'var/lib/dpkg/status');
  const source = libssl.source as Json;
  assert.equal(source.kind, 'source');
  assert.equal(source.name, 'openssl');
  assert.equal(source.version, '3.0.11-1~deb12u1');
  // Binaries of one source share the source's id, which is not a top-level package.
  assert.equal((byName.get('openssl')!.source as Json).id, source.id);
  assert.ok(!(String(source.id) in packages));

  assert.deepEqual(environments[libssl.id as string], [
    { package_db: 'var/lib/dpkg/status', introduced_in: LAYER_BASE, distribution_id: '1', repository_ids: [] },
  ]);
  const minimist = byName.get('minimist')!;
  assert.deepEqual(
    environments[minimist.id as string].map((env) => [env.package_db, env.introduced_in, env.distribution_id]),
    [
      ['opt/a/node_modules/minimist/package.json', LAYER_BASE, ''],
      ['opt/b/node_modules/minimist/package.json', LAYER_TOP, ''],
    ],
  );

  // Language packages name their registry as claircore's language indexers do.
  assert.deepEqual(ours.repository, { '1': { id: '1', name: 'npm', key: '', uri: 'https://www.npmjs.com/', cpe: '' } });
  assert.deepEqual(environments[minimist.id as string].map((env) => env.repository_ids), [['1'], ['1']]);

  const distribution = (ours.distributions as Record<string, Json>)['1'];
  assert.deepEqual(distribution, {
    id: '1',
    did: 'debian',
    name: 'Debian GNU/Linux',
    version: '12 (bookworm)',
    version_code_name: 'bookworm',
    version_id: '12',
    arch: '',
    cpe: '',
    pretty_name: 'Debian GNU/Linux 12 (bookworm)',
  });
  for (const pkg of Object.values(packages)) {
    for (const key of ['id', 'name', 'version', 'kind', 'arch', 'package_db', 'repository_hint', 'normalized_version', 'module', 'cpe']) {
      assert.equal(typeof pkg[key], 'string', `${pkg.name as string}.${key}`);
    }
  }
});

test('vulnerability report has Clair keys', async () => {
  const { index, vulnerabilities } = await bookwormScenario();
  const ours = asJson(toClairVulnerabilityReport(index, vulnerabilities));

  assert.deepEqual(Object.keys(ours).sort(), [
    'distributions', 'enrichments', 'environments', 'manifest_hash', 'package_vulnerabilities',
    'packages', 'repository', 'vulnerabilities',
  ]);
  assert.equal(ours.manifest_hash, index.manifestDigest);
  // The scenario's npm package brings its registry.
  assert.deepEqual(Object.values(ours.repository as Record<string, Json>).map((repository) => repository.name), ['npm']);
  assert.deepEqual(ours.enrichments, {});

  const vulnerabilityMap = ours.vulnerabilities as Record<string, Json>;
  for (const [id, vulnerability] of Object.entries(vulnerabilityMap)) {
    assert.equal(vulnerability.id, id);
    for (const key of ['id', 'updater', 'name', 'description', 'issued', 'links', 'severity', 'normalized_severity', 'fixed_in_version', 'state']) {
      assert.equal(typeof vulnerability[key], 'string', `${id}.${key}`);
    }
    for (const key of ['package', 'distribution', 'repository']) {
      assert.equal(typeof vulnerability[key], 'object', `${id}.${key}`);
    }
    assert.ok(Array.isArray(vulnerability.aliases), `${id}.aliases`);
    assert.ok(!Number.isNaN(Date.parse(vulnerability.issued as string)), `${id}.issued`);
  }

  // Each package id maps to ids that exist in vulnerabilities.
  const packages = ours.packages as Record<string, Json>;
  for (const [packageId, ids] of Object.entries(ours.package_vulnerabilities as Record<string, string[]>)) {
    assert.ok(packageId in packages, packageId);
    for (const id of ids) assert.ok(id in vulnerabilityMap, id);
  }
});

test('vulnerability report content', async () => {
  const { index, vulnerabilities } = await bookwormScenario();
  const ours = asJson(toClairVulnerabilityReport(index, vulnerabilities));
  const packages = ours.packages as Record<string, Json>;
  const vulnerabilityMap = ours.vulnerabilities as Record<string, Json>;
  const packageVulnerabilities = ours.package_vulnerabilities as Record<string, string[]>;

  const idOf = (name: string) => Object.values(packages).find((pkg) => pkg.name === name)!.id as string;
  const namesFor = (name: string) => (packageVulnerabilities[idOf(name)] ?? []).map((id) => vulnerabilityMap[id].name);

  assert.deepEqual(namesFor('libssl3'), ['CVE-2023-5678']);
  assert.deepEqual(namesFor('openssl'), ['CVE-2023-5678']);
  assert.deepEqual(namesFor('libcurl4'), ['CVE-2023-38546']);
  assert.deepEqual(namesFor('zlib1g'), ['CVE-2023-45853']);
  assert.deepEqual(namesFor('bash').sort(), ['CVE-2019-18276', 'CVE-2022-3715']);
  assert.deepEqual(namesFor('minimist'), []);

  const openssl = vulnerabilityMap['debian/bookworm/openssl/CVE-2023-5678'];
  assert.equal(openssl.name, 'CVE-2023-5678');
  assert.deepEqual(openssl.aliases, ['DSA-5532-1']);
  assert.equal(openssl.state, 'fixed');
  assert.equal(openssl.fixed_in_version, '3.0.11-1~deb12u2');
  assert.equal(openssl.severity, 'medium');
  assert.equal(openssl.normalized_severity, 'Medium');
  assert.equal(openssl.issued, '2023-11-06T16:15:00Z');
  assert.equal(openssl.links, 'https://security-tracker.debian.org/tracker/CVE-2023-5678 https://www.debian.org/security/2023/dsa-5532');
  assert.equal((openssl.package as Json).name, 'openssl');
  assert.equal((openssl.distribution as Json).did, 'debian');
  assert.equal((openssl.distribution as Json).version_code_name, 'bookworm');
  assert.ok(!('version_uncomparable' in openssl));

  const curl = vulnerabilityMap['debian/bookworm/curl/CVE-2023-38546'];
  assert.equal(curl.state, 'wont-fix');
  assert.equal(curl.fixed_in_version, '');
  // Go's zero time, as Clair writes a vulnerability with no date.
  assert.equal(curl.issued, '0001-01-01T00:00:00Z');

  const unfixed = vulnerabilityMap['debian/bookworm/bash/CVE-2022-3715'];
  assert.equal(unfixed.state, 'unfixed');
  assert.equal(unfixed.severity, 'unimportant');
  assert.equal(unfixed.normalized_severity, 'Negligible');

  const uncomparable = vulnerabilityMap['debian/bookworm/bash/CVE-2019-18276'];
  assert.equal(uncomparable.version_uncomparable, true);
  assert.equal(uncomparable.fixed_in_version, 'not a version');
});

test('language vulnerability names its registry, not the distribution', async () => {
  const minimist = { ...deb('minimist', '1.2.0'), ecosystem: 'npm' as const, sourceName: '', sourceVersion: '', path: 'app/node_modules/minimist/package.json' };
  const advisory = record({
    feed: 'osv-npm',
    advisoryId: 'GHSA-vh95-rmgr-6w4m',
    cves: ['CVE-2020-7598'],
    distribution: 'npm',
    release: '',
    packageName: 'minimist',
    state: 'fixed',
    fixedVersion: '1.2.3',
    ranges: [{ type: 'SEMVER', events: [{ introduced: '1.0.0' }, { fixed: '1.2.3' }] }],
  });
  const index = indexReport(BOOKWORM, [minimist]);
  const matched = await matchReport(index, new MemoryStore([advisory]), { matchers: createLanguageMatchers(), log: captureLog().log });
  const ours = asJson(toClairVulnerabilityReport(index, matched));

  const [vulnerability] = Object.values(ours.vulnerabilities as Record<string, Json>);
  assert.equal(vulnerability.name, 'CVE-2020-7598');
  assert.equal((vulnerability.distribution as Json).did, '');
  assert.equal((vulnerability.distribution as Json).name, '');
  assert.deepEqual(vulnerability.repository, { id: '', name: 'npm', key: '', uri: 'https://www.npmjs.com/', cpe: '' });
});
