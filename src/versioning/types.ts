// The API every version scheme implements. A scheme lives in its
// ecosystem's folder and is registered by name in ./index.ts.

export interface VersionScheme {
  /** Scheme name as `layerlens vercmp --scheme` takes it: `dpkg`, `apk`, ... */
  readonly name: string;
  /** True when the string is a version of this scheme. */
  isValid(version: string): boolean;
  /**
   * Orders two versions: negative when a < b, 0 when equal, positive when a > b.
   * Throws InvalidVersionError when either side is not valid, unless the
   * scheme's reference implementation defines an order for it.
   */
  compare(a: string, b: string): number;
  /**
   * Returns why the string is not a valid version of this scheme, in the
   * reference implementation's words, or undefined when it is valid.
   */
  explainInvalid?(version: string): string | undefined;
  /**
   * True when the version lies inside the range, written in the ecosystem's
   * native form (an npm range, a PEP 440 specifier set, a RubyGems
   * requirement, a NuGet interval, a composer constraint, a Maven range).
   * Throws InvalidRangeError for a range the scheme cannot parse and
   * InvalidVersionError for an invalid version. Schemes whose ecosystem has
   * no range syntax (dpkg, apk, rpm) leave it out.
   */
  satisfies?(version: string, range: string, options?: RangeOptions): boolean;
}

/** Options of the reference implementations that change how a range matches. */
export interface RangeOptions {
  /** node-semver `loose`: accept versions and ranges that are not strict semver. */
  loose?: boolean;
  /** node-semver `includePrerelease`; PEP 440 `prereleases=True`: let pre-releases match. */
  includePrerelease?: boolean;
}

export class InvalidRangeError extends Error {
  readonly range: string;
  readonly scheme: string;

  constructor(scheme: string, range: string, reason: string) {
    super(`invalid ${scheme} range "${range}": ${reason}`);
    this.name = 'InvalidRangeError';
    this.scheme = scheme;
    this.range = range;
  }
}

export class InvalidVersionError extends Error {
  readonly version: string;
  readonly scheme: string;

  constructor(scheme: string, version: string, reason: string) {
    super(`invalid ${scheme} version "${version}": ${reason}`);
    this.name = 'InvalidVersionError';
    this.scheme = scheme;
    this.version = version;
  }
}
