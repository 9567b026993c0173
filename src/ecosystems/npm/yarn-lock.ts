// Yarn's yarn.lock: the packages an application pinned, in the classic v1
// format (`"a@^1", a@~1.2:` blocks with `version "1.2.3"`) or the Berry
// (v2 and later) format, which is YAML with `resolution: "a@npm:1.2.3"`.
import { FAILSAFE_SCHEMA, load } from 'js-yaml';
import { InvalidFileError } from '../../indexer/scan-files.js';
import type { LayerFile } from '../../indexer/types.js';
import type { PinnedPackage } from './lockfile.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Returns the name in `name@range` or `@scope/name@range`, or undefined when there is no range. */
function nameOfDescriptor(descriptor: string): string | undefined {
  const at = descriptor.indexOf('@', 1);
  return at > 0 ? descriptor.slice(0, at) : undefined;
}

/** Reads the classic format, a list of blocks; throws on a line that fits no block. */
function readClassic(text: string): PinnedPackage[] {
  const pinned: PinnedPackage[] = [];
  let name: string | undefined;

  for (const line of text.split(/\r?\n/)) {
    if (line.trim() === '' || line.startsWith('#')) continue;

    if (!line.startsWith(' ')) {
      if (!line.endsWith(':')) throw new Error(`unexpected line ${JSON.stringify(line.slice(0, 80))}`);
      // Every descriptor of a block names the same package; the first one is enough.
      const first = line.slice(0, -1).split(',')[0].trim().replace(/^"|"$/g, '');
      name = nameOfDescriptor(first);
      if (name === undefined) throw new Error(`no package name in ${JSON.stringify(first)}`);
      continue;
    }

    const version = /^ {2}version "?([^"\s]+)"?$/.exec(line);
    if (version !== null && name !== undefined) {
      pinned.push({ name, version: version[1] });
      name = undefined;
    }
  }
  return pinned;
}

/** Reads the Berry format. Workspaces and links are the application's own folders, not packages. */
function readBerry(lock: Record<string, unknown>): PinnedPackage[] {
  const pinned: PinnedPackage[] = [];
  for (const [key, entry] of Object.entries(lock)) {
    if (key === '__metadata' || !isObject(entry)) continue;
    if (entry.linkType === 'soft') continue;

    const { resolution, version } = entry;
    if (typeof resolution !== 'string' || typeof version !== 'string' || version === '') continue;
    if (resolution.includes('@workspace:')) continue;

    const name = nameOfDescriptor(resolution);
    if (name !== undefined) pinned.push({ name, version });
  }
  return pinned;
}

/** Reads the packages a yarn.lock pins. Throws InvalidFileError for an invalid lockfile. */
export function readYarnLock(file: LayerFile): PinnedPackage[] {
  const text = file.contents.toString('utf8');
  try {
    // Berry writes a `__metadata` block first; the classic format has none.
    // Every scalar stays a string, so a version such as `1.10` keeps its zero.
    if (/^__metadata:/m.test(text)) {
      const lock = load(text, { schema: FAILSAFE_SCHEMA });
      if (!isObject(lock)) throw new Error('not a YAML mapping');
      return readBerry(lock);
    }
    return readClassic(text);
  } catch (err) {
    throw new InvalidFileError('invalid yarn.lock', {}, { cause: err });
  }
}
