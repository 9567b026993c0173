// The os-release(5) file format: shell-style variable assignments, read
// without running a shell.
import { logger, type Logger } from '../log.js';

const KEY_PATTERN = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * Parses an os-release(5) style file into its variables. Values follow the
 * shell quoting that os-release allows: double quotes with backslash escapes,
 * single quotes taken literally, unquoted words with backslash escapes.
 * Comments and blank lines are skipped. An invalid line is skipped with a
 * debug log, so one bad line does not hide the rest of the file.
 */
export function parseOsRelease(text: string, log: Logger = logger('os-release')): Map<string, string> {
  const variables = new Map<string, string>();
  const lines = text.split(/\r?\n/);

  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;

    const equals = line.indexOf('=');
    if (equals < 0) {
      log.debug({ line: i + 1 }, 'os-release line without "=" skipped');
      continue;
    }

    const key = line.slice(0, equals).trim();
    if (!KEY_PATTERN.test(key)) {
      log.debug({ line: i + 1, key }, 'os-release line with an invalid variable name skipped');
      continue;
    }

    const value = unquoteShellValue(line.slice(equals + 1).trim());
    if (value === undefined) {
      log.debug({ line: i + 1, key }, 'os-release line with an unterminated quote or escape skipped');
      continue;
    }
    variables.set(key, value);
  }
  return variables;
}

/** Undoes shell quoting of one assignment value; returns undefined when a quote is not closed. */
function unquoteShellValue(raw: string): string | undefined {
  let out = '';
  let i = 0;

  while (i < raw.length) {
    const c = raw[i];

    if (c === '"') {
      const end = readDoubleQuoted(raw, i + 1);
      if (end === undefined) return undefined;
      out += end.text;
      i = end.next;
    } else if (c === "'") {
      const close = raw.indexOf("'", i + 1);
      if (close < 0) return undefined;
      out += raw.slice(i + 1, close);
      i = close + 1;
    } else if (c === '\\') {
      if (i + 1 >= raw.length) return undefined;
      out += raw[i + 1];
      i += 2;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** Reads a double-quoted run starting after its opening quote; only `$ " \ `` ` lose their backslash. */
function readDoubleQuoted(raw: string, start: number): { text: string; next: number } | undefined {
  let text = '';
  let i = start;

  while (i < raw.length) {
    const c = raw[i];
    if (c === '"') return { text, next: i + 1 };

    if (c === '\\' && i + 1 < raw.length && '$"\\`'.includes(raw[i + 1])) {
      text += raw[i + 1];
      i += 2;
    } else {
      text += c;
      i++;
    }
  }
  return undefined;
}
