// Whole JSON documents read with a size cap, with parse errors turned into
// INVALID_FEED errors that give a line and column.
import type { FeedInput } from './types.js';
import { invalidFeed } from './invalid-feed.js';
import { readInputText } from './read-input.js';

/** Reads and parses a JSON member of at most `maxBytes`. */
export async function readJsonDocument(input: FeedInput, maxBytes: number): Promise<unknown> {
  const text = await readInputText(input, maxBytes);
  return parseJsonDocument(text, input.name);
}

/** Parses JSON text; a syntax error names the member and, when V8 reports one, the line and column. */
export function parseJsonDocument(text: string, member: string): unknown {
  try {
    return JSON.parse(text);
  } catch (err) {
    if (!(err instanceof SyntaxError)) throw err;
    throw invalidFeed(member, syntaxErrorLocation(text, err), `invalid JSON (${err.message})`);
  }
}

/** True for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * V8 names the offset of a JSON syntax error as "position N"; it gives
 * none when the input ends too early.
 */
function syntaxErrorLocation(text: string, err: SyntaxError): string {
  const match = /position (\d+)/.exec(err.message);
  if (!match) return /end of JSON input/i.test(err.message) ? `end of input (line ${lineCount(text)})` : 'an unknown position';

  const offset = Number(match[1]);
  const before = text.slice(0, offset);
  const line = lineCount(before);
  const column = offset - before.lastIndexOf('\n');
  return `line ${line} column ${column}`;
}

function lineCount(text: string): number {
  let lines = 1;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lines++;
  return lines;
}
