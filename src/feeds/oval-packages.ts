// The package statements of an rpm OVAL definition: its criteria tree is
// walked once, and each package criterion is returned with the platform
// ("Oracle Linux 7 is installed"), architecture and module criteria that
// guard it in the enclosing AND groups.
import type { OvalCriteria, OvalCriterion, OvalDefinition, OvalTest } from './oval.js';

/** One package statement of a definition. */
export interface OvalPackageStatement {
  packageName: string;
  /** `fixed`: versions below `evr` are affected; `unfixed`: every installed version is; `not-affected`: none is. */
  state: 'fixed' | 'unfixed' | 'not-affected';
  /** EVR as the state writes it (`0:3.27.2-5.ph3`). */
  evr?: string;
  /** Comments of the platform criteria that guard the package (`Photon OS 3 is installed`). */
  platforms: string[];
  /** Architectures the guarding criteria limit the package to; empty for every architecture. */
  arches: string[];
  /** Module stream `name:stream` from an Oracle "Module NAME:STREAM is enabled" criterion. */
  module?: string;
}

interface Guard {
  platforms: string[];
  arches: string[];
  module?: string;
}

const MODULE_CRITERION = /^Module (\S+:\S+) is enabled$/;

/**
 * Returns the package statements of a definition. Criteria the walk does not
 * understand (signature keys, tests on files) are skipped: they narrow a
 * statement but never name a package or a version.
 */
export function ovalPackageStatements(definition: OvalDefinition): OvalPackageStatement[] {
  if (!definition.criteria) return [];
  const statements: OvalPackageStatement[] = [];
  walk(definition.criteria, { platforms: [], arches: [] }, statements);
  return statements;
}

function walk(criteria: OvalCriteria, inherited: Guard, out: OvalPackageStatement[]): void {
  // In an AND group the guards among the children apply to their siblings.
  const guard = criteria.operator === 'AND' ? withGuards(inherited, criteria.children) : inherited;

  for (const child of criteria.children) {
    if (child.type === 'criteria') {
      if (criteria.operator === 'AND' && isGuardGroup(child)) continue;
      walk(child, guard, out);
      continue;
    }

    const statement = packageStatement(child, guard);
    if (statement) out.push(statement);
  }
}

function withGuards(inherited: Guard, children: OvalCriteria['children']): Guard {
  const guard: Guard = { platforms: [...inherited.platforms], arches: [...inherited.arches], module: inherited.module };
  const guardCriteria = children.flatMap((child) => (child.type === 'criterion' ? [child] : isGuardGroup(child) ? (child.children as OvalCriterion[]) : []));

  const platforms: string[] = [];
  const arches: string[] = [];
  for (const criterion of guardCriteria) {
    const kind = guardKind(criterion);
    if (kind === 'platform') platforms.push(criterion.comment);
    if (kind === 'arch') arches.push(...archesOf(criterion.test!));
    if (kind === 'module') guard.module = MODULE_CRITERION.exec(criterion.comment)![1];
  }
  // A nearer platform or architecture guard replaces the outer one.
  if (platforms.length > 0) guard.platforms = platforms;
  if (arches.length > 0) guard.arches = arches;
  return guard;
}

/** Returns true for a criteria group made only of guards, such as `OR(SLES 15 SP1 is installed, SLES for SAP 15 SP1 is installed)`. */
function isGuardGroup(criteria: OvalCriteria): boolean {
  return criteria.operator === 'OR' && criteria.children.length > 0 && criteria.children.every((child) => child.type === 'criterion' && guardKind(child) !== undefined);
}

/**
 * Classifies a guard. Platform tests look at a release package's version
 * (`photon-release` matching `^3`, `sles-release` equal to `15.1`) or, in
 * older SUSE documents and Tumbleweed, its minimum EVR; architecture tests
 * at its arch alone.
 */
function guardKind(criterion: OvalCriterion): 'platform' | 'arch' | 'module' | undefined {
  if (MODULE_CRITERION.test(criterion.comment)) return 'module';
  const test = criterion.test;
  if (!test || !isReleasePackage(test) || test.evr?.operation === 'less than') return undefined;
  if (test.arch !== undefined && test.version === undefined && test.evr === undefined) return 'arch';
  return 'platform';
}

/** Returns true for the release packages that platform tests check: `photon-release`, `oraclelinux-release`, `sles-release`, `openSUSE-release`, ... */
function isReleasePackage(test: OvalTest): boolean {
  return test.objectName !== undefined && /release$/i.test(test.objectName);
}

/** Returns the architectures of an arch state: one name, or a pattern such as `^(aarch64|x86_64)$`. */
function archesOf(test: OvalTest): string[] {
  const value = test.arch!.value;
  return value
    .replace(/[\^$()]/g, '')
    .split('|')
    .map((arch) => arch.trim())
    .filter((arch) => /^[\w.-]+$/.test(arch));
}

/**
 * Reads one package criterion. SUSE writes `less than` EVRs for fixes,
 * `greater than 0:0-0` for flaws without a fix, and version `0` for
 * packages that are not affected.
 *
 * NOTE: SUSE's kernel live patch criteria (the kernel at one exact EVR and
 * no live patch at or above a version) are skipped: they need both
 * packages to be judged together.
 */
function packageStatement(criterion: OvalCriterion, guard: Guard): OvalPackageStatement | undefined {
  const test = criterion.test;
  if (!test || test.kind !== 'rpminfo_test' || test.objectName === undefined || criterion.negate || test.check === 'none satisfy') return undefined;
  if (guardKind(criterion) !== undefined || test.signatureKeyId !== undefined) return undefined;

  const arches = test.arch ? archesOf(test) : guard.arches;
  const base = { packageName: test.objectName, platforms: guard.platforms, arches, ...(guard.module ? { module: guard.module } : {}) };

  if (test.evr?.operation === 'less than') return { ...base, state: 'fixed', evr: test.evr.value };
  if (test.evr?.operation === 'greater than' && /^(0:)?0-0$/.test(test.evr.value)) return { ...base, state: 'unfixed' };
  if (/ is not affected$/.test(criterion.comment) && test.version?.value === '0') return { ...base, state: 'not-affected' };
  // A test without a state only checks that the package is installed.
  if (!test.hasState) return { ...base, state: 'unfixed' };
  return undefined;
}
