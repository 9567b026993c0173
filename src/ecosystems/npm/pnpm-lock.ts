// pnpm's pnpm-lock.yaml: the packages an application pinned. The `packages`
// keys changed with the lockfile version: `/a/1.2.3_peer@1` (5.x),
// `/a@1.2.3(peer@1)` (6.x) and `a@1.2.3` (9.x).
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { InvalidFileError } from '../../indexer/scan-files.js';
import type { LayerFile } from '../../indexer/types.js';
import type { PinnedPackage } from './lockfile.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Splits a `packages` key into name and version, dropping the peer dependency suffix. */
export function parsePackageKey(key: string, slashForm: boolean): PinnedPackage | undefined {
  const path = key.replace(/^\//, '').replace(/\(.*$/, '');
  const separator = slashForm ? path.lastIndexOf('/') : path.lastIndexOf('@');
  if (separator <= 0) return undefined;

  const name = path.slice(0, separator);
  const version = slashForm ? path.slice(separator + 1).split('_')[0] : path.slice(separator + 1);
  // Tarball, git and folder dependencies have keys that are no `name@version`.
  if (!/^\d/.test(version) || name.includes(':')) return undefined;
  return { name, version };
}

/** Reads the packages a pnpm-lock.yaml pins. Throws InvalidFileError for an invalid lockfile. */
export function readPnpmLock(file: LayerFile): PinnedPackage[] {
  let lock: unknown;
  try {
    // Every scalar stays a string, so a version such as `1.10` keeps its zero.
    lock = load(file.contents.toString('utf8'), { schema: FAILSAFE_SCHEMA });
    if (!isObject(lock) || lock.lockfileVersion === undefined) throw new Error('no lockfileVersion');
  } catch (err) {
    throw new InvalidFileError('invalid pnpm-lock.yaml', {}, { cause: err });
  }
  if (!isObject(lock.packages)) return [];

  const slashForm = Number.parseFloat(String(lock.lockfileVersion)) < 6;
  const pinned: PinnedPackage[] = [];
  for (const [key, entry] of Object.entries(lock.packages)) {
    // NOTE: dev dependencies are left out, as for package-lock.json; 9.x
    // no longer marks them, so there they are listed.
    if (isObject(entry) && entry.dev === 'true') continue;

    // Entries keyed by a tarball URL carry their own name and version.
    const own = isObject(entry) && typeof entry.name === 'string' && typeof entry.version === 'string' ? { name: entry.name, version: entry.version } : undefined;
    const pkg = own ?? parsePackageKey(key, slashForm);
    if (pkg) pinned.push(pkg);
  }
  return pinned;
}
