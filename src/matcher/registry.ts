// The ecosystem matchers LayerLens uses by default. Adding a distribution
// is one import and one entry below.
import { getScheme } from '../versioning/index.js';
import { createDebianMatcher } from '../ecosystems/debian/matcher.js';
import { createUbuntuMatcher } from '../ecosystems/ubuntu/matcher.js';
import { createAlpineMatcher } from '../ecosystems/alpine/matcher.js';
import { createRhelMatcher } from '../ecosystems/rhel/matcher.js';
import { createLanguageMatchers, type LanguageMatchOptions } from '../ecosystems/osv/matcher.js';
import { createPhotonMatcher } from '../ecosystems/photon/matcher.js';
import { createSuseMatcher } from '../ecosystems/suse/matcher.js';
import { createOracleMatcher } from '../ecosystems/oracle/matcher.js';
import { createAmazonMatcher } from '../ecosystems/amazon/matcher.js';
import { createWolfiMatcher } from '../ecosystems/wolfi/matcher.js';
import type { EcosystemMatcher } from './types.js';

/** Returns one matcher per supported ecosystem, each with its registered version scheme. */
export function defaultMatchers(options: LanguageMatchOptions = {}): EcosystemMatcher[] {
  const dpkg = getScheme('dpkg');
  const rpm = getScheme('rpm');
  return [
    createDebianMatcher(dpkg),
    createUbuntuMatcher(dpkg),
    createAlpineMatcher(getScheme('apk')),
    createRhelMatcher(rpm),
    createPhotonMatcher(rpm),
    createSuseMatcher(rpm),
    createOracleMatcher(rpm),
    createAmazonMatcher(rpm),
    createWolfiMatcher(getScheme('apk')),
    ...createLanguageMatchers(options),
  ];
}
