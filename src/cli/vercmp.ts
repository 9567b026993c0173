// `layerlens vercmp --scheme SCHEME`: compares LEFT<TAB>RIGHT pairs read
// line by line from standard input and writes `<`, `=`, `>` or `!` per line.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../errors.js';
import { getScheme, InvalidVersionError, type VersionScheme } from '../versioning/index.js';

export interface VercmpOptions {
  scheme: string;
  range?: boolean;
}

export interface VercmpStreams {
  input: Readable;
  output: Writable;
  errors: Writable;
}

// Results are written in chunks of about this many characters, so a large
// input costs few writes.
const OUTPUT_CHUNK = 64 * 1024;

/**
 * Compares each line's pair and returns the exit code: 0 when every line
 * was compared, 2 when any line was malformed or contained an invalid version.
 */
export async function runVercmp(
  options: VercmpOptions,
  streams: VercmpStreams = { input: process.stdin, output: process.stdout, errors: process.stderr },
): Promise<number> {
  const scheme = getScheme(options.scheme);
  if (options.range) {
    throw new UserError(
      'USAGE',
      `range expressions are not supported for scheme ${scheme.name} yet: run without --range to compare LEFT<TAB>RIGHT pairs`,
    );
  }

  const lines = createInterface({ input: streams.input, crlfDelay: Infinity });

  // A reader that stops early (`| head`) closes the pipe, and the next write
  // fails with EPIPE: stop reading then, as line tools do. The listener
  // stays, because a failed write reports its error a tick later.
  let outputError: NodeJS.ErrnoException | undefined;
  streams.output.on('error', (err: NodeJS.ErrnoException) => {
    outputError ??= err;
    lines.close();
  });

  let lineNumber = 0;
  let failed = false;
  let pending = '';

  try {
    for await (const line of lines) {
      lineNumber++;
      const result = compareLine(scheme, line, lineNumber, streams.errors);
      if (result === '!') failed = true;

      pending += result + '\n';
      if (pending.length >= OUTPUT_CHUNK) {
        await write(streams.output, pending);
        pending = '';
      }
      if (outputError) break;
    }
    if (pending !== '' && !outputError) await write(streams.output, pending);
  } catch (err) {
    // Waiting for 'drain' rejects with the same error the listener recorded.
    if (err !== outputError) throw err;
  }

  if (outputError && outputError.code !== 'EPIPE') throw outputError;
  return failed ? 2 : 0;
}

/** Returns `<`, `=`, `>`, or `!` after writing the reason to `errors`. */
function compareLine(scheme: VersionScheme, line: string, lineNumber: number, errors: Writable): string {
  const tab = line.indexOf('\t');
  if (tab < 0) {
    errors.write(`layerlens: line ${lineNumber}: expected LEFT<TAB>RIGHT but the line has no tab: "${line}"\n`);
    return '!';
  }
  if (line.indexOf('\t', tab + 1) >= 0) {
    errors.write(`layerlens: line ${lineNumber}: expected LEFT<TAB>RIGHT but the line has more than one tab: "${line}"\n`);
    return '!';
  }
  const left = line.slice(0, tab);
  const right = line.slice(tab + 1);

  let order: number;
  try {
    order = scheme.compare(left, right);
  } catch (err) {
    if (!(err instanceof InvalidVersionError)) throw err;
    errors.write(`layerlens: line ${lineNumber}: ${err.message}\n`);
    return '!';
  }

  // The scheme ordered the pair, but its reference implementation only
  // warns about one of the versions: pass that warning on.
  warnIfInvalid(scheme, left, lineNumber, errors);
  warnIfInvalid(scheme, right, lineNumber, errors);

  return orderSymbol(order);
}

function orderSymbol(order: number): string {
  if (order < 0) return '<';
  if (order > 0) return '>';
  return '=';
}

function warnIfInvalid(scheme: VersionScheme, version: string, lineNumber: number, errors: Writable): void {
  if (scheme.isValid(version)) return;
  const reason = scheme.explainInvalid?.(version) ?? 'not valid';
  errors.write(
    `layerlens: line ${lineNumber}: warning: "${version}" is not a valid ${scheme.name} version (${reason}); ` +
      `ordered as ${scheme.name} orders it\n`,
  );
}

async function write(output: Writable, chunk: string): Promise<void> {
  if (!output.write(chunk)) await once(output, 'drain');
}
