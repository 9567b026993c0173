// Paths inside a layer are data, never filesystem paths: they are cleaned
// lexically and can never name anything above the image root.

/**
 * Normalises a tar entry name to a path relative to the image root: drops
 * `./` and leading or repeated slashes, and applies `.` and `..` lexically.
 * A `..` at the root stays at the root, so `../../etc/passwd` becomes
 * `etc/passwd`. The root itself is the empty string.
 */
export function normalizeLayerPath(name: string): string {
  const parts: string[] = [];

  for (const part of name.split('/')) {
    if (part === '' || part === '.') continue;

    if (part === '..') {
      parts.pop();
      continue;
    }

    parts.push(part);
  }

  return parts.join('/');
}

/** Returns the directory part of a normalised path: `a/b` for `a/b/c`, `` for `c`. */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash === -1 ? '' : path.slice(0, slash);
}

/** Returns the last component of a normalised path. */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Joins a normalised directory and a normalised relative path. */
export function joinLayerPath(directory: string, name: string): string {
  if (directory === '') return name;
  if (name === '') return directory;
  return `${directory}/${name}`;
}
