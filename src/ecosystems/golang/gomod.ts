// A go.mod file's module and requirements, read as cmd/go's modfile parser
// reads them (golang.org/x/mod/modfile): `module`, `go`, `require` and
// `replace` directives, each in single-line or parenthesised block form,
// and the module lines of a go.sum file.

/** One `require` line, replacement applied. */
export interface GoModRequirement {
  path: string;
  version: string;
  /** True when the line carries the `// indirect` comment. */
  indirect: boolean;
}

/** The module path, Go version and requirements of one go.mod file. */
export interface GoModFile {
  module: string;
  /** The `go` directive (`1.21`, `1.22.0`), empty when the file has none. */
  goVersion: string;
  requires: GoModRequirement[];
}

/** Splits a line into fields, keeping quoted strings whole and dropping the comment. */
function fields(line: string): { words: string[]; comment: string } {
  const words: string[] = [];
  const pattern = /"((?:[^"\\]|\\.)*)"|`([^`]*)`|(\/\/.*)|(\S+)/g;
  let comment = '';
  for (const match of line.matchAll(pattern)) {
    if (match[3] !== undefined) {
      comment = match[3].slice(2).trim();
      break;
    }
    words.push(match[1] ?? match[2] ?? match[4]);
  }
  return { words, comment };
}

/**
 * Parses go.mod text. Replacements apply to every version of a module, or
 * to the one version the left side names; a replacement by a local
 * directory keeps the module path and clears the version.
 */
export function parseGoMod(text: string): GoModFile {
  const result: GoModFile = { module: '', goVersion: '', requires: [] };
  const replaces: { from: string; fromVersion: string; to: string; toVersion: string }[] = [];
  let block = '';

  for (const raw of text.split('\n')) {
    const { words, comment } = fields(raw);
    if (words.length === 0) continue;

    let verb = block;
    let args = words;
    if (block === '') {
      verb = words[0];
      args = words.slice(1);
      if (args[0] === '(') {
        block = verb;
        continue;
      }
    } else if (words[0] === ')') {
      block = '';
      continue;
    }

    if (verb === 'module' && args.length >= 1) {
      result.module = args[0];
    } else if (verb === 'go' && args.length >= 1) {
      result.goVersion = args[0];
    } else if (verb === 'require' && args.length >= 2) {
      result.requires.push({ path: args[0], version: args[1], indirect: comment === 'indirect' || comment.startsWith('indirect;') });
    } else if (verb === 'replace') {
      const arrow = args.indexOf('=>');
      if (arrow < 1) continue;
      replaces.push({ from: args[0], fromVersion: arrow === 2 ? args[1] : '', to: args[arrow + 1] ?? '', toVersion: args[arrow + 2] ?? '' });
    }
  }

  for (const requirement of result.requires) {
    const replace = replaces.find((r) => r.from === requirement.path && (r.fromVersion === '' || r.fromVersion === requirement.version));
    if (replace === undefined) continue;
    if (replace.toVersion !== '') requirement.path = replace.to;
    requirement.version = replace.toVersion;
  }
  return result;
}

/**
 * Returns the highest version go.sum records for each module. A go.sum line
 * is `<module> <version>[/go.mod] <hash>`, and a `/go.mod` line records only
 * the go.mod file of that version, which the build may never have selected.
 * NOTE: versions are ordered as cmd/go writes them (module.Sort, semver
 * order); a file edited by hand out of order yields its last line's version.
 */
export function parseGoSum(text: string): Map<string, string> {
  const versions = new Map<string, string>();
  for (const line of text.split('\n')) {
    const [module, version] = line.trim().split(/\s+/);
    if (module === undefined || module === '' || version === undefined) continue;
    versions.set(module, version.replace(/\/go\.mod$/, ''));
  }
  return versions;
}

/**
 * True for a `go` directive of 1.17 or later. From 1.17 on, `go mod tidy`
 * requires every module that provides a package of the build, indirect ones
 * included. An older go.mod, or one without the directive, lists fewer.
 */
export function listsIndirectRequirements(goVersion: string): boolean {
  const match = /^(\d+)\.(\d+)/.exec(goVersion);
  if (match === null) return false;
  return Number(match[1]) > 1 || Number(match[2]) >= 17;
}
