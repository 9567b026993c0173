// Errors for malformed feed data. Parsers name the member and the line or
// field; the importer adds the imported file and the next step.
import { UserError } from '../errors.js';

/** Returns an INVALID_FEED error for `member`, located at a line number or a field path. */
export function invalidFeed(member: string, location: string | number | undefined, reason: string): UserError {
  let where = member;
  if (typeof location === 'number') where = `${member} line ${location}`;
  else if (location !== undefined) where = `${member} at ${location}`;

  return new UserError('INVALID_FEED', `${where}: ${reason}`);
}
