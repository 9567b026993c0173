// `layerlens vercmp --scheme SCHEME`: compares LEFT<TAB>RIGHT pairs read
// line by line from standard input and writes `<`, `=`, `>` or `!` per line.
// With `--range` it reads VERSION<TAB>RANGE lines and writes `true`,
// `false` or `!`.
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { UserError } from '../errors.js';
import {
  getScheme,
  InvalidRangeError,
  InvalidVersionError,
  type RangeOptions,
  type VersionScheme,
} from '../versioning/index.js';
import { noRangeSyntax } from '../versioning/osv-range.js';

export interface VercmpOptions {
  scheme: string;
  range?: boolean;
  /** node-semver `loose`, passed to the scheme's range matching. */
  loose?: boolean;
  /** Let pre-releases match a range (node-semver `includePrerelease`, PEP 440 `prereleases=True`). */
  includePrerelease?: boolean;
}

/** Judges one input line: returns the output word, or `!` after writing the reason to `errors`. */
type LineJudge = (line: string, lineNumber: number, errors: Writable) => string;

export interface VercmpStreams {
  input: Readable;
  output: Writable;
  errors: Writable;
}

// Results are written in chunks of about this many characters, so a large
// input costs few writes.
const OUTPUT_CHUNK = 64 * 1024;

/**
 * Compares each line's pair, or matches each line's version against its
 * range, and returns the exit code: 0 when every line was judged, 2 when
 * any line was malformed or contained an invalid version or range.
 */
export async function runVercmp(
  options: VercmpOptions,
  streams: VercmpStreams = { input: process.stdin, output: process.stdout, errors: process.stderr },
): Promise<number> {
  const judge = lineJudge(options);

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
      const result = judge(line, lineNumber, streams.errors);
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

/** Returns the judge for the requested mode, or throws a USAGE UserError for options that do not fit it. */
function lineJudge(options: VercmpOptions): LineJudge {
  const scheme = getScheme(options.scheme);

  if (!options.range) {
    if (options.loose || options.includePrerelease) {
      throw new UserError(
        'USAGE',
        '--loose and --include-prerelease change range matching only: add --range and give VERSION<TAB>RANGE lines',
      );
    }
    return (line, lineNumber, errors) => compareLine(scheme, line, lineNumber, errors);
  }

  if (scheme.satisfies === undefined) throw noRangeSyntax(scheme);
  const satisfies = scheme.satisfies.bind(scheme);
  const rangeOptions: RangeOptions = {};
  if (options.loose) rangeOptions.loose = true;
  if (options.includePrerelease) rangeOptions.includePrerelease = true;
  return (line, lineNumber, errors) => rangeLine(satisfies, rangeOptions, line, lineNumber, errors);
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

/**
 * Returns `true` or `false`, or `!` after writing the reason to `errors`.
 * The version ends at the first tab and the range is the rest of the line,
 * because a range may contain tabs, which node-semver reads as spaces.
 */
function rangeLine(
  satisfies: NonNullable<VersionScheme['satisfies']>,
  options: RangeOptions,
  line: string,
  lineNumber: number,
  errors: Writable,
): string {
  const tab = line.indexOf('\t');
  if (tab < 0) {
    errors.write(`layerlens: line ${lineNumber}: expected VERSION<TAB>RANGE but the line has no tab: "${line}"\n`);
    return '!';
  }
  const version = line.slice(0, tab);
  const range = line.slice(tab + 1);

  try {
    return String(satisfies(version, range, options));
  } catch (err) {
    if (!(err instanceof InvalidVersionError || err instanceof InvalidRangeError)) throw err;
    errors.write(`layerlens: line ${lineNumber}: ${err.message}\n`);
    return '!';
  }
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
