// The deadline definition's SQL applied to the cases table, for queries (the schema applies it to itself).
import type { SQL } from 'drizzle-orm';
import { cases } from '../../db/schema/index.js';
import {
  anyDeadlineOpenSql,
  anyDeadlineOverdueSql,
  type DeadlineColumn,
  deadlineOpenSql,
  deadlineOverdueSql,
  deadlinePendingSql,
  replyFiguresSql,
} from './open-deadlines.js';

/** The drizzle column of `cases` for a column the rules read. */
export const caseColumn = (column: DeadlineColumn) => cases[column];

export {
  anyDeadlineOpenSql,
  anyDeadlineOverdueSql,
  deadlineOpenSql,
  deadlineOverdueSql,
  deadlinePendingSql,
  replyFiguresSql,
};

/** Cases with any open deadline due within the range (all open deadlines when no bound is given). */
export function openDeadlineFilter(range: { from?: Date; to?: Date } = {}): SQL {
  return anyDeadlineOpenSql(caseColumn, range);
}
