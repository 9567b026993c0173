// Parsing of transport references and platforms.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { UserError } from '../../src/errors.js';
import { normalizeImageName } from '../../src/image/docker-name.js';
import { parsePlatform, platformMatches } from '../../src/image/platform.js';
import { openImage, parseReference } from '../../src/image/reference.js';

test('parseReference accepts transports', () => {
  const cases = [
    { reference: 'oci-archive:/tmp/x.tar', expected: { transport: 'oci-archive', path: '/tmp/x.tar' } },
    { reference: 'oci-archive:/tmp/x.tar:debian', expected: { transport: 'oci-archive', path: '/tmp/x.tar', refName: 'debian' } },
    { reference: 'oci:layout', expected: { transport: 'oci', path: 'layout' } },
    { reference: 'oci:layout:v1.2', expected: { transport: 'oci', path: 'layout', refName: 'v1.2' } },
    { reference: 'docker-archive:save.tar', expected: { transport: 'docker-archive', path: 'save.tar' } },
    {
      reference: 'docker-archive:save.tar:localhost:5000/test/app:latest',
      expected: { transport: 'docker-archive', path: 'save.tar', image: 'localhost:5000/test/app:latest' },
    },
    { reference: 'docker-archive:save.tar:@1', expected: { transport: 'docker-archive', path: 'save.tar', image: '@1' } },
    { reference: 'dir:/srv/rootfs', expected: { transport: 'dir', path: '/srv/rootfs' } },
  ];
  for (const { reference, expected } of cases) {
    assert.deepEqual(parseReference(reference), expected, reference);
  }
});

test('parseReference rejects bad references', () => {
  const cases: { reference: string; message: RegExp }[] = [
    { reference: 'debian:12', message: /registry references are not supported yet/ },
    { reference: 'docker.io/library/debian:12', message: /registry references are not supported yet/ },
    { reference: 'localhost:5000/app@sha256:' + 'ab'.repeat(32), message: /registry references are not supported yet/ },
    { reference: 'docker://debian:12', message: /registry references are not supported yet/ },
    { reference: 'ftp://example/x.tar', message: /unknown transport "ftp"/ },
    { reference: 'docker-daemon:debian:12', message: /unknown transport "docker-daemon"/ },
    { reference: '/tmp/image.tar', message: /has no transport/ },
    { reference: 'oci-archive:', message: /path after "oci-archive:" is empty/ },
    { reference: 'oci:layout:', message: /image name after the path is empty/ },
    { reference: 'dir:/a:b', message: /dir: takes a path only/ },
  ];
  for (const { reference, message } of cases) {
    assert.throws(
      () => parseReference(reference),
      (err: unknown) => {
        assert.ok(err instanceof UserError, reference);
        assert.equal(err.code, 'INVALID_REFERENCE', reference);
        assert.match(err.message, message);
        assert.ok(err.message.includes(reference), err.message);
        return true;
      },
    );
  }
});

test('unknown transport lists supported ones', async () => {
  await assert.rejects(openImage('s3:bucket/image.tar'), (err: unknown) => {
    assert.ok(err instanceof UserError);
    assert.equal(err.code, 'INVALID_REFERENCE');
    assert.match(err.message, /oci-archive:, oci:, docker-archive:, dir:/);
    return true;
  });
});

test('invalid platform is a usage error', async () => {
  for (const platform of ['amd64', 'linux/', 'linux/arm/v7/extra']) {
    assert.throws(() => parsePlatform(platform), (err: unknown) => err instanceof UserError && err.code === 'USAGE', platform);
  }
});

test('platformMatches handles variants', () => {
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm64', variant: 'v8' }, parsePlatform('linux/arm64')));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, parsePlatform('linux/arm')));
  assert.ok(platformMatches({ os: 'linux', architecture: 'arm', variant: 'v7' }, parsePlatform('linux/arm/v7')));
  assert.ok(!platformMatches({ os: 'linux', architecture: 'arm', variant: 'v6' }, parsePlatform('linux/arm/v7')));
  assert.ok(!platformMatches({ os: 'windows', architecture: 'amd64' }, parsePlatform('linux/amd64')));
  assert.ok(platformMatches({ os: 'linux', architecture: 'x86_64' }, parsePlatform('linux/amd64')));
});

test('normalizeImageName follows docker', () => {
  const cases: [string, string][] = [
    ['debian', 'docker.io/library/debian:latest'],
    ['debian:12', 'docker.io/library/debian:12'],
    ['team/app:1', 'docker.io/team/app:1'],
    ['localhost/test/app', 'localhost/test/app:latest'],
    ['localhost:5000/app', 'localhost:5000/app:latest'],
    ['registry.example.com/app:2', 'registry.example.com/app:2'],
  ];
  for (const [name, expected] of cases) {
    assert.equal(normalizeImageName(name), expected, name);
  }
});
