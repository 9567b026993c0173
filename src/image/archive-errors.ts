// Turns the errors of reading an archive (tar-stream, zlib, fs) into
// UserErrors that name the archive and the fix.
import { UserError } from '../errors.js';

/** Maps an error met while reading the archive `file` to a UserError; unknown errors are returned unchanged. */
export function archiveReadError(file: string, err: unknown, exportHint: string): unknown {
  if (err instanceof UserError || !(err instanceof Error)) {
    return err;
  }

  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR') {
    return new UserError('NOT_FOUND', `cannot read archive ${file} (${code}); check the path and its permissions`, { cause: err });
  }
  if (/Invalid tar header/i.test(err.message)) {
    return new UserError('INVALID_ARCHIVE', `${file} is not a tar archive (${err.message}); ${exportHint}`, { cause: err });
  }
  if (/Unexpected end of data/i.test(err.message) || code === 'Z_BUF_ERROR' || /unexpected end of file/i.test(err.message)) {
    return new UserError('INVALID_ARCHIVE', `${file} is truncated (it ends inside a member); copy or download it again, or ${exportHint}`, {
      cause: err,
    });
  }
  if (code === 'Z_DATA_ERROR' || code?.startsWith('Z_')) {
    return new UserError('INVALID_ARCHIVE', `${file} is not a valid gzip file (${err.message}); ${exportHint}`, { cause: err });
  }
  return err;
}
