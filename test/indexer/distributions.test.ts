import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { sharedPath } from '../shared.js';
import { parseTxtar } from './txtar.js';
import { OsReleaseScanner } from '../../src/indexer/osrelease.js';
import { distributionFromRedHatStyleRelease, distributionFromSuseRelease } from '../../src/indexer/rpm-release-files.js';
import { feedRelease } from '../../src/indexer/distribution-release.js';
import type { Distribution, LayerFile } from '../../src/indexer/types.js';

const releaseFilesDir = (...parts: string[]): string => sharedPath('corpus', 'claircore', 'rhel', 'testdata', 'releasefiles', ...parts);

function layerFiles(files: Record<string, string>): LayerFile[] {
  return Object.entries(files).map(([p, text]) => ({ path: p, contents: Buffer.from(text) }));
}

type Expected = Pick<Distribution, 'did' | 'versionId'> & Partial<Distribution> & { release: string | undefined };

function assertExpected(actual: Distribution | undefined, expected: Expected, where: string): void {
  assert.ok(actual, `${where}: no distribution found`);
  const { release, ...fields } = expected;
  for (const [key, value] of Object.entries(fields)) {
    assert.equal(actual[key as keyof Distribution], value, `${where}: ${key}`);
  }
  assert.equal(feedRelease(actual), release, `${where}: feed release`);
}

// redhat-release alone, as an image without os-release would carry it; values read by hand.
const REDHAT_RELEASE: Record<string, Expected> = {
  '7': { did: 'rhel', versionId: '7.4', name: 'Red Hat Enterprise Linux Server', version: '7.4 (Maipo)', release: '7' },
  '8': { did: 'rhel', versionId: '8.1', name: 'Red Hat Enterprise Linux Server', version: '8.1 (Ootpa)', release: '8' },
  '9': { did: 'rhel', versionId: '9.0', name: 'Red Hat Enterprise Linux', prettyName: 'Red Hat Enterprise Linux release 9.0 (Plow)', release: '9' },
  'atomichost-7': { did: 'rhel', versionId: '7.9', name: 'Red Hat Enterprise Linux Atomic Host', version: '7.9', release: '7' },
  'oracle-6': { did: 'rhel', versionId: '6.10', version: '6.10 (Santiago)', release: '6' },
  'oracle-7': { did: 'rhel', versionId: '7.9', release: '7' },
  'oracle-8': { did: 'rhel', versionId: '8.9', name: 'Red Hat Enterprise Linux', release: '8' },
  'oracle-9': { did: 'rhel', versionId: '9.3', release: '9' },
};

test('redhat-release of each corpus release', () => {
  for (const [dir, expected] of Object.entries(REDHAT_RELEASE)) {
    const text = readFileSync(releaseFilesDir(dir, 'etc', 'redhat-release'), 'utf8');
    assertExpected(distributionFromRedHatStyleRelease(text), expected, dir);
  }
});

// Whole release directories through the scanner: os-release where present,
// else oracle-release, which Oracle Linux writes beside redhat-release.
const RELEASE_DIRECTORIES: Record<string, Expected> = {
  '7': { did: 'rhel', versionId: '7.7', cpe: 'cpe:/o:redhat:enterprise_linux:7.7:GA:server', release: '7' },
  '8': { did: 'rhel', versionId: '8.1', release: '8' },
  '9': { did: 'rhel', versionId: '9.0', release: '9' },
  'atomichost-7': { did: 'rhel', versionId: '7.9', release: '7' },
  hummingbird: { did: 'hummingbird', versionId: '20251124', cpe: 'cpe:/a:redhat:hummingbird:1', release: undefined },
  'oracle-6': { did: 'ol', versionId: '6.10', release: '6' },
  'oracle-7': { did: 'ol', versionId: '7.9', release: '7' },
  'oracle-8': { did: 'ol', versionId: '8.9', release: '8' },
  'oracle-9': { did: 'ol', versionId: '9.3', release: '9' },
};

test('release directories and feed releases', () => {
  assert.deepEqual(readdirSync(releaseFilesDir()).sort(), Object.keys(RELEASE_DIRECTORIES).sort(), 'every corpus directory has an expected row');

  for (const [dir, expected] of Object.entries(RELEASE_DIRECTORIES)) {
    const files: LayerFile[] = readdirSync(releaseFilesDir(dir, 'etc')).map((name) => ({
      path: `etc/${name}`,
      contents: readFileSync(releaseFilesDir(dir, 'etc', name)),
    }));
    assertExpected(new OsReleaseScanner().scan(files).distribution, expected, dir);
  }
});

// Feed releases of the os-release samples with claircore's expected parse.
const TXTAR_RELEASES: Record<string, string | undefined> = {
  Alpine: undefined,
  Bionic: undefined,
  Buster: undefined,
  DistrolessCorrupt: undefined,
  DistrolessValid: undefined,
  EmptyKey: '30',
  OpenSUSe: '15.1',
  Silverblue: '30',
  Toolbox: '30',
  Ubi8: '8',
  Vyos: undefined,
};

test('feed releases of os-release samples', () => {
  const dir = sharedPath('corpus', 'claircore', 'osrelease', 'testdata');
  for (const [name, release] of Object.entries(TXTAR_RELEASES)) {
    const archive = parseTxtar(readFileSync(path.join(dir, `${name}.txtar`), 'utf8'));
    const osRelease = archive.find((file) => file.name === 'os-release');
    assert.ok(osRelease, name);

    const distribution = new OsReleaseScanner().scan(layerFiles({ 'etc/os-release': osRelease.data })).distribution;
    assert.ok(distribution, name);
    assert.equal(feedRelease(distribution), release, name);
  }
});

// Release files of distributions that the test corpus lacks. Each row lists
// the release files of one image.
// NOTE: these were typed from the distributions' published release files,
// not extracted from the images, so lines that no field reads may differ.
const IMAGES: Array<{ image: string; files: Record<string, string>; expected: Expected; source: string }> = [
  {
    image: 'amazonlinux:1 (2018.03)',
    files: {
      'etc/os-release': 'NAME="Amazon Linux AMI"\nVERSION="2018.03"\nID="amzn"\nID_LIKE="rhel fedora"\nVERSION_ID="2018.03"\nPRETTY_NAME="Amazon Linux AMI 2018.03"\nANSI_COLOR="0;33"\nCPE_NAME="cpe:/o:amazon:linux:2018.03:ga"\nHOME_URL="http://aws.amazon.com/amazon-linux-ami/"\n',
      'etc/system-release': 'Amazon Linux AMI release 2018.03\n',
      'etc/system-release-cpe': 'cpe:/o:amazon:linux:2018.03:ga\n',
    },
    expected: { did: 'amzn', versionId: '2018.03', cpe: 'cpe:/o:amazon:linux:2018.03:ga', release: '2018.03' },
    source: 'etc/os-release',
  },
  {
    image: 'amazonlinux:1 without os-release',
    files: {
      'etc/system-release': 'Amazon Linux AMI release 2018.03\n',
      'etc/system-release-cpe': 'cpe:/o:amazon:linux:2018.03:ga\n',
    },
    expected: { did: 'amzn', versionId: '2018.03', name: 'Amazon Linux AMI', cpe: 'cpe:/o:amazon:linux:2018.03:ga', release: '2018.03' },
    source: 'etc/system-release',
  },
  {
    image: 'amazonlinux:2',
    files: {
      'etc/os-release': 'NAME="Amazon Linux"\nVERSION="2"\nID="amzn"\nID_LIKE="centos rhel fedora"\nVERSION_ID="2"\nPRETTY_NAME="Amazon Linux 2"\nANSI_COLOR="0;33"\nCPE_NAME="cpe:2.3:o:amazon:amazon_linux:2"\nHOME_URL="https://amazonlinux.com/"\n',
      'etc/system-release': 'Amazon Linux release 2 (Karoo)\n',
    },
    expected: { did: 'amzn', versionId: '2', prettyName: 'Amazon Linux 2', cpe: 'cpe:2.3:o:amazon:amazon_linux:2', release: '2' },
    source: 'etc/os-release',
  },
  {
    image: 'amazonlinux:2 system-release only',
    files: {
      'etc/system-release': 'Amazon Linux release 2 (Karoo)\n',
      'etc/system-release-cpe': 'cpe:2.3:o:amazon:amazon_linux:2\n',
    },
    expected: { did: 'amzn', versionId: '2', version: '2 (Karoo)', cpe: 'cpe:2.3:o:amazon:amazon_linux:2', release: '2' },
    source: 'etc/system-release',
  },
  {
    image: 'amazonlinux:2023',
    files: {
      'etc/os-release': 'NAME="Amazon Linux"\nVERSION="2023"\nID="amzn"\nID_LIKE="fedora"\nVERSION_ID="2023"\nPLATFORM_ID="platform:al2023"\nPRETTY_NAME="Amazon Linux 2023.3.20240131"\nANSI_COLOR="0;33"\nCPE_NAME="cpe:2.3:o:amazon:amazon_linux:2023"\nHOME_URL="https://aws.amazon.com/linux/amazon-linux-2023/"\nSUPPORT_END="2028-03-15"\n',
    },
    expected: { did: 'amzn', versionId: '2023', cpe: 'cpe:2.3:o:amazon:amazon_linux:2023', release: '2023' },
    source: 'etc/os-release',
  },
  {
    image: 'amazonlinux:2023 system-release only',
    files: { 'etc/system-release': 'Amazon Linux release 2023.3.20240131 (Amazon Linux)\n' },
    expected: { did: 'amzn', versionId: '2023', version: '2023.3.20240131 (Amazon Linux)', cpe: '', release: '2023' },
    source: 'etc/system-release',
  },
  {
    image: 'centos:6',
    files: {
      'etc/centos-release': 'CentOS release 6.10 (Final)\n',
      'etc/redhat-release': 'CentOS release 6.10 (Final)\n',
      'etc/system-release-cpe': 'cpe:/o:centos:linux:6:GA\n',
    },
    expected: { did: 'centos', versionId: '6', name: 'CentOS', version: '6.10 (Final)', cpe: 'cpe:/o:centos:linux:6:GA', release: '6' },
    source: 'etc/centos-release',
  },
  {
    image: 'centos:7 without os-release',
    files: {
      'etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
      'etc/redhat-release': 'CentOS Linux release 7.9.2009 (Core)\n',
    },
    expected: { did: 'centos', versionId: '7', name: 'CentOS Linux', version: '7.9.2009 (Core)', release: '7' },
    source: 'etc/centos-release',
  },
  {
    image: 'centos:7',
    files: {
      'etc/os-release': 'NAME="CentOS Linux"\nVERSION="7 (Core)"\nID="centos"\nID_LIKE="rhel fedora"\nVERSION_ID="7"\nPRETTY_NAME="CentOS Linux 7 (Core)"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:centos:centos:7"\nHOME_URL="https://www.centos.org/"\n',
      'etc/centos-release': 'CentOS Linux release 7.9.2009 (Core)\n',
    },
    expected: { did: 'centos', versionId: '7', cpe: 'cpe:/o:centos:centos:7', release: '7' },
    source: 'etc/os-release',
  },
  {
    image: 'quay.io/centos/centos:stream9 redhat-release',
    files: { 'etc/redhat-release': 'CentOS Stream release 9\n' },
    expected: { did: 'centos', versionId: '9', name: 'CentOS Stream', release: '9' },
    source: 'etc/redhat-release',
  },
  {
    image: 'rockylinux:8',
    files: {
      'etc/os-release': 'NAME="Rocky Linux"\nVERSION="8.9 (Green Obsidian)"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="8.9"\nPLATFORM_ID="platform:el8"\nPRETTY_NAME="Rocky Linux 8.9 (Green Obsidian)"\nANSI_COLOR="0;32"\nLOGO="fedora-logo-icon"\nCPE_NAME="cpe:/o:rocky:rocky:8:GA"\nHOME_URL="https://rockylinux.org/"\n',
      'etc/redhat-release': 'Rocky Linux release 8.9 (Green Obsidian)\n',
    },
    expected: { did: 'rocky', versionId: '8.9', cpe: 'cpe:/o:rocky:rocky:8:GA', release: '8' },
    source: 'etc/os-release',
  },
  {
    image: 'rockylinux:8 redhat-release only',
    files: { 'etc/redhat-release': 'Rocky Linux release 8.9 (Green Obsidian)\n' },
    expected: { did: 'rocky', versionId: '8.9', name: 'Rocky Linux', release: '8' },
    source: 'etc/redhat-release',
  },
  {
    image: 'almalinux:9',
    files: {
      'etc/os-release': 'NAME="AlmaLinux"\nVERSION="9.3 (Shamrock Pampas Cat)"\nID="almalinux"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\nPLATFORM_ID="platform:el9"\nPRETTY_NAME="AlmaLinux 9.3 (Shamrock Pampas Cat)"\nANSI_COLOR="0;34"\nLOGO="fedora-logo-icon"\nCPE_NAME="cpe:/o:almalinux:almalinux:9::baseos"\nHOME_URL="https://almalinux.org/"\n',
    },
    expected: { did: 'almalinux', versionId: '9.3', cpe: 'cpe:/o:almalinux:almalinux:9::baseos', release: '9' },
    source: 'etc/os-release',
  },
  {
    image: 'almalinux:8 redhat-release only',
    files: { 'etc/redhat-release': 'AlmaLinux release 8.9 (Midnight Oncilla)\n' },
    expected: { did: 'almalinux', versionId: '8.9', name: 'AlmaLinux', release: '8' },
    source: 'etc/redhat-release',
  },
  {
    image: 'fedora:39 redhat-release only',
    files: { 'etc/redhat-release': 'Fedora release 39 (Thirty Nine)\n' },
    expected: { did: 'fedora', versionId: '39', version: '39 (Thirty Nine)', release: '39' },
    source: 'etc/redhat-release',
  },
  {
    image: 'oraclelinux:8',
    files: {
      'etc/os-release': 'NAME="Oracle Linux Server"\nVERSION="8.9"\nID="ol"\nID_LIKE="fedora"\nVARIANT="Server"\nVARIANT_ID="server"\nVERSION_ID="8.9"\nPLATFORM_ID="platform:el8"\nPRETTY_NAME="Oracle Linux Server 8.9"\nANSI_COLOR="0;31"\nCPE_NAME="cpe:/o:oracle:linux:8:9:server"\nHOME_URL="https://linux.oracle.com/"\n',
      'etc/oracle-release': 'Oracle Linux Server release 8.9\n',
      'etc/redhat-release': 'Red Hat Enterprise Linux release 8.9 (Ootpa)\n',
    },
    expected: { did: 'ol', versionId: '8.9', cpe: 'cpe:/o:oracle:linux:8:9:server', release: '8' },
    source: 'etc/os-release',
  },
  {
    image: 'registry.suse.com/suse/sle15:15.5',
    files: {
      'etc/os-release': 'NAME="SLES"\nVERSION="15-SP5"\nVERSION_ID="15.5"\nPRETTY_NAME="SUSE Linux Enterprise Server 15 SP5"\nID="sles"\nID_LIKE="suse"\nANSI_COLOR="0;32"\nCPE_NAME="cpe:/o:suse:sles:15:sp5"\nDOCUMENTATION_URL="https://documentation.suse.com/"\n',
    },
    expected: { did: 'sles', versionId: '15.5', version: '15-SP5', cpe: 'cpe:/o:suse:sles:15:sp5', release: '15.5' },
    source: 'etc/os-release',
  },
  {
    image: 'SLES 11 SP4 without os-release',
    files: { 'etc/SuSE-release': 'SUSE Linux Enterprise Server 11 (x86_64)\nVERSION = 11\nPATCHLEVEL = 4\n' },
    expected: { did: 'sles', versionId: '11.4', name: 'SUSE Linux Enterprise Server 11', version: '11-SP4', release: '11.4' },
    source: 'etc/SuSE-release',
  },
  {
    image: 'SLES 12 GA SuSE-release',
    files: { 'etc/SuSE-release': 'SUSE Linux Enterprise Server 12 (x86_64)\nVERSION = 12\nPATCHLEVEL = 0\n# This file is deprecated and will be removed in a future service pack or release.\n' },
    expected: { did: 'sles', versionId: '12', version: '12', release: '12' },
    source: 'etc/SuSE-release',
  },
  {
    image: 'opensuse:13.2',
    files: { 'etc/SuSE-release': 'openSUSE 13.2 (x86_64)\nVERSION = 13.2\nCODENAME = Harlequin\n# /etc/SuSE-release is deprecated and will be removed in a future service pack or release.\n' },
    expected: { did: 'opensuse', versionId: '13.2', versionCodeName: 'harlequin', prettyName: 'openSUSE 13.2 (x86_64)', release: '13.2' },
    source: 'etc/SuSE-release',
  },
  {
    image: 'photon:3.0',
    files: { 'etc/os-release': 'NAME="VMware Photon OS"\nVERSION="3.0"\nID=photon\nVERSION_ID=3.0\nPRETTY_NAME="VMware Photon OS/Linux"\nANSI_COLOR="1;34"\nHOME_URL="https://vmware.github.io/photon/"\n' },
    expected: { did: 'photon', versionId: '3.0', name: 'VMware Photon OS', release: '3.0' },
    source: 'etc/os-release',
  },
  {
    image: 'cgr.dev/chainguard/wolfi-base',
    files: { 'etc/os-release': 'ID=wolfi\nNAME="Wolfi"\nPRETTY_NAME="Wolfi"\nVERSION_ID="20230201"\nHOME_URL="https://wolfi.dev"\n' },
    expected: { did: 'wolfi', versionId: '20230201', name: 'Wolfi', release: '' },
    source: 'etc/os-release',
  },
  {
    image: 'cgr.dev/chainguard/static',
    files: { 'etc/os-release': 'ID=chainguard\nNAME="Chainguard"\nPRETTY_NAME="Chainguard"\nVERSION_ID="20230214"\nHOME_URL="https://chainguard.dev/"\n' },
    expected: { did: 'chainguard', versionId: '20230214', release: '' },
    source: 'etc/os-release',
  },
];

test('release files of images outside the corpus', () => {
  for (const { image, files, expected, source } of IMAGES) {
    const findings = new OsReleaseScanner().scan(layerFiles(files));
    assertExpected(findings.distribution, expected, image);
    assert.deepEqual(findings.databases, [source], `${image}: source file`);
  }
});

test('unknown Red Hat style and SUSE lines', () => {
  const redHatStyle = ['', 'Linux', 'Mageia release 9 (Official) for x86_64', 'Red Hat Enterprise Linux Server', 'CentOS release (Final)'];
  for (const text of redHatStyle) {
    assert.equal(distributionFromRedHatStyleRelease(text), undefined, JSON.stringify(text));
  }

  const suse = ['', 'Novell Open Enterprise Server 2 (x86_64)\nVERSION = 2\n', 'SUSE Linux Enterprise Server 11 (x86_64)\nPATCHLEVEL = 4\n'];
  for (const text of suse) {
    assert.equal(distributionFromSuseRelease(text), undefined, JSON.stringify(text));
  }
});

test('system-release-cpe never replaces CPE_NAME', () => {
  const findings = new OsReleaseScanner().scan(layerFiles({
    'etc/os-release': 'ID=rhel\nVERSION_ID=8.1\nCPE_NAME="cpe:/o:redhat:enterprise_linux:8.1:GA"\n',
    'etc/system-release-cpe': 'cpe:/o:redhat:enterprise_linux:8:ga\n',
  }));
  assert.equal(findings.distribution?.cpe, 'cpe:/o:redhat:enterprise_linux:8.1:GA');
});

test('system-release-cpe alone names nothing', () => {
  const findings = new OsReleaseScanner().scan(layerFiles({ 'etc/system-release-cpe': 'cpe:/o:amazon:linux:2018.03:ga\n' }));
  assert.equal(findings.distribution, undefined);
  assert.deepEqual(findings.databases, []);
});

test('feed release needs VERSION_ID', () => {
  const base: Distribution = { did: 'rhel', name: '', version: '', versionId: '', versionCodeName: '', prettyName: '', cpe: '' };
  assert.equal(feedRelease(base), undefined);
  assert.equal(feedRelease({ ...base, did: 'sles', versionId: '15' }), '15');
  assert.equal(feedRelease({ ...base, did: 'amzn', versionId: '2017.09' }), '2017.09');
  assert.equal(feedRelease({ ...base, did: 'debian', versionId: '12' }), undefined);
});
