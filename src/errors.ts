// Error types shared by every module. A UserError is a problem with the
// input (exit code 2): its message names the input and what to do next.

export type ErrorCode =
  | 'USAGE'
  | 'NOT_FOUND'
  | 'INVALID_REFERENCE'
  | 'INVALID_ARCHIVE'
  | 'UNKNOWN_MEDIA_TYPE'
  | 'DIGEST_MISMATCH'
  | 'MISSING_BLOB'
  | 'AMBIGUOUS_IMAGE'
  | 'INVALID_FEED'
  | 'FEED_UNAVAILABLE'
  | 'INVALID_CONFIG'
  | 'INVALID_VERSION'
  | 'STORE';

export class UserError extends Error {
  readonly code: ErrorCode;

  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UserError';
    this.code = code;
  }
}

export function isUserError(err: unknown): err is UserError {
  return err instanceof UserError;
}
