// Decides whether an installed version lies inside an OSV record's affected
// ranges, by the evaluation algorithm of the OSV schema 1.6
// (https://ossf.github.io/osv-schema/#evaluation, unchanged in 1.7):
//
// - a version is affected when the `versions` list names it, or when any
//   range includes it;
// - in a range, the events sorted by version form a timeline, and the
//   version takes the state of the last event that applies to it:
//   `introduced` (version >= it) turns the state on, `fixed` (version >= it)
//   and `last_affected` (version > it) turn it off;
// - a range with `limit` events covers only versions below at least one limit.
//
// `database_specific` fields take no part, as the schema states. GitHub's
// `last_known_affected_version_range` (such as `<= 1.2.17` beside an open
// range) is one: GitHub already writes `fixed` or `last_affected` events
// where it knows the bound, and applying a last known version could only
// narrow the range into false negatives.
//
// Where the scheme cannot parse the installed version or an event version,
// the verdict is `uncomparable`, unless every position that version could
// take gives the same verdict. A guess is never returned as affected or safe.
import { UserError } from '../errors.js';
import { logger as childLogger, type Logger } from '../log.js';
import { getScheme, schemeNames } from './index.js';
import type { OsvAffected, OsvEvent, OsvRange, OsvRecord } from './osv-types.js';
import { InvalidRangeError, InvalidVersionError, type RangeOptions, type VersionScheme } from './types.js';

/** Outcome of judging one version: the same values as the matcher's verdict. */
export type RangeVerdict = 'affected' | 'not-affected' | 'uncomparable';

/** Log destination for evaluation notes, and the record id the lines name. */
export interface OsvLogContext {
  recordId?: string;
  /** Defaults to the `osv-range` child logger. */
  logger?: Logger;
}

type EventKind = 'introduced' | 'fixed' | 'last_affected' | 'limit';

interface TimelineEvent {
  kind: EventKind;
  version: string;
}

/** Whether an event applies to the installed version; `unknown` when either side cannot be parsed. */
type Applies = 'yes' | 'no' | 'unknown';

/**
 * Judges one `affected[]` entry of an OSV record against an installed
 * version. `scheme` orders `ECOSYSTEM` ranges and the `versions` list;
 * `SEMVER` ranges use the registered `semver` scheme. `GIT` ranges, and
 * range types this module does not know, are skipped with a log line,
 * because they need the repository's commit graph or rules not written yet.
 */
export function evaluateOsvAffected(
  affected: OsvAffected,
  version: string,
  scheme: VersionScheme,
  log: OsvLogContext = {},
): RangeVerdict {
  if (listsVersion(affected.versions ?? [], version, scheme)) return 'affected';

  let evaluated = (affected.versions ?? []).length > 0;
  let uncomparable = false;

  for (const range of affected.ranges ?? []) {
    const rangeScheme = schemeForRange(range, scheme, log);
    if (rangeScheme === 'skip') continue;

    evaluated = true;
    const verdict = rangeScheme === 'missing' ? 'uncomparable' : evaluateRange(range, version, rangeScheme);
    if (verdict === 'affected') return 'affected';
    if (verdict === 'uncomparable') uncomparable = true;
  }

  if (uncomparable) return 'uncomparable';

  // The schema's algorithm finds nothing affected in an entry without
  // versions or usable ranges, and osv-scanner skips such an entry with a
  // warning. It is logged here too, so the gap is visible.
  if (!evaluated) noteOnce(log, 'no-usable-range', 'info', 'OSV entry has no versions list and no range this scheme can evaluate; taken as not affected');
  return 'not-affected';
}

/** Identifies the package that an installed version belongs to. */
export interface OsvPackageKey {
  /** The ecosystem exactly as the record spells it, such as `PyPI` or `Debian:12`. */
  ecosystem: string;
  name: string;
}

/**
 * Judges an installed package against a whole record, as the schema's
 * `IsVulnerable` does: affected when any entry for the package includes
 * the version, `uncomparable` when none does but one could not decide.
 */
export function evaluateOsvRecord(
  record: OsvRecord,
  pkg: OsvPackageKey,
  version: string,
  scheme: VersionScheme,
  logger?: Logger,
): RangeVerdict {
  let uncomparable = false;
  for (const affected of record.affected ?? []) {
    if (affected.package?.ecosystem !== pkg.ecosystem || affected.package.name !== pkg.name) continue;

    const verdict = evaluateOsvAffected(affected, version, scheme, { recordId: record.id, logger });
    if (verdict === 'affected') return 'affected';
    if (verdict === 'uncomparable') uncomparable = true;
  }
  return uncomparable ? 'uncomparable' : 'not-affected';
}

/**
 * Judges a version against a range in the ecosystem's native syntax (an npm
 * range, a PEP 440 specifier set, ...) through the scheme's `satisfies`.
 * An invalid version or range gives `uncomparable`. Throws a USAGE
 * UserError for a scheme without range syntax.
 */
export function satisfiesNative(
  version: string,
  range: string,
  schemeName: string,
  options: RangeOptions = {},
): RangeVerdict {
  const scheme = getScheme(schemeName);
  if (scheme.satisfies === undefined) throw noRangeSyntax(scheme);

  try {
    return scheme.satisfies(version, range, options) ? 'affected' : 'not-affected';
  } catch (err) {
    if (err instanceof InvalidVersionError || err instanceof InvalidRangeError) return 'uncomparable';
    throw err;
  }
}

/** Returns the USAGE error for a range request on a scheme without range syntax. */
export function noRangeSyntax(scheme: VersionScheme): UserError {
  const withRanges = schemeNames().filter((name) => getScheme(name).satisfies !== undefined);
  return new UserError(
    'USAGE',
    `scheme ${scheme.name} has no range syntax: compare versions pairwise (vercmp without --range), ` +
      `or use a scheme that has one: ${withRanges.join(', ')}`,
  );
}

/**
 * True when the list names the version: the same string, or a version the
 * scheme orders as equal. A version the scheme cannot parse equals no
 * parsable version, so only the same string matches it.
 */
function listsVersion(versions: readonly string[], version: string, scheme: VersionScheme): boolean {
  if (versions.includes(version)) return true;
  if (!scheme.isValid(version)) return false;
  return versions.some((listed) => scheme.isValid(listed) && scheme.compare(version, listed) === 0);
}

/**
 * Returns the scheme that orders the range's events, `skip` (after a log
 * line) for a range that cannot be evaluated, or `missing` when the range
 * needs a scheme that is not registered.
 */
function schemeForRange(range: OsvRange, scheme: VersionScheme, log: OsvLogContext): VersionScheme | 'skip' | 'missing' {
  switch (range.type) {
    case 'ECOSYSTEM':
      return scheme;
    case 'SEMVER':
      if (scheme.name === 'semver') return scheme;
      // Looked up on each call, because the registry may gain the scheme
      // after this module loads.
      if (schemeNames().includes('semver')) return getScheme('semver');
      noteOnce(log, 'semver-missing', 'warn', 'SEMVER range not evaluated: no semver version scheme is registered');
      return 'missing';
    case 'GIT':
      noteOnce(log, 'git-range', 'debug', 'GIT range skipped: it needs the repository commit graph', { repo: range.repo });
      return 'skip';
    default:
      noteOnce(log, `range-type-${range.type}`, 'info', `OSV range type "${range.type}" is not known; range skipped`);
      return 'skip';
  }
}

/** Judges a version against one ECOSYSTEM or SEMVER range. */
function evaluateRange(range: OsvRange, version: string, scheme: VersionScheme): RangeVerdict {
  const events = range.events.map(toTimelineEvent).filter((event) => event !== undefined);
  const installedValid = scheme.isValid(version);

  const limits = events.filter((event) => event.kind === 'limit');
  const beforeLimits = isBeforeLimits(limits, version, installedValid, scheme);
  if (beforeLimits === 'no') return 'not-affected';

  const bounds = events.filter((event) => event.kind !== 'limit');
  const state = timelineState(bounds, version, installedValid, scheme);
  if (state === 'not-affected') return 'not-affected';
  if (beforeLimits === 'unknown') return 'uncomparable';
  return state;
}

function toTimelineEvent(event: OsvEvent): TimelineEvent | undefined {
  if (event.introduced !== undefined) return { kind: 'introduced', version: event.introduced };
  if (event.fixed !== undefined) return { kind: 'fixed', version: event.fixed };
  if (event.last_affected !== undefined) return { kind: 'last_affected', version: event.last_affected };
  if (event.limit !== undefined) return { kind: 'limit', version: event.limit };
  return undefined;
}

/**
 * `yes` when there are no limits or the version is below one of them, `no`
 * when it is at or above every limit, `unknown` when that depends on a
 * version the scheme cannot parse.
 */
function isBeforeLimits(limits: TimelineEvent[], version: string, installedValid: boolean, scheme: VersionScheme): Applies {
  if (limits.length === 0) return 'yes';

  let unknown = false;
  for (const limit of limits) {
    if (limit.version.includes('*')) return 'yes';
    if (!installedValid || !scheme.isValid(limit.version)) {
      unknown = true;
      continue;
    }
    if (scheme.compare(version, limit.version) < 0) return 'yes';
  }
  return unknown ? 'unknown' : 'no';
}

/**
 * Returns the state of the last event that applies to the version, in
 * version order: affected after `introduced`, not affected after `fixed` or
 * `last_affected`, not affected before any event.
 *
 * An event whose version or the installed version the scheme cannot parse
 * may or may not apply, and may sort anywhere, so it could be the last one
 * that applies. Then the state is known only when that event would give
 * the same state as the events that are known to apply.
 *
 * NOTE: GitHub writes some npm bounds as `1.0`, which node-semver rejects.
 * Such a range is uncomparable even at its fixed version, because the
 * unparsable `introduced` might sort above it.
 */
function timelineState(events: TimelineEvent[], version: string, installedValid: boolean, scheme: VersionScheme): RangeVerdict {
  const known: TimelineEvent[] = [];
  const undecided: TimelineEvent[] = [];

  for (const event of events) {
    const applies = appliesTo(event, version, installedValid, scheme);
    if (applies === 'yes') known.push(event);
    if (applies === 'unknown') undecided.push(event);
  }

  const last = lastInVersionOrder(known, scheme);
  const state = last?.kind === 'introduced';
  if (undecided.some((event) => (event.kind === 'introduced') !== state)) return 'uncomparable';
  return state ? 'affected' : 'not-affected';
}

function appliesTo(event: TimelineEvent, version: string, installedValid: boolean, scheme: VersionScheme): Applies {
  // "0" sorts before every version, valid or not.
  if (event.kind === 'introduced' && event.version === '0') return 'yes';
  if (!installedValid || !scheme.isValid(event.version)) return 'unknown';

  const order = scheme.compare(version, event.version);
  if (event.kind === 'last_affected') return order > 0 ? 'yes' : 'no';
  return order >= 0 ? 'yes' : 'no';
}

/**
 * Returns the event that sorts last. Records may list events in any order.
 * Events with equal versions keep the record's order, which the schema
 * leaves open.
 */
function lastInVersionOrder(events: TimelineEvent[], scheme: VersionScheme): TimelineEvent | undefined {
  let last: TimelineEvent | undefined;
  for (const event of events) {
    if (last === undefined || compareEventVersions(event, last, scheme) >= 0) last = event;
  }
  return last;
}

function compareEventVersions(a: TimelineEvent, b: TimelineEvent, scheme: VersionScheme): number {
  const aZero = a.kind === 'introduced' && a.version === '0';
  const bZero = b.kind === 'introduced' && b.version === '0';
  if (aZero || bZero) return Number(bZero) - Number(aZero);
  return scheme.compare(a.version, b.version);
}

// Record ids already logged per note, so a record evaluated for many
// packages logs each note once. Cleared when it grows large, which only
// repeats a note.
const noted = new Set<string>();
const NOTED_MAX = 10_000;

function noteOnce(
  log: OsvLogContext,
  note: string,
  level: 'debug' | 'info' | 'warn',
  message: string,
  fields: Record<string, unknown> = {},
): void {
  if (log.recordId !== undefined) {
    const key = `${note}\u0000${log.recordId}`;
    if (noted.has(key)) return;
    if (noted.size >= NOTED_MAX) noted.clear();
    noted.add(key);
  }

  const target = log.logger ?? defaultLogger();
  target[level]({ recordId: log.recordId, ...fields }, message);
}

let rangeLogger: Logger | undefined;

function defaultLogger(): Logger {
  rangeLogger ??= childLogger('osv-range');
  return rangeLogger;
}
