// Shared look of every table LayerLens prints: no colours (output is often
// piped or logged) and no rule between rows, so long reports stay compact.
import type Table from 'cli-table3';

export const TABLE_STYLE: Pick<Table.TableConstructorOptions, 'style' | 'chars'> = {
  style: { head: [], border: [] },
  chars: { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' },
};
