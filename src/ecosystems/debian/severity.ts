// Debian's urgency words mapped to the normalised severity.
import type { Severity } from '../../feeds/types.js';

/**
 * Returns the severity of a security tracker urgency. The tracker appends
 * `*` or `**` to some urgencies (`low**`); the word before them is the
 * level. `not yet assigned`, `end-of-life` and any word not listed here
 * give Unknown.
 */
export function severityFromUrgency(urgency: string | undefined): Severity {
  if (urgency === undefined) return 'Unknown';

  switch (urgency.trim().replace(/\*+$/, '').toLowerCase()) {
    case 'unimportant':
      return 'Negligible';
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
    default:
      return 'Unknown';
  }
}
