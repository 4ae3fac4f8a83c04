// Shapes of the grid registry seed (grids, prosecutor groups, demo people) shared by builder and loader.
import { z } from 'zod';

export const GRID_LEVELS = ['street', 'community', 'grassroots'] as const;
export type GridLevel = (typeof GRID_LEVELS)[number];

export const personSeedSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  role: z.enum(['prosecutor', 'grid_member']),
  wechatId: z.string().min(1),
  gridCode: z.string().min(1).optional(),
});

export const gridSeedSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  level: z.enum(GRID_LEVELS),
  parentCode: z.string().min(1).nullable(),
  synthetic: z.boolean(),
  /** The official 12-digit NBS division code (统计用区划代码); null for sample grids. */
  divisionCode: z
    .string()
    .regex(/^\d{12}$/)
    .nullable(),
});

export const groupSeedSchema = z.strictObject({
  code: z.string().min(1),
  name: z.string().min(1),
  demo: z.boolean(),
  duty: z.boolean(),
  /** What the group does (issue 14); the grid groups own the communities. */
  function: z.enum(['grid', '控申', '未检', '公益诉讼', '民事行政', '刑事检察']),
  leader: personSeedSchema,
  liaison: personSeedSchema,
  members: z.array(personSeedSchema),
  communityCodes: z.array(z.string().min(1)),
});

export const registrySeedSchema = z.strictObject({
  district: z.strictObject({ code: z.string(), name: z.string(), city: z.string(), province: z.string() }),
  grids: z.array(gridSeedSchema),
  groups: z.array(groupSeedSchema),
  gridMembers: z.array(personSeedSchema),
});

export type PersonSeed = z.infer<typeof personSeedSchema>;
export type GridSeed = z.infer<typeof gridSeedSchema>;
export type GroupSeed = z.infer<typeof groupSeedSchema>;
export type RegistrySeed = z.infer<typeof registrySeedSchema>;
