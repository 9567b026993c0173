// npm's package-lock.json: the packages an application pinned, for images
// that carry the lockfile without (or beside) the installed node_modules.
import { languagePackage, parseJsonFile } from '../../indexer/scan-files.js';
import type { LayerFile, Package } from '../../indexer/types.js';

const LOCKFILE = 'package-lock.json';
const NODE_MODULES = 'node_modules/';

/** The lockfiles of npm, Yarn and pnpm, by file name. */
export const LOCKFILE_NAMES = [LOCKFILE, 'yarn.lock', 'pnpm-lock.yaml'] as const;
export type LockfileName = (typeof LOCKFILE_NAMES)[number];

/** One package a lockfile pins, where the lockfile does not say where it is installed. */
export interface PinnedPackage {
  name: string;
  version: string;
}

/** One locked package and the folder, relative to the lockfile, where npm installs it. */
export interface LockedPackage {
  name: string;
  version: string;
  /** `node_modules/a/node_modules/b`, relative to the lockfile's folder. */
  location: string;
}

interface LockEntry {
  name?: unknown;
  version?: unknown;
  dev?: unknown;
  link?: unknown;
  dependencies?: unknown;
}

/** Returns the lockfile's name when the path ends in one, whatever its folder. */
export function lockfileName(path: string): LockfileName | undefined {
  return LOCKFILE_NAMES.find((name) => path === name || path.endsWith(`/${name}`));
}

/**
 * True for an application's lockfile. A lockfile anywhere under a
 * node_modules directory belongs to an installed package (or is npm's
 * hidden `.package-lock.json`), not to the application.
 */
export function isApplicationLockfile(path: string): boolean {
  if (lockfileName(path) === undefined) return false;
  return !path.startsWith(NODE_MODULES) && !path.includes(`/${NODE_MODULES}`);
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns a locked package from one entry, or undefined for dev-only, linked or versionless entries. */
function lockedPackage(name: string, entry: LockEntry, location: string): LockedPackage | undefined {
  // NOTE: dev dependencies are left out because `npm install --omit=dev`
  // does not install them, although an image built without that flag has them.
  if (entry.dev === true || entry.link === true) return undefined;
  if (typeof entry.version !== 'string' || entry.version === '' || name === '') return undefined;
  return { name, version: entry.version, location };
}

/** Reads lockfile v2 and v3 `packages`, keyed by install folder (`node_modules/@scope/a/node_modules/b`). */
function readPackagesSection(packages: Record<string, unknown>): LockedPackage[] {
  const locked: LockedPackage[] = [];
  for (const [location, entry] of Object.entries(packages)) {
    // The root entry `""` is the application, and keys without node_modules are workspace folders.
    const start = location.lastIndexOf(NODE_MODULES);
    if (start < 0 || !isObject(entry)) continue;

    const name = typeof entry.name === 'string' ? entry.name : location.slice(start + NODE_MODULES.length);
    const pkg = lockedPackage(name, entry, location);
    if (pkg) locked.push(pkg);
  }
  return locked;
}

/** Reads lockfile v1 `dependencies`, nested as npm nests node_modules folders. */
function readDependenciesSection(dependencies: Record<string, unknown>, parent: string): LockedPackage[] {
  const locked: LockedPackage[] = [];
  for (const [name, entry] of Object.entries(dependencies)) {
    if (!isObject(entry)) continue;

    const location = `${parent}${NODE_MODULES}${name}`;
    const pkg = lockedPackage(name, entry, location);
    if (pkg) locked.push(pkg);
    if (isObject(entry.dependencies)) locked.push(...readDependenciesSection(entry.dependencies, `${location}/`));
  }
  return locked;
}

/** Reads the packages a lockfile pins. Throws InvalidFileError for invalid JSON. */
export function readLockfile(file: LayerFile): LockedPackage[] {
  const lock = parseJsonFile(file, 'package-lock.json');
  if (!isObject(lock)) return [];

  // v2 writes both sections for older npm versions, and `packages` is the complete one.
  if (isObject(lock.packages)) return readPackagesSection(lock.packages);
  if (isObject(lock.dependencies)) return readDependenciesSection(lock.dependencies, '');
  return [];
}

/** Returns the folder of a lockfile with a trailing slash, or '' for one at the root. */
export function lockfileFolder(path: string): string {
  return path.slice(0, path.lastIndexOf('/') + 1);
}

/**
 * Returns the lockfile's packages that are not installed beside it in the
 * same layer, because the node_modules package.json reports those.
 */
export function lockfilePackages(file: LayerFile, installed: ReadonlySet<string>): Package[] {
  const folder = lockfileFolder(file.path);
  return readLockfile(file)
    .filter((locked) => !installed.has(`${folder}${locked.location}/package.json`))
    .map(({ name, version }) => languagePackage('npm', name, version, file.path));
}
