// PHP's version_compare(), which composer/semver uses to order normalized
// versions. Ported from php-src ext/standard/versioning.c
// (php_canonicalize_version, compare_special_version_forms,
// php_version_compare), unchanged in PHP 7 and 8.
//
// The C code works on NUL-terminated bytes in the C locale, so a string is
// cut at its first NUL, compared as UTF-8 bytes, and only ASCII letters and
// digits count as alphanumeric.

const CODE_0 = 48;
const CODE_9 = 57;
const CODE_DOT = 46;

/** Ordering of the special forms; the first entry whose name prefixes a part wins. */
const SPECIAL_FORMS: ReadonlyArray<readonly [string, number]> = [
  ['dev', 0],
  ['alpha', 1],
  ['a', 1],
  ['beta', 2],
  ['b', 2],
  ['RC', 3],
  ['rc', 3],
  ['#', 4],
  ['pl', 5],
  ['p', 5],
];

// Stands for "a number" when a number meets a special form.
const NUMBER_FORM = '#N#';

// strtol() saturates at LONG_MAX on the 64-bit platforms PHP runs on.
const LONG_MAX = '9223372036854775807';

function isDigit(code: number): boolean {
  return code >= CODE_0 && code <= CODE_9;
}

function isAlphanumeric(code: number): boolean {
  return isDigit(code) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

function isSpecialSeparator(code: number): boolean {
  return code === 45 || code === 95 || code === 43; // - _ +
}

function isNonDigit(code: number): boolean {
  return !isDigit(code) && code !== CODE_DOT;
}

/**
 * Rewrites a version the way php_canonicalize_version does: `-`, `_`, `+`
 * and other non-alphanumerics become `.`, a `.` goes between a digit and a
 * non-digit, and runs of dots collapse. The first character is kept as is.
 */
export function canonicalizePhpVersion(version: string): string {
  if (version.length === 0) return '';

  let output = version[0]!;
  let previous = version.charCodeAt(0);
  for (let index = 1; index < version.length; index++) {
    const code = version.charCodeAt(index);
    const lastIsDot = output.charCodeAt(output.length - 1) === CODE_DOT;

    if (isSpecialSeparator(code)) {
      if (!lastIsDot) output += '.';
    } else if ((isNonDigit(previous) && isDigit(code)) || (isDigit(previous) && isNonDigit(code))) {
      if (!lastIsDot) output += '.';
      output += version[index];
    } else if (!isAlphanumeric(code)) {
      if (!lastIsDot) output += '.';
    } else {
      output += version[index];
    }
    previous = code;
  }
  return output;
}

function specialFormOrder(form: string): number {
  for (const [name, order] of SPECIAL_FORMS) {
    if (form.startsWith(name)) return order;
  }
  return -1;
}

function compareSpecialForms(a: string, b: string): number {
  return Math.sign(specialFormOrder(a) - specialFormOrder(b));
}

/** Compares two runs of digits as strtol() reads them, saturating at LONG_MAX. */
function compareNumbers(a: string, b: string): number {
  const left = saturate(a.replace(/^0+/, ''));
  const right = saturate(b.replace(/^0+/, ''));
  if (left.length !== right.length) return left.length < right.length ? -1 : 1;
  if (left === right) return 0;
  return left < right ? -1 : 1;
}

function saturate(digits: string): string {
  if (digits.length > LONG_MAX.length) return LONG_MAX;
  if (digits.length === LONG_MAX.length && digits > LONG_MAX) return LONG_MAX;
  return digits;
}

function comparePart(a: string, b: string): number {
  const aIsNumber = isDigit(a.charCodeAt(0));
  const bIsNumber = isDigit(b.charCodeAt(0));
  if (aIsNumber && bIsNumber) return compareNumbers(leadingDigits(a), leadingDigits(b));
  if (!aIsNumber && !bIsNumber) return compareSpecialForms(a, b);
  return aIsNumber ? compareSpecialForms(NUMBER_FORM, b) : compareSpecialForms(a, NUMBER_FORM);
}

function leadingDigits(part: string): string {
  let end = 0;
  while (end < part.length && isDigit(part.charCodeAt(end))) end++;
  return part.slice(0, end);
}

const NON_ASCII = /[^\x00-\x7f]/;

/** Returns the C string PHP passes on: cut at the first NUL, one character per UTF-8 byte. */
function toCString(text: string): string {
  const nul = text.indexOf('\0');
  const cut = nul < 0 ? text : text.slice(0, nul);
  return NON_ASCII.test(cut) ? Buffer.from(cut, 'utf8').toString('latin1') : cut;
}

/** Returns -1, 0 or 1 as PHP's `version_compare($a, $b)` does. */
export function phpVersionCompare(a: string, b: string): number {
  const original1 = toCString(a);
  const original2 = toCString(b);
  if (original1 === '' || original2 === '') {
    if (original1 === '' && original2 === '') return 0;
    return original1 !== '' ? 1 : -1;
  }

  const version1 = original1.startsWith('#') ? original1 : canonicalizePhpVersion(original1);
  const version2 = original2.startsWith('#') ? original2 : canonicalizePhpVersion(original2);

  // Walk both versions part by part; `dot1`/`dot2` are the dots ending the
  // current parts, or -1 after the last part, as strchr() gives NULL.
  let start1 = 0;
  let start2 = 0;
  let dot1 = 0;
  let dot2 = 0;
  let order = 0;
  while (start1 < version1.length && start2 < version2.length && dot1 >= 0 && dot2 >= 0) {
    dot1 = version1.indexOf('.', start1);
    dot2 = version2.indexOf('.', start2);
    const part1 = version1.slice(start1, dot1 < 0 ? undefined : dot1);
    const part2 = version2.slice(start2, dot2 < 0 ? undefined : dot2);

    order = comparePart(part1, part2);
    if (order !== 0) break;

    if (dot1 >= 0) start1 = dot1 + 1;
    if (dot2 >= 0) start2 = dot2 + 1;
  }

  if (order !== 0) return order;

  // One side has parts left: a number there makes it greater, anything else
  // is compared with a number.
  if (dot1 >= 0) {
    if (isDigit(version1.charCodeAt(start1))) return 1;
    return phpVersionCompare(version1.slice(start1), NUMBER_FORM);
  }
  if (dot2 >= 0) {
    if (isDigit(version2.charCodeAt(start2))) return -1;
    return phpVersionCompare(NUMBER_FORM, version2.slice(start2));
  }
  return 0;
}
