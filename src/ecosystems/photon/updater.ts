// Updater for Photon OS OVAL: one gzip document per major release,
// `<base>/com.vmware.phsa-photon<N>.xml.gz`. Releases come from the
// `releases` option; a release without a document (404) is skipped.
import { fileUpdater } from '../../feeds/file-updater.js';
import { nameListOption } from '../../feeds/updater-options.js';
import { PHOTON_FEED, photonOvalParser } from './oval.js';

/** Photon releases still published with OVAL data. */
export const DEFAULT_PHOTON_RELEASES: readonly string[] = ['3', '4', '5'];

export const photonOvalUpdater = fileUpdater({
  name: PHOTON_FEED,
  feeds: [PHOTON_FEED],
  defaultUrl: 'https://packages.vmware.com/photon/photon_oval_definitions',
  interval: 6 * 60 * 60 * 1000,
  parser: photonOvalParser,
  skipMissing: true,
  urls(context) {
    const releases = nameListOption(context, PHOTON_FEED, 'releases', '[3, 4, 5]') ?? DEFAULT_PHOTON_RELEASES;
    return releases.map((release) => `${context.url}/com.vmware.phsa-photon${release}.xml.gz`);
  },
});
