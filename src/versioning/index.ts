// Registry of version schemes by the name `layerlens vercmp --scheme` and
// the matchers use. Adding a scheme is one import and one entry below.
import { UserError } from '../errors.js';
import type { VersionScheme } from './types.js';
import { apkScheme } from '../ecosystems/alpine/version.js';
import { dpkgScheme } from '../ecosystems/dpkg/version.js';
import { golangScheme } from '../ecosystems/golang/version.js';
import { rpmScheme } from '../ecosystems/rpm/version.js';
import { semverScheme } from '../ecosystems/npm/version.js';
import { mavenScheme } from '../ecosystems/maven/version.js';
import { nugetScheme } from '../ecosystems/nuget/version.js';
import { pep440Scheme } from '../ecosystems/pypi/version.js';
import { gemScheme } from '../ecosystems/rubygems/version.js';
import { composerScheme } from '../ecosystems/composer/version.js';

export type { VersionScheme } from './types.js';
export { InvalidRangeError, InvalidVersionError } from './types.js';
export type { RangeOptions } from './types.js';

const schemes: ReadonlyMap<string, VersionScheme> = new Map(
  [dpkgScheme, apkScheme, semverScheme, mavenScheme, nugetScheme, rpmScheme, golangScheme, pep440Scheme, gemScheme, composerScheme].map((scheme) => [scheme.name, scheme]),
);

/** Returns the names of the registered schemes, sorted. */
export function schemeNames(): string[] {
  return [...schemes.keys()].sort();
}

/** Returns the scheme registered under `name`, or throws a USAGE UserError that lists the known names. */
export function getScheme(name: string): VersionScheme {
  const scheme = schemes.get(name);
  if (scheme === undefined) {
    throw new UserError('USAGE', `unknown version scheme "${name}": use one of ${schemeNames().join(', ')}`);
  }
  return scheme;
}
