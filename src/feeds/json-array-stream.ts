// Streams a JSON document of the shape `{ ..., "<key>": [ {...}, {...} ], ... }`
// one array element at a time, for feeds that publish one large object
// around a long list of records (NVD's CVE API pages and yearly files, CISA
// KEV). Only one element is held in memory at a time, plus the document's
// other top-level members, which are small.
import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { invalidFeed } from './invalid-feed.js';
import { parseJsonDocument } from './json-document.js';

/** One element of the streamed array, with its position for error messages. */
export interface ArrayElement {
  index: number;
  value: unknown;
  /** The top-level members read so far: those that come before the array in the document. */
  membersBefore: Readonly<TopLevelMembers>;
}

/** Every top-level member except the streamed array, returned once the document ends. */
export type TopLevelMembers = Record<string, unknown>;

const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;

/**
 * Yields each element of the top-level array `arrayKey`, parsed, and returns
 * the other top-level members. Rejects with INVALID_FEED naming `member`
 * when the document is not a JSON object, when an element is not valid
 * JSON, when an element is larger than `maxElementChars`, or when the array
 * is missing.
 */
export async function* streamJsonArray(
  input: Readable,
  member: string,
  arrayKey: string,
  maxElementChars: number,
): AsyncGenerator<ArrayElement, TopLevelMembers> {
  const scanner = new TopLevelScanner(member, arrayKey, maxElementChars);
  const decoder = new StringDecoder('utf8');

  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    for (const element of scanner.push(text)) yield element;
  }
  for (const element of scanner.push(decoder.end())) yield element;

  return scanner.finish();
}

/**
 * A character scanner that tracks string and nesting state across chunks.
 * Depth 1 is inside the top-level object; the streamed array's elements
 * start at depth 2.
 */
class TopLevelScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private ended = false;

  /** Text of the top-level member being read (its key and value), outside the streamed array. */
  private memberText = '';
  private members: TopLevelMembers = {};

  /** True between the streamed array's `[` and `]`. */
  private inArray = false;
  private sawArray = false;
  private elementParts: string[] = [];
  private elementChars = 0;
  private elementIndex = 0;
  private line = 1;

  constructor(
    private readonly member: string,
    private readonly arrayKey: string,
    private readonly maxElementChars: number,
  ) {}

  *push(text: string): Generator<ArrayElement> {
    let elementStart = -1;
    if (this.inArray && this.elementParts.length > 0) elementStart = 0;

    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code === 0x0a) this.line++;

      if (this.ended) {
        if (!isWhitespace(code)) throw this.error('text after the end of the JSON document');
        continue;
      }

      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (code === BACKSLASH) this.escaped = true;
        else if (code === QUOTE) this.inString = false;
        if (!this.inArray) this.memberText += text[i];
        continue;
      }

      if (this.depth === 0) {
        if (isWhitespace(code)) continue;
        if (code !== OPEN_BRACE) throw this.error('not a JSON object');
        this.depth = 1;
        continue;
      }

      if (this.inArray && this.depth === 2) {
        // Between elements of the streamed array.
        if (isWhitespace(code) || code === COMMA) continue;
        if (code === CLOSE_BRACKET) {
          this.inArray = false;
          this.depth = 1;
          continue;
        }
        if (code !== OPEN_BRACE) throw this.error(`an element of "${this.arrayKey}" is not a JSON object`);
        this.depth = 3;
        elementStart = i;
        continue;
      }

      if (this.inArray) {
        // Inside one element (depth 3 or more).
        if (code === QUOTE) this.inString = true;
        else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++;
        else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) this.depth--;

        if (this.depth === 2) {
          this.addElementPart(text.slice(elementStart, i + 1));
          elementStart = -1;
          yield this.takeElement();
        }
        continue;
      }

      // Inside the top-level object, outside the streamed array.
      if (code === QUOTE) {
        this.inString = true;
        this.memberText += text[i];
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        if (this.depth === 1 && code === OPEN_BRACKET && this.pendingKey() === this.arrayKey) {
          this.inArray = true;
          this.sawArray = true;
          this.memberText = '';
          this.depth = 2;
          continue;
        }
        this.depth++;
      } else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth === 0) {
          this.closeMember();
          this.ended = true;
          continue;
        }
      } else if (code === COMMA && this.depth === 1) {
        this.closeMember();
        continue;
      }
      this.memberText += text[i];
    }

    if (elementStart !== -1) this.addElementPart(text.slice(elementStart));
  }

  finish(): TopLevelMembers {
    if (!this.ended) throw this.error('the document ends before its closing brace (truncated file?)');
    if (!this.sawArray) throw invalidFeed(this.member, this.arrayKey, `missing "${this.arrayKey}" array`);
    return this.members;
  }

  /** Returns the key of the member being read once its colon has been seen, else undefined. */
  private pendingKey(): string | undefined {
    const colon = this.memberText.lastIndexOf(':');
    if (colon === -1 || this.memberText.slice(colon + 1).trim() !== '') return undefined;
    return this.parseKey(this.memberText.slice(0, colon));
  }

  private parseKey(text: string): string {
    const key = parseJsonDocument(text.trim(), this.member);
    if (typeof key !== 'string') throw this.error('a top-level key is not a string');
    return key;
  }

  /** Parses `"key": value` read at depth 1 and keeps it. */
  private closeMember(): void {
    const text = this.memberText.trim();
    this.memberText = '';
    if (text === '') return;

    const colon = findColon(text);
    if (colon === -1) throw this.error(`invalid top-level member ${text.slice(0, 40)}`);
    const key = this.parseKey(text.slice(0, colon));
    this.members[key] = parseJsonDocument(text.slice(colon + 1).trim(), `${this.member} member "${key}"`);
  }

  private addElementPart(part: string): void {
    this.elementChars += part.length;
    if (this.elementChars > this.maxElementChars) {
      throw invalidFeed(this.member, `${this.arrayKey}[${this.elementIndex}]`, `element larger than ${this.maxElementChars} characters; check that this is the right file`);
    }
    this.elementParts.push(part);
  }

  private takeElement(): ArrayElement {
    const text = this.elementParts.join('');
    this.elementParts = [];
    this.elementChars = 0;
    const index = this.elementIndex++;
    return { index, value: parseJsonDocument(text, `${this.member} ${this.arrayKey}[${index}]`), membersBefore: this.members };
  }

  private error(reason: string) {
    return invalidFeed(this.member, this.line, `invalid JSON: ${reason}`);
  }
}

/** Finds the colon that ends a member's key, skipping colons inside the key string. */
function findColon(text: string): number {
  let inString = false;
  let escaped = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (escaped) escaped = false;
      else if (code === BACKSLASH) escaped = true;
      else if (code === QUOTE) inString = false;
    } else if (code === QUOTE) inString = true;
    else if (code === COLON) return i;
  }
  return -1;
}

function isWhitespace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}
