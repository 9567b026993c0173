// Checks shared by every store before it diffs two update operations.
import { UserError } from '../errors.js';
import type { UpdateOperation } from './store.js';

const LIST_HINT = '`layerlens db status --format json` lists the operations kept for each feed';

/** Throws a UserError naming the id when an operation is missing, or both ids when their feeds differ. */
export function checkComparable(
  prevId: number,
  prev: UpdateOperation | undefined,
  curId: number,
  cur: UpdateOperation | undefined,
): void {
  for (const [name, id, operation] of [['PREV', prevId, prev], ['CUR', curId, cur]] as const) {
    if (operation === undefined) {
      throw new UserError('NOT_FOUND', `${name}: no update operation ${id} in the database (old operations are deleted, keeping the last few per feed); ${LIST_HINT}`);
    }
  }
  if (prev!.feed !== cur!.feed) {
    throw new UserError(
      'USAGE',
      `PREV and CUR belong to different feeds (operation ${prevId} is ${prev!.feed}, operation ${curId} is ${cur!.feed}); give two operations of one feed`,
    );
  }
}
