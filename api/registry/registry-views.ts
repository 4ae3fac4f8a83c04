// Response schemas and small query helpers shared by the registry endpoints.
import { z } from 'zod';
import { GRID_LEVELS } from '../../db/schema/index.js';

export const codeRefSchema = z.object({ code: z.string(), name: z.string() });

export const gridRefSchema = z.object({ code: z.string(), name: z.string(), level: z.enum(GRID_LEVELS) });

export const personRefSchema = z.object({
  code: z.string().nullable(),
  name: z.string(),
  wechatId: z.string().nullable(),
});

/** Registry codes: letters, digits, - and _ (the same rule the CSV import applies). */
export const registryCode = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'letters, digits, - and _ only (at most 64)');

export const codeParam = z.object({ code: z.string().min(1).max(64) });

/** A LIKE pattern matching `text` anywhere, with the wildcard characters in it taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}
