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
