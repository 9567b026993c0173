// Debian's urgency words mapped to the normalised severity.
import type { Severity } from '../../feeds/types.js';
import { SHARED_SEVERITY_WORDS } from '../../matcher/severity.js';

// Debian has no `critical` urgency, so that word gives Unknown here.
const URGENCY_WORDS: ReadonlyMap<string, Severity> = new Map([...SHARED_SEVERITY_WORDS, ['unimportant', 'Negligible']]);

/**
 * Returns the severity of a security tracker urgency. The tracker appends
 * `*` or `**` to some urgencies (`low**`); the word before them is the
 * level. `not yet assigned`, `end-of-life` and any word not listed here
 * give Unknown.
 */
export function severityFromUrgency(urgency: string | undefined): Severity {
  if (urgency === undefined) return 'Unknown';

  return URGENCY_WORDS.get(urgency.trim().replace(/\*+$/, '').toLowerCase()) ?? 'Unknown';
}
