// The verdicts shared by the matchers. Distributions whose records state a
// first fixed version: affected below it, not affected at or above it.
// Records that state OSV ranges (OSV feeds, distribution feeds with
// introduced versions) are judged by those ranges instead.
import { evaluateOsvAffected } from '../versioning/osv-range.js';
import type { OsvRange } from '../versioning/osv-types.js';
import type { VersionScheme } from '../versioning/types.js';
import { InvalidVersionError } from '../versioning/types.js';
import { statementsOf, type FixStatement } from './merge.js';
import type { Verdict, Vulnerability } from './types.js';

/**
 * Judges an installed version against a merged vulnerability.
 * - `unfixed` and `wont-fix` affect every version; `not-affected` none.
 * - `fixed`: the installed version carries the fix when it is at or above
 *   any of the fixed versions (so at or above the earliest one).
 * - The verdict is `uncomparable`, never a guess, when the scheme cannot
 *   parse the installed version, or when it is below every fixed version the
 *   scheme parses while some fixed version could not be parsed.
 * - When some record states ranges, each record is judged on its own, by
 *   its ranges or else by its fixed version. The same rule combines them:
 *   the fixing records decide, and the version is not affected when it lies
 *   outside any one of them.
 */
export function judgeByFixedVersion(scheme: VersionScheme, installed: string, vulnerability: Vulnerability): Verdict {
  const statements = statementsOf(vulnerability);
  if (statements.some(hasRanges)) return judgeByEarliestFix(scheme, installed, vulnerability, statements);

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

/** Options for judging OSV ranges. */
export interface RangeJudgeOptions {
  /**
   * Orders `SEMVER` ranges with the matcher's own scheme: Go's database
   * writes SEMVER ranges, and the golang scheme orders them the same way
   * while also reading toolchain versions (`go1.19.8`).
   */
  semverByScheme?: boolean;
}

/**
 * Judges an installed version as OSV's evaluation does across records:
 * affected when any record's ranges (or, for a record without ranges, its
 * fixed version or state) include it, `uncomparable` when none does but
 * one could not decide, else not affected.
 */
export function judgeByAnyRecord(scheme: VersionScheme, installed: string, vulnerability: Vulnerability, options: RangeJudgeOptions = {}): Verdict {
  const statements = statementsOf(vulnerability);
  if (statements.length === 0) return judgeByFixedVersion(scheme, installed, vulnerability);

  const verdicts = statements.map((statement) => judgeStatement(scheme, installed, statement, options));
  if (verdicts.includes('affected')) return 'affected';
  return verdicts.includes('uncomparable') ? 'uncomparable' : 'not-affected';
}

/** Applies the distribution rule to records of which some state ranges. */
function judgeByEarliestFix(scheme: VersionScheme, installed: string, vulnerability: Vulnerability, statements: FixStatement[]): Verdict {
  if (vulnerability.state === 'not-affected') return 'not-affected';

  // The state the merge chose decides. Among several fixing records, one
  // whose range the version lies outside of clears it. Records without a
  // fix affect what their ranges include.
  const deciding = statements.filter((statement) => statement.state === vulnerability.state);
  const verdicts = deciding.map((statement) => judgeStatement(scheme, installed, statement));

  if (vulnerability.state === 'fixed') {
    if (verdicts.includes('not-affected')) return 'not-affected';
    return verdicts.includes('uncomparable') ? 'uncomparable' : 'affected';
  }
  if (verdicts.includes('affected')) return 'affected';
  return verdicts.includes('uncomparable') ? 'uncomparable' : 'not-affected';
}

/** Judges one record: by its ranges and affected versions when it has them, else by its state and fixed version. */
function judgeStatement(scheme: VersionScheme, installed: string, statement: FixStatement, options: RangeJudgeOptions = {}): Verdict {
  if (hasRanges(statement)) {
    const ranges = options.semverByScheme ? statement.ranges?.map(asEcosystemRange) : statement.ranges;
    return evaluateOsvAffected({ ranges, versions: statement.affectedVersions }, installed, scheme, { recordId: statement.advisoryId });
  }

  switch (statement.state) {
    case 'not-affected':
      return 'not-affected';
    case 'unfixed':
    case 'wont-fix':
      return 'affected';
    case 'fixed':
      break;
  }

  const fixed = statement.fixedVersion ?? '';
  if (!scheme.isValid(installed) || fixed === '' || !scheme.isValid(fixed)) return 'uncomparable';
  return scheme.compare(installed, fixed) >= 0 ? 'not-affected' : 'affected';
}

function hasRanges(statement: FixStatement): boolean {
  return (statement.ranges ?? []).length > 0 || (statement.affectedVersions ?? []).length > 0;
}

function asEcosystemRange(range: OsvRange): OsvRange {
  return range.type === 'SEMVER' ? { ...range, type: 'ECOSYSTEM' } : range;
}
