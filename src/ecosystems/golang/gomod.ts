// A go.mod file's module and requirements, read as cmd/go's modfile parser
// reads them (golang.org/x/mod/modfile): `module`, `require` and `replace`
// directives, each in single-line or parenthesised block form.
//
// NOTE: not yet wired into the Go scanner. A go.mod names the versions a
// module asks for, not the ones a build selected, so it would be reported
// only outside `vendor/` and module caches (`pkg/mod/`), as Trivy does.

/** One `require` line, replacement applied. */
export interface GoModRequirement {
  path: string;
  version: string;
  /** True when the line carries the `// indirect` comment. */
  indirect: boolean;
}

/** The module path and the requirements of one go.mod file. */
export interface GoModFile {
  module: string;
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
  const result: GoModFile = { module: '', requires: [] };
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
