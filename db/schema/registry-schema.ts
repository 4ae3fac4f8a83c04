// Drizzle tables for the grid registry: grids, prosecutor groups, people and bound WeChat rooms.
import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

export const GRID_LEVELS = ['street', 'community', 'grassroots'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

export const PERSON_ROLES = ['prosecutor', 'grid_member', 'resident', 'office'] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

export const GROUP_MEMBER_ROLES = ['leader', 'liaison', 'member'] as const;
export type GroupMemberRole = (typeof GROUP_MEMBER_ROLES)[number];

// What a group does: a grid group owns communities; the others take matters by subject (issue 14).
export const GROUP_FUNCTIONS = ['grid', '控申', '未检', '公益诉讼', '民事行政', '刑事检察'] as const;
export type GroupFunction = (typeof GROUP_FUNCTIONS)[number];

export const groups = pgTable('groups', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  demo: boolean('demo').notNull().default(false),
  duty: boolean('duty').notNull().default(false),
  function: text('function', { enum: GROUP_FUNCTIONS }).notNull().default('grid'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const grids = pgTable(
  'grids',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    level: text('level', { enum: GRID_LEVELS }).notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => grids.id),
    // Only community grids are owned; grassroots grids route through their community.
    ownerGroupId: integer('owner_group_id').references(() => groups.id),
    synthetic: boolean('synthetic').notNull().default(false),
    // The official 12-digit NBS division code (统计用区划代码) where the grid is an official division.
    divisionCode: text('division_code'),
  },
  (t) => [
    index('grids_parent_idx').on(t.parentId),
    index('grids_level_idx').on(t.level),
    index('grids_owner_idx').on(t.ownerGroupId),
  ],
);

export const people = pgTable(
  'people',
  {
    id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
    code: text('code').unique(),
    name: text('name').notNull(),
    role: text('role', { enum: PERSON_ROLES }).notNull(),
    wechatId: text('wechat_id'),
    gridId: integer('grid_id').references(() => grids.id),
    // Contact details are stored encrypted (see api/security); never in clear.
    phoneEnc: text('phone_enc'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('people_wechat_id_uq').on(t.wechatId).where(sql`${t.wechatId} is not null`)],
);

export const groupMembers = pgTable(
  'group_members',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => groups.id, { onDelete: 'cascade' }),
    personId: integer('person_id')
      .notNull()
      .references(() => people.id, { onDelete: 'cascade' }),
    role: text('role', { enum: GROUP_MEMBER_ROLES }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.personId] }), index('group_members_person_idx').on(t.personId)],
);

export const rooms = pgTable('rooms', {
  // The WeChat room id is the key, so a room stays bound when its topic changes.
  roomId: text('room_id').primaryKey(),
  topic: text('topic'),
  gridId: integer('grid_id').references(() => grids.id),
  boundBy: text('bound_by'),
  boundAt: timestamp('bound_at', { withTimezone: true }),
  // The room takes the office's approved 普法 notices (订阅普法 / 退订普法 in the room, or the rooms API).
  noticesOptIn: boolean('notices_opt_in').notNull().default(false),
  noticesOptedBy: text('notices_opted_by'),
  noticesOptedAt: timestamp('notices_opted_at', { withTimezone: true }),
});
