// The ecosystem matchers LayerLens uses by default. Adding a distribution
// is one import and one entry below.
import { getScheme } from '../versioning/index.js';
import { createDebianMatcher } from '../ecosystems/debian/matcher.js';
import { createUbuntuMatcher } from '../ecosystems/ubuntu/matcher.js';
import { createAlpineMatcher } from '../ecosystems/alpine/matcher.js';
import type { EcosystemMatcher } from './types.js';

/** Returns one matcher per supported ecosystem, each with its registered version scheme. */
export function defaultMatchers(): EcosystemMatcher[] {
  const dpkg = getScheme('dpkg');
  return [createDebianMatcher(dpkg), createUbuntuMatcher(dpkg), createAlpineMatcher(getScheme('apk'))];
}
