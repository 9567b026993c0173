// Ubuntu CVE tracker priorities mapped to the normalised severity.
import type { Severity } from '../../feeds/types.js';
import { SHARED_SEVERITY_WORDS } from '../../matcher/severity.js';

const PRIORITY_WORDS: ReadonlyMap<string, Severity> = new Map([
  ...SHARED_SEVERITY_WORDS,
  ['negligible', 'Negligible'],
  ['critical', 'Critical'],
]);

/** Returns the severity of a UCT priority; `untriaged`, a missing priority and unknown words give Unknown. */
export function severityFromPriority(priority: string | undefined): Severity {
  if (priority === undefined) return 'Unknown';
  return PRIORITY_WORDS.get(priority.trim().toLowerCase()) ?? 'Unknown';
}
