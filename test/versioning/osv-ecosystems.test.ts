import { test } from 'node:test';
import assert from 'node:assert/strict';
import { schemeNames } from '../../src/versioning/index.js';
import { baseEcosystem, schemeForEcosystem, schemeNameForEcosystem } from '../../src/versioning/osv-ecosystems.js';

test('OSV ecosystems map to schemes', () => {
  const expected: [string, string][] = [
    ['npm', 'semver'],
    ['crates.io', 'semver'],
    ['PyPI', 'pep440'],
    ['Go', 'golang'],
    ['Maven', 'maven'],
    ['Maven:https://maven.google.com', 'maven'],
    ['RubyGems', 'gem'],
    ['NuGet', 'nuget'],
    ['Packagist', 'composer'],
    ['Packagist:https://packages.drupal.org/8', 'composer'],
    ['Debian', 'dpkg'],
    ['Debian:12', 'dpkg'],
    ['Ubuntu:22.04:LTS', 'dpkg'],
    ['Ubuntu:Pro:18.04:LTS', 'dpkg'],
    ['Alpine:v3.18', 'apk'],
    ['Wolfi', 'apk'],
    ['Red Hat:rhel_aus:8.4::appstream', 'rpm'],
    ['AlmaLinux:9', 'rpm'],
    ['Rocky Linux:8', 'rpm'],
    ['openSUSE:Tumbleweed', 'rpm'],
  ];
  for (const [ecosystem, scheme] of expected) {
    assert.equal(schemeNameForEcosystem(ecosystem), scheme, ecosystem);
  }
});

test('OSV ecosystem names are case-sensitive', () => {
  // The schema spells each name one way; "pypi" is not an ecosystem.
  assert.equal(schemeNameForEcosystem('pypi'), undefined);
  assert.equal(schemeNameForEcosystem('debian:12'), undefined);
  assert.equal(schemeNameForEcosystem('GIT'), undefined);
  assert.equal(schemeNameForEcosystem(''), undefined);
});

test('OSV ecosystem suffix is dropped', () => {
  assert.equal(baseEcosystem('Debian:11'), 'Debian');
  assert.equal(baseEcosystem('Red Hat:rhel_aus:8.4::appstream'), 'Red Hat');
  assert.equal(baseEcosystem('npm'), 'npm');
});

test('OSV ecosystem scheme comes from the registry', () => {
  assert.equal(schemeForEcosystem('Debian:12')?.name, 'dpkg');
  assert.equal(schemeForEcosystem('Alpine:v3.18')?.name, 'apk');
  assert.equal(schemeForEcosystem('Hackage'), undefined);
  // A mapped scheme that is not registered gives undefined rather than an error.
  for (const ecosystem of ['npm', 'PyPI', 'Go', 'Maven', 'RubyGems', 'NuGet', 'Packagist', 'Red Hat']) {
    const name = schemeNameForEcosystem(ecosystem)!;
    assert.equal(schemeForEcosystem(ecosystem)?.name, schemeNames().includes(name) ? name : undefined, ecosystem);
  }
});
