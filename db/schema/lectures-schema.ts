// Drizzle table for lecture requests (普法讲座) from residents and grid members, and their scheduling.
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { grids, groups, people } from './registry-schema.js';

export const LECTURE_STATES = ['requested', 'scheduled', 'cancelled'] as const;

export const lectureRequests = pgTable(
  'lecture_requests',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    gridId: integer('grid_id').references(() => grids.id),
    groupId: integer('group_id').references(() => groups.id),
    topic: text('topic').notNull(),
    // Preferred dates as the requester wrote them ("下周三下午"): read by a person, never parsed into a promise.
    preferred: text('preferred'),
    requesterId: integer('requester_id').references(() => people.id),
    // The bound group chat it was asked in, which is told when it is scheduled.
    roomId: text('room_id'),
    state: text('state', { enum: LECTURE_STATES }).notNull().default('requested'),
    scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
    speaker: text('speaker'),
    place: text('place'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('lecture_requests_group_state_idx').on(t.groupId, t.state)],
);
