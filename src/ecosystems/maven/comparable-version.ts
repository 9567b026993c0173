// Maven's version order: a port of ComparableVersion from apache/maven
// (compat/maven-artifact/src/main/java/org/apache/maven/artifact/versioning/
// ComparableVersion.java, Apache-2.0, as stored at commit 0288c858679525cd4f0ae8c1e7fbfe5b5f541278,
// the newest one read). A version becomes a tree of items: numbers, qualifiers,
// qualifier+number combinations and sub-lists, which start at a `-` or at a
// switch from digits to letters. Trailing null items (0, "", "ga", "final",
// "release") are dropped, and qualifiers order as
// alpha < beta < milestone < rc = cr < snapshot < "" = ga = final = release < sp,
// then any other qualifier in lexical order. Case never matters.
//
// NOTE: the shared vectors were checked against commit 540897d3 of the same
// file, which the source index does not hold. The port follows the newer
// source, which rejects versions over 256 characters; every vector row passes.

/** Item types, with Maven's numbering, which no order depends on. */
export const enum ItemType {
  BigInteger = 0,
  String = 1,
  List = 2,
  Int = 3,
  Long = 4,
  Combination = 5,
}

/** A number of up to 9 digits, which fits a Java int. */
interface IntItem {
  readonly type: ItemType.Int;
  readonly value: number;
}

/** A number of 10 to 18 digits, which fits a Java long. */
interface LongItem {
  readonly type: ItemType.Long;
  readonly value: bigint;
}

/** A number of 19 digits or more. */
interface BigIntegerItem {
  readonly type: ItemType.BigInteger;
  readonly value: bigint;
}

/** A qualifier, lower-cased, with its aliases (a, b, m, cr) resolved. */
interface StringItem {
  readonly type: ItemType.String;
  readonly value: string;
  /** The qualifier's sort key, computed once (comparableQualifier in Maven). */
  readonly key: string;
}

/** A qualifier followed by a number, such as `rc1` or `alpha-2`. */
interface CombinationItem {
  readonly type: ItemType.Combination;
  readonly stringPart: StringItem;
  readonly digitPart: NumberItem;
}

interface ListItem {
  readonly type: ItemType.List;
  readonly items: Item[];
}

type NumberItem = IntItem | LongItem | BigIntegerItem;
export type Item = NumberItem | StringItem | CombinationItem | ListItem;

/** Parsed version: the root list of items. */
export type ComparableVersion = ListItem;

/** ComparableVersion rejects longer strings (MAX_VERSION_LENGTH). */
export const MAX_VERSION_LENGTH = 256;

const MAX_INT_ITEM_LENGTH = 9;
const MAX_LONG_ITEM_LENGTH = 18;

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const RELEASE_QUALIFIERS = new Set(['ga', 'final', 'release']);
const RELEASE_VERSION_INDEX = String(QUALIFIERS.indexOf(''));

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;
const CODE_HYPHEN = 45;

const ZERO: IntItem = { type: ItemType.Int, value: 0 };

/** Raised where Java's number parsing throws NumberFormatException. */
export class MavenNumberFormatError extends Error {
  constructor(text: string) {
    super(`ComparableVersion cannot read "${text}" as a number (Java NumberFormatException)`);
    this.name = 'MavenNumberFormatError';
  }
}

const UNICODE_DIGIT = /^\p{Nd}$/u;

/** Java's Character.isDigit(char): any Unicode decimal digit in one UTF-16 unit. */
function isJavaDigit(code: number): boolean {
  if (code >= CODE_0 && code <= CODE_9) return true;
  if (code < 128) return false;
  return UNICODE_DIGIT.test(String.fromCharCode(code));
}

/**
 * Java's Character.digit(char, 10). Unicode encodes each set of decimal
 * digits as a run of ten code points starting at zero, so the value is the
 * position within the run.
 */
function javaDigitValue(code: number): number {
  if (code >= CODE_0 && code <= CODE_9) return code - CODE_0;
  if (!isJavaDigit(code)) return -1;
  let start = code;
  while (isJavaDigit(start - 1)) start--;
  return (code - start) % 10;
}

/** Reads a run of Java decimal digits, as Integer.parseInt, Long.parseLong and new BigInteger do. */
function parseDigits(text: string): bigint {
  let value = 0n;
  for (let i = 0; i < text.length; i++) {
    const digit = javaDigitValue(text.charCodeAt(i));
    if (digit < 0) throw new MavenNumberFormatError(text);
    value = value * 10n + BigInt(digit);
  }
  return value;
}

function isAsciiDigits(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < CODE_0 || code > CODE_9) return false;
  }
  return true;
}

function stripLeadingZeroes(text: string): string {
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) !== CODE_0) return text.slice(i);
  }
  return '0';
}

/** Builds the number item for a digit run; its length picks int, long or BigInteger, as in Maven. */
function numberItem(text: string): NumberItem {
  const digits = stripLeadingZeroes(text);
  if (digits.length <= MAX_INT_ITEM_LENGTH) {
    const value = isAsciiDigits(digits) ? Number(digits) : Number(parseDigits(digits));
    return { type: ItemType.Int, value };
  }
  if (digits.length <= MAX_LONG_ITEM_LENGTH) return { type: ItemType.Long, value: parseDigits(digits) };
  return { type: ItemType.BigInteger, value: parseDigits(digits) };
}

function comparableQualifier(qualifier: string): string {
  if (RELEASE_QUALIFIERS.has(qualifier)) return RELEASE_VERSION_INDEX;
  const index = QUALIFIERS.indexOf(qualifier);
  return index === -1 ? `${QUALIFIERS.length}-${qualifier}` : String(index);
}

/** Builds a qualifier item; a lone a, b or m before a number stands for alpha, beta or milestone. */
function stringItem(text: string, followedByDigit: boolean): StringItem {
  let value = text;
  if (followedByDigit && value.length === 1) {
    if (value === 'a') value = 'alpha';
    else if (value === 'b') value = 'beta';
    else if (value === 'm') value = 'milestone';
  }
  if (value === 'cr') value = 'rc';
  return { type: ItemType.String, value, key: comparableQualifier(value) };
}

/** Splits `rc1` (hyphens already removed) at its first digit. */
function combinationItem(text: string): CombinationItem {
  let index = 0;
  for (let i = 0; i < text.length; i++) {
    if (isJavaDigit(text.charCodeAt(i))) {
      index = i;
      break;
    }
  }
  return {
    type: ItemType.Combination,
    stringPart: stringItem(text.slice(0, index), true),
    digitPart: numberItem(text.slice(index)),
  };
}

function parseItem(isCombination: boolean, isDigit: boolean, text: string): Item {
  if (isCombination) return combinationItem(text.replaceAll('-', ''));
  if (isDigit) return numberItem(text);
  return stringItem(text, false);
}

function isNullItem(item: Item): boolean {
  switch (item.type) {
    case ItemType.Int:
      return item.value === 0;
    case ItemType.Long:
    case ItemType.BigInteger:
      return item.value === 0n;
    case ItemType.String:
      return item.value === '';
    case ItemType.Combination:
      return false;
    case ItemType.List:
      return item.items.length === 0;
  }
}

/**
 * Drops null items that carry no order: trailing ones, and ones before a
 * qualifier. A list left holding one sub-list takes that sub-list's items.
 */
function normalize(list: ListItem): void {
  const items = list.items;
  for (let i = items.length - 1; i >= 0; i--) {
    if (!isNullItem(items[i]!)) continue;

    if (i === items.length - 1 || items[i + 1]!.type === ItemType.String) {
      items.splice(i, 1);
    } else {
      const next = items[i + 1]!;
      // A sub-list is always the last item of its parent and is normalized
      // first, so a sub-list that follows an item here is never empty.
      if (next.type === ItemType.List) {
        const first = next.items[0]!;
        if (first.type === ItemType.Combination || first.type === ItemType.String) items.splice(i, 1);
      }
    }
  }

  if (items.length === 1 && items[0]!.type === ItemType.List) {
    const only = items[0].items;
    items.length = 0;
    items.push(...only);
  }
}

function newList(parent: ListItem, stack: ListItem[]): ListItem {
  const list: ListItem = { type: ItemType.List, items: [] };
  parent.items.push(list);
  stack.push(list);
  return list;
}

/**
 * Parses a version as ComparableVersion.parseVersion does. Throws
 * RangeError for a version over MAX_VERSION_LENGTH characters and
 * MavenNumberFormatError where Java's number parsing throws, which only
 * non-ASCII digits can cause.
 */
export function parseComparableVersion(version: string): ComparableVersion {
  if (version.length > MAX_VERSION_LENGTH) {
    throw new RangeError(`version string is too long (${version.length} > ${MAX_VERSION_LENGTH} characters)`);
  }

  const root: ListItem = { type: ItemType.List, items: [] };
  const text = version.toLowerCase();
  const stack: ListItem[] = [root];
  let list = root;
  let isDigit = false;
  let isCombination = false;
  let startIndex = 0;

  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    // Java reads a surrogate pair as one code point. It skips the next
    // unit even when that unit is not a low surrogate.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length) {
      c = text.codePointAt(i)!;
      i++;
    }

    if (c === CODE_DOT) {
      if (i === startIndex) list.items.push(ZERO);
      else list.items.push(parseItem(isCombination, isDigit, text.slice(startIndex, i)));
      isCombination = false;
      startIndex = i + 1;
    } else if (c === CODE_HYPHEN) {
      if (i === startIndex) {
        list.items.push(ZERO);
      } else {
        // `X-1` reads as `X1`: the hyphen joins a qualifier to its number.
        if (!isDigit && i !== text.length - 1 && isJavaDigit(text.charCodeAt(i + 1))) {
          isCombination = true;
          continue;
        }
        list.items.push(parseItem(isCombination, isDigit, text.slice(startIndex, i)));
      }
      startIndex = i + 1;
      if (list.items.length > 0) list = newList(list, stack);
      isCombination = false;
    } else if (c >= CODE_0 && c <= CODE_9) {
      if (!isDigit && i > startIndex) {
        isCombination = true;
        if (list.items.length > 0) list = newList(list, stack);
      }
      isDigit = true;
    } else {
      if (isDigit && i > startIndex) {
        list.items.push(parseItem(isCombination, true, text.slice(startIndex, i)));
        startIndex = i;
        list = newList(list, stack);
        isCombination = false;
      }
      isDigit = false;
    }
  }

  if (text.length > startIndex) {
    // A qualifier after a dot sorts as if after a hyphen: 1.0.0.X1 < 1.0.0-X2.
    if (!isDigit && list.items.length > 0) list = newList(list, stack);
    list.items.push(parseItem(isCombination, isDigit, text.slice(startIndex)));
  }

  // Sub-lists come later on the stack than their parents, so children are
  // normalized first.
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i]!);
  return root;
}

function compareNumbers(a: number | bigint, b: number | bigint): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** Orders a number item against another item, or against nothing (null). */
function compareNumberItem(item: NumberItem, other: Item | null): number {
  if (other === null) return isNullItem(item) ? 0 : 1;
  switch (other.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      // Lengths without leading zeros decide the type, so a wider type holds a bigger number.
      if (item.type !== other.type) return numberRank(item.type) < numberRank(other.type) ? -1 : 1;
      return compareNumbers(item.value, other.value);
    default:
      // A number sorts above a qualifier, a combination and a sub-list: 1.1 > 1-sp and 1.1 > 1-1.
      return 1;
  }
}

function numberRank(type: ItemType.Int | ItemType.Long | ItemType.BigInteger): number {
  if (type === ItemType.Int) return 0;
  return type === ItemType.Long ? 1 : 2;
}

function compareStringItem(item: StringItem, other: Item | null): number {
  // Against nothing, a qualifier compares to the release: 1-rc < 1, 1-sp > 1.
  if (other === null) return compareStrings(item.key, RELEASE_VERSION_INDEX);
  switch (other.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      return -1;
    case ItemType.String:
      return compareStrings(item.key, other.key);
    case ItemType.Combination:
      // Maven's StringItem spells out the mirror image of CombinationItem's rule.
      return -compareCombinationItem(other, item);
    case ItemType.List:
      return -compareListItem(other, item);
  }
}

function compareCombinationItem(item: CombinationItem, other: Item | null): number {
  if (other === null) {
    // 1-rc1 < 1, 1-ga1 > 1: a release qualifier leaves the number to decide.
    const result = compareStringItem(item.stringPart, null);
    return result === 0 ? compareNumberItem(item.digitPart, null) : result;
  }
  switch (other.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      return -1;
    case ItemType.String: {
      const result = compareStringItem(item.stringPart, other);
      if (result !== 0) return result;
      if (compareStringItem(item.stringPart, null) === 0) return compareNumberItem(item.digitPart, null);
      // X1 > X
      return 1;
    }
    case ItemType.List:
      return -compareListItem(other, item);
    case ItemType.Combination: {
      const result = compareStringItem(item.stringPart, other.stringPart);
      return result === 0 ? compareNumberItem(item.digitPart, other.digitPart) : result;
    }
  }
}

function compareListItem(list: ListItem, other: Item | null): number {
  const items = list.items;
  if (other === null) {
    // Every item counts against nothing, not just the first: 1-0.alpha < 1.
    for (const item of items) {
      const result = compareItems(item, null);
      if (result !== 0) return result;
    }
    return 0;
  }

  switch (other.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      // 1-1 < 1.0.x
      return -1;
    case ItemType.String:
    case ItemType.Combination: {
      let result = items.length === 0 ? -compareItems(other, null) : compareItems(items[0]!, other);
      for (let i = 1; result === 0 && i < items.length; i++) result = compareItems(items[i]!, null);
      return result;
    }
    case ItemType.List: {
      const others = other.items;
      const length = Math.max(items.length, others.length);
      for (let i = 0; i < length; i++) {
        const left = i < items.length ? items[i]! : null;
        const right = i < others.length ? others[i]! : null;
        let result: number;
        if (left === null) result = right === null ? 0 : -compareItems(right, null);
        else result = compareItems(left, right);
        if (result !== 0) return result;
      }
      return 0;
    }
  }
}

/** Orders an item against another item, or against nothing (null), as Item.compareTo does. */
function compareItems(item: Item, other: Item | null): number {
  switch (item.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      return compareNumberItem(item, other);
    case ItemType.String:
      return compareStringItem(item, other);
    case ItemType.Combination:
      return compareCombinationItem(item, other);
    case ItemType.List:
      return compareListItem(item, other);
  }
}

/** Orders two parsed versions: negative, zero or positive. */
export function compareComparableVersions(a: ComparableVersion, b: ComparableVersion): number {
  return compareListItem(a, b);
}

function itemToString(item: Item): string {
  switch (item.type) {
    case ItemType.Int:
    case ItemType.Long:
    case ItemType.BigInteger:
      return String(item.value);
    case ItemType.String:
      return item.value;
    case ItemType.Combination:
      return item.stringPart.value + String(item.digitPart.value);
    case ItemType.List: {
      let text = '';
      for (const child of item.items) {
        if (text.length > 0) text += child.type === ItemType.List ? '-' : '.';
        text += itemToString(child);
      }
      return text;
    }
  }
}

/** Returns the canonical form Maven prints for a version (getCanonical). */
export function canonicalString(version: ComparableVersion): string {
  return itemToString(version);
}
