// Ubuntu CVE tracker priorities mapped to the normalised severity.
import type { Severity } from '../../feeds/types.js';

/** Returns the severity of a UCT priority; `untriaged`, a missing priority and unknown words give Unknown. */
export function severityFromPriority(priority: string | undefined): Severity {
  switch (priority?.trim().toLowerCase()) {
    case 'negligible':
      return 'Negligible';
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
    case 'critical':
      return 'Critical';
    default:
      return 'Unknown';
  }
}
