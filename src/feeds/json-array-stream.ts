// Streams a JSON document of the shape `{ ..., "<key>": [ {...}, {...} ], ... }`
// one array element at a time, for feeds that publish one large object
// around a long list of records (NVD's CVE API pages and yearly files, CISA
// KEV). Only one element is held in memory at a time, plus the document's
// other top-level members, which are small. The same scanner also streams
// the members of a top-level object keyed by name (the Debian security
// tracker's `{ "<source package>": {...}, ... }`), one member at a time.
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

/** One member of the streamed top-level object. */
export interface ObjectMember {
  key: string;
  value: unknown;
}

/** A value the scanner has read whole: an array element, or a member of the top-level object. */
interface ScannedValue {
  key: string;
  index: number;
  value: unknown;
}

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
  const scanner = new TopLevelScanner(member, { arrayKey }, maxElementChars);
  for await (const scanned of scanChunks(input, scanner)) {
    yield { index: scanned.index, value: scanned.value, membersBefore: scanner.members };
  }
  return scanner.finish();
}

/**
 * Yields each member of the top-level object as `{ key, value }`, in
 * document order, with only one member in memory at a time. Rejects with
 * INVALID_FEED naming `member`, and the member's key where one is known.
 * That happens when the document is not a JSON object or is truncated, or
 * when a member is not valid JSON or is larger than `maxMemberChars`.
 * `notObjectReason` replaces the generic message for a top level that is
 * not an object, so a caller can say which shape it expects.
 */
export async function* streamJsonObject(
  input: Readable,
  member: string,
  maxMemberChars: number,
  notObjectReason?: string,
): AsyncGenerator<ObjectMember> {
  const scanner = new TopLevelScanner(member, { notObjectReason }, maxMemberChars);
  for await (const scanned of scanChunks(input, scanner)) {
    yield { key: scanned.key, value: scanned.value };
  }
  scanner.finish();
}

/** Feeds the decoded chunks of `input` to `scanner` and yields what it reads. */
async function* scanChunks(input: Readable, scanner: TopLevelScanner): AsyncGenerator<ScannedValue> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of input) {
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk as Buffer);
    yield* scanner.push(text);
  }
  yield* scanner.push(decoder.end());
}

/** The values a scanner streams: the elements of the array `arrayKey`, or, without one, every member of the top-level object. */
interface ScanTarget {
  arrayKey?: string;
  notObjectReason?: string;
}

/**
 * A character scanner that tracks string and nesting state across chunks.
 * Depth 1 is inside the top-level object. In array mode the streamed
 * array's elements start at depth 2. In object mode each member's object
 * or array value starts at depth 1. A streamed value is collected as slices
 * of the chunks and parsed once it closes, so it is copied only once.
 */
class TopLevelScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private ended = false;

  /** Text of the top-level member being read (its key, and its value unless that value is streamed). */
  private memberText = '';
  /** In array mode, the top-level members other than the streamed array. */
  readonly members: TopLevelMembers = {};
  private memberIndex = 0;

  /** True between the streamed array's `[` and `]`. */
  private inArray = false;
  private sawArray = false;

  /** True inside a streamed value: an array element, or an object member's value. */
  private inValue = false;
  /** The depth that closes the streamed value: 2 for an array element, 1 for an object member. */
  private valueEndDepth = 0;
  private valueKey = '';
  private valueLine = 0;
  private valueParts: string[] = [];
  private valueChars = 0;
  private elementIndex = 0;
  private line = 1;

  constructor(
    private readonly member: string,
    private readonly target: ScanTarget,
    private readonly maxValueChars: number,
  ) {}

  *push(text: string): Generator<ScannedValue> {
    let valueStart = this.inValue ? 0 : -1;

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
        if (!this.inValue) this.appendMemberText(text[i]);
        continue;
      }

      if (this.depth === 0) {
        if (isWhitespace(code)) continue;
        if (code !== OPEN_BRACE) throw this.notObject();
        this.depth = 1;
        continue;
      }

      if (this.inArray && !this.inValue) {
        // Between elements of the streamed array, at depth 2.
        if (isWhitespace(code) || code === COMMA) continue;
        if (code === CLOSE_BRACKET) {
          this.inArray = false;
          this.depth = 1;
          continue;
        }
        if (code !== OPEN_BRACE) throw this.error(`an element of "${this.target.arrayKey}" is not a JSON object`);
        this.depth = 3;
        this.startValue(this.target.arrayKey ?? '', 2);
        valueStart = i;
        continue;
      }

      if (this.inValue) {
        if (code === QUOTE) this.inString = true;
        else if (code === OPEN_BRACE || code === OPEN_BRACKET) this.depth++;
        else if (code === CLOSE_BRACE || code === CLOSE_BRACKET) this.depth--;

        if (this.depth === this.valueEndDepth) {
          this.addValuePart(text.slice(valueStart, i + 1));
          valueStart = -1;
          yield this.takeValue();
        }
        continue;
      }

      // Inside the top-level object, outside any streamed value.
      if (code === QUOTE) {
        this.inString = true;
        this.appendMemberText(text[i]);
        continue;
      }
      if (code === OPEN_BRACE || code === OPEN_BRACKET) {
        const key = this.depth === 1 ? this.pendingKey() : undefined;
        if (key !== undefined && this.target.arrayKey === undefined) {
          this.memberText = '';
          this.depth = 2;
          this.startValue(key, 1);
          valueStart = i;
          continue;
        }
        if (key !== undefined && code === OPEN_BRACKET && key === this.target.arrayKey) {
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
          yield* this.closeMember();
          this.ended = true;
          continue;
        }
      } else if (code === COMMA && this.depth === 1) {
        yield* this.closeMember();
        continue;
      }
      this.appendMemberText(text[i]);
    }

    if (valueStart !== -1) this.addValuePart(text.slice(valueStart));
  }

  finish(): TopLevelMembers {
    if (!this.ended) throw this.error('the document ends before its closing brace (truncated file?)');
    const arrayKey = this.target.arrayKey;
    if (arrayKey !== undefined && !this.sawArray) throw invalidFeed(this.member, arrayKey, `missing "${arrayKey}" array`);
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

  /**
   * Parses `"key": value` read at depth 1. Array mode keeps it with the
   * other members; object mode yields it, because every member is streamed.
   */
  private *closeMember(): Generator<ScannedValue> {
    const text = this.memberText.trim();
    this.memberText = '';
    if (text === '') return;

    const colon = findColon(text);
    if (colon === -1) throw this.error(`invalid top-level member ${text.slice(0, 40)}`);
    const key = this.parseKey(text.slice(0, colon));
    const value = parseJsonDocument(text.slice(colon + 1).trim(), `${this.member} member "${key}"`);

    if (this.target.arrayKey !== undefined) this.members[key] = value;
    else yield { key, index: this.memberIndex++, value };
  }

  /** Adds one character of a member read outside a streamed value. Only a long string value or key can reach the cap here. */
  private appendMemberText(char: string): void {
    this.memberText += char;
    if (this.memberText.length > this.maxValueChars) {
      throw invalidFeed(this.member, this.line, `top-level member larger than ${this.maxValueChars} characters; check that this is the right file`);
    }
  }

  private startValue(key: string, endDepth: number): void {
    this.inValue = true;
    this.valueEndDepth = endDepth;
    this.valueKey = key;
    this.valueLine = this.line;
  }

  /** Names the streamed value in messages: `items[3]` for an array element, `"openssl"` for an object member. */
  private valueName(): string {
    return this.target.arrayKey !== undefined ? `${this.valueKey}[${this.elementIndex}]` : JSON.stringify(this.valueKey);
  }

  private addValuePart(part: string): void {
    this.valueChars += part.length;
    if (this.valueChars > this.maxValueChars) {
      const kind = this.target.arrayKey !== undefined ? 'element' : 'member';
      throw invalidFeed(this.member, this.valueName(), `${kind} larger than ${this.maxValueChars} characters; check that this is the right file`);
    }
    this.valueParts.push(part);
  }

  private takeValue(): ScannedValue {
    const text = this.valueParts.join('');
    const name = this.valueName();
    this.valueParts = [];
    this.valueChars = 0;
    this.inValue = false;

    if (this.target.arrayKey !== undefined) {
      const index = this.elementIndex++;
      return { key: this.valueKey, index, value: parseJsonDocument(text, `${this.member} ${name}`) };
    }
    const where = `${this.member} member ${name} (from line ${this.valueLine})`;
    return { key: this.valueKey, index: this.memberIndex++, value: parseJsonDocument(text, where) };
  }

  private notObject() {
    const reason = this.target.notObjectReason;
    return reason !== undefined ? invalidFeed(this.member, 'the top level', reason) : this.error('not a JSON object');
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
