// Content digests (`sha256:<hex>`) and the verifying stream that checks a
// blob against its digest while it is read.
import { createHash } from 'node:crypto';
import { pipeline, type Readable, Transform, type TransformCallback } from 'node:stream';
import { UserError } from '../errors.js';

const SHA256_PATTERN = /^sha256:[0-9a-f]{64}$/;

/** Returns `sha256:<hex>` of the given bytes. */
export function sha256Digest(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Returns the hex part of a sha256 digest, or raises INVALID_ARCHIVE naming where the digest came from. */
export function sha256Hex(digest: string, where: string): string {
  if (!SHA256_PATTERN.test(digest)) {
    // NOTE: OCI also allows sha512 digests; no image seen so far uses them.
    throw new UserError(
      'INVALID_ARCHIVE',
      `${where} names the digest "${digest}", which is not a sha256 digest (sha256:<64 hex digits>); ` +
        're-export the image with a tool that writes sha256 digests',
    );
  }
  return digest.slice('sha256:'.length);
}

/** The blob a verifying stream checks, for its error message. */
export interface DigestCheck {
  /** Expected digest, `sha256:<hex>`. */
  digest: string;
  /** Kind and name of the blob, such as `layer sha256:...` or `config`. */
  blob: string;
  /** File or archive member the bytes come from. */
  file: string;
  /** Advice for a mismatch; default: re-export the archive. */
  fix?: string;
}

/** Raises DIGEST_MISMATCH when a fully read document does not hash to its digest. */
export function verifyBytes(data: Buffer, check: DigestCheck): void {
  const actual = sha256Digest(data);
  if (actual !== check.digest) {
    throw digestMismatch(check, actual);
  }
}

/**
 * Returns a pass-through stream that hashes the bytes going through it and,
 * at their end, errors with DIGEST_MISMATCH when they do not hash to the
 * expected digest. The bytes are passed on before the check, so a consumer
 * must treat the data as untrusted until the stream ends without an error.
 */
export function digestVerifier(check: DigestCheck): Transform {
  sha256Hex(check.digest, check.file);
  const hash = createHash('sha256');

  return new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback) {
      hash.update(chunk);
      callback(null, chunk);
    },
    flush(callback: TransformCallback) {
      const actual = `sha256:${hash.digest('hex')}`;
      callback(actual === check.digest ? null : digestMismatch(check, actual));
    },
  });
}

/** Pipes a blob through a digestVerifier; errors of either stream reach the returned one. */
export function verifiedStream(blob: Readable, check: DigestCheck): Readable {
  return pipeline(blob, digestVerifier(check), () => {
    // Errors are delivered to the consumer through the returned stream.
  });
}

function digestMismatch(check: DigestCheck, actual: string): UserError {
  // Most blob labels already carry the expected digest ("blob sha256:...").
  const expected = check.blob.includes(check.digest) ? check.blob : `${check.blob} (${check.digest})`;
  return new UserError(
    'DIGEST_MISMATCH',
    `digest mismatch for ${expected}: ${check.file} hashes to ${actual}; ` +
      (check.fix ?? 'the archive is corrupt or was modified, so re-export it'),
  );
}
