// The OSV matcher for language packages. npm, PyPI, Go, Maven, RubyGems,
// crates.io, NuGet and Packagist records are keyed by package-URL type and
// package name (release `''`). They are judged by their OSV ranges in the
// ecosystem's own version scheme, whatever the image's distribution.
import type { VulnerabilityRecord } from '../../feeds/types.js';
import type { ImagePackage } from '../../indexer/types.js';
import type { EcosystemMatcher } from '../../matcher/types.js';
import { judgeByAnyRecord } from '../../matcher/verdict.js';
import { schemeForEcosystem } from '../../versioning/osv-ecosystems.js';
import type { VersionScheme } from '../../versioning/types.js';
import { osvEcosystems, type OsvEcosystem } from './ecosystems.js';

export interface LanguageMatchOptions {
  /**
   * Also match language packages whose file an OS package owns (a Debian
   * `python3-*` package's egg-info, a jar from `lib*-java`). Off by
   * default, because distributions backport fixes without changing the
   * upstream version: such packages are matched through their OS package.
   */
  matchOsOwned?: boolean;
}

/** Returns one matcher per language ecosystem whose version scheme is registered, all built the same way. */
export function createLanguageMatchers(options: LanguageMatchOptions = {}): EcosystemMatcher[] {
  return osvEcosystems()
    .filter((ecosystem) => ecosystem.language)
    .flatMap((ecosystem) => {
      const matcher = createLanguageMatcher(ecosystem, options);
      return matcher === undefined ? [] : [matcher];
    });
}

function createLanguageMatcher(ecosystem: OsvEcosystem, options: LanguageMatchOptions): EcosystemMatcher | undefined {
  const scheme = schemeForEcosystem(ecosystem.osv);
  if (scheme === undefined) return undefined;

  const recordPackageName = (pkg: ImagePackage): string => ecosystem.packageName(pkg.name);
  const semverByScheme = ecosystem.osv === 'Go';

  return {
    name: ecosystem.distribution,
    versionScheme: scheme,

    handles(_distribution, pkg) {
      if (pkg.ecosystem !== ecosystem.distribution) return false;
      return options.matchOsOwned === true || pkg.sourceName === '';
    },

    query(_distribution, pkgs) {
      const packageNames = [...new Set(pkgs.map(recordPackageName))].sort();
      return { distribution: ecosystem.distribution, release: '', packageNames };
    },

    recordPackageName,
    installedVersion: (pkg) => pkg.version,

    recordsFor(pkg, recordsNamed) {
      return recordsNamed(recordPackageName(pkg)).map((record) => withFixAbove(record, pkg.version, scheme));
    },

    affects(pkg, vulnerability) {
      return judgeByAnyRecord(scheme, pkg.version, vulnerability, { semverByScheme });
    },
  };
}

/**
 * Returns the record with `fixedVersion` set to the first fix above the
 * installed version. A record with several branches (`fixed: 0.2.1` for
 * 0.x and `fixed: 1.2.2` for 1.x) otherwise reports its first branch's fix
 * to a package on a later branch.
 */
function withFixAbove(record: VulnerabilityRecord, installed: string, scheme: VersionScheme): VulnerabilityRecord {
  if (!scheme.isValid(installed)) return record;

  const fixes = (record.ranges ?? [])
    .filter((range) => range.type !== 'GIT')
    .flatMap((range) => range.events.map((event) => event.fixed))
    .filter((fixed): fixed is string => fixed !== undefined && scheme.isValid(fixed) && scheme.compare(fixed, installed) > 0);
  if (fixes.length === 0) return record;

  const first = fixes.reduce((lowest, fixed) => (scheme.compare(fixed, lowest) < 0 ? fixed : lowest));
  return { ...record, fixedVersion: first };
}
