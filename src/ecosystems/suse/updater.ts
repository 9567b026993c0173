// Updater for SUSE OVAL: the documents listed in the `documents` option
// under `<base>/`, by default one per SUSE Linux Enterprise major release
// and one per supported openSUSE Leap release. A document that does not
// exist (404) is skipped.
import { fileUpdater } from '../../feeds/file-updater.js';
import { nameListOption } from '../../feeds/updater-options.js';
import { SUSE_FEED, suseOvalParser } from './oval.js';

export const DEFAULT_SUSE_DOCUMENTS: readonly string[] = [
  'suse.linux.enterprise.15.xml.gz',
  'suse.linux.enterprise.12.xml.gz',
  'opensuse.leap.15.5.xml.gz',
  'opensuse.leap.15.6.xml.gz',
  'opensuse.tumbleweed.xml.gz',
];

/**
 * NOTE: the SUSE Linux Enterprise 15 document is the largest of these
 * feeds. Its tests, objects and states stay in memory while its
 * definitions are read, so the run needs memory in proportion to them.
 */
export const suseOvalUpdater = fileUpdater({
  name: SUSE_FEED,
  feeds: [SUSE_FEED],
  defaultUrl: 'https://ftp.suse.com/pub/projects/security/oval',
  interval: 6 * 60 * 60 * 1000,
  parser: suseOvalParser,
  skipMissing: true,
  urls(context) {
    const documents = nameListOption(context, SUSE_FEED, 'documents', '[suse.linux.enterprise.15.xml.gz, opensuse.leap.15.6.xml.gz]') ?? DEFAULT_SUSE_DOCUMENTS;
    return documents.map((document) => `${context.url}/${document}`);
  },
});
