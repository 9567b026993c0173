// Updaters for the Wolfi and Chainguard secdb: one JSON document each; the
// configured URL is the document itself.
import { fileUpdater } from '../../feeds/file-updater.js';
import { CHAINGUARD_FEED, rollingSecdbParser, WOLFI_FEED } from './secdb.js';

export const wolfiSecdbUpdater = fileUpdater({
  name: WOLFI_FEED,
  feeds: [WOLFI_FEED],
  defaultUrl: 'https://packages.wolfi.dev/os/security.json',
  interval: 6 * 60 * 60 * 1000,
  parser: rollingSecdbParser('wolfi'),
});

export const chainguardSecdbUpdater = fileUpdater({
  name: CHAINGUARD_FEED,
  feeds: [CHAINGUARD_FEED],
  defaultUrl: 'https://packages.cgr.dev/chainguard/security.json',
  interval: 6 * 60 * 60 * 1000,
  parser: rollingSecdbParser('chainguard'),
});
