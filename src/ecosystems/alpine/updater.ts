// Updater for Alpine's secdb: one JSON document per branch and repository,
// `<base>/<branch>/<repo>.json`. Branches and repositories come from the
// updater's options; a document that returns 404 (a branch without that
// repository) is skipped with a log line.
import { fileUpdater } from '../../feeds/file-updater.js';
import type { Updater } from '../../feeds/updater.js';
import { nameListOption } from '../../feeds/updater-options.js';
import { alpineSecdbParser } from './secdb.js';

/** Branches read by default: every branch from v3.10 to v3.22, and edge. */
export const DEFAULT_ALPINE_BRANCHES: readonly string[] = [...Array.from({ length: 13 }, (_, i) => `v3.${10 + i}`), 'edge'];

export const DEFAULT_ALPINE_REPOS: readonly string[] = ['main', 'community'];

export const alpineSecdbUpdater: Updater = fileUpdater({
  name: 'alpine-secdb',
  feeds: ['alpine-secdb'],
  defaultUrl: 'https://secdb.alpinelinux.org',
  interval: 6 * 60 * 60 * 1000,
  parser: alpineSecdbParser,
  skipMissing: true,
  urls(context) {
    const branches = nameListOption(context, 'alpine-secdb', 'branches', '[v3.19, v3.20, edge]') ?? DEFAULT_ALPINE_BRANCHES;
    const repos = nameListOption(context, 'alpine-secdb', 'repos', '[main, community]') ?? DEFAULT_ALPINE_REPOS;
    return branches.flatMap((branch) => repos.map((repo) => `${context.url}/${branch}/${repo}.json`));
  },
});
