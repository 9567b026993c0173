// The verdict shared by every distribution whose records state a first
// fixed version: affected below it, not affected at or above it.
import type { VersionScheme } from '../versioning/types.js';
import { InvalidVersionError } from '../versioning/types.js';
import type { Verdict, Vulnerability } from './types.js';

/**
 * Judges an installed version against a merged vulnerability.
 * - `unfixed` and `wont-fix` affect every version; `not-affected` none.
 * - `fixed`: the installed version carries the fix when it is at or above
 *   any of the fixed versions (so at or above the earliest one).
 * - The verdict is `uncomparable`, never a guess, when the scheme cannot
 *   parse the installed version, or when it is below every fixed version the
 *   scheme parses while some fixed version could not be parsed.
 */
export function judgeByFixedVersion(scheme: VersionScheme, installed: string, vulnerability: Vulnerability): Verdict {
  switch (vulnerability.state) {
    case 'not-affected':
      return 'not-affected';
    case 'unfixed':
    case 'wont-fix':
      return 'affected';
    case 'fixed':
      break;
  }

  if (!scheme.isValid(installed)) return 'uncomparable';

  const valid = vulnerability.fixedVersions.filter((version) => version !== '' && scheme.isValid(version));
  const someInvalid = valid.length < vulnerability.fixedVersions.length;

  try {
    if (valid.some((fixed) => scheme.compare(installed, fixed) >= 0)) return 'not-affected';
  } catch (err) {
    if (err instanceof InvalidVersionError) return 'uncomparable';
    throw err;
  }
  return someInvalid || valid.length === 0 ? 'uncomparable' : 'affected';
}
