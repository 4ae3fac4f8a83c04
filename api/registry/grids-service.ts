// The grid registry for the office: filtered listing, one grid, place names for the bot, CSV import.
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/create-db.js';
import { type GridLevel, grids, groups } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { NotFoundError } from '../http/domain-errors.js';
import { registryPlaceNames } from '../messages/message-parser.js';
import { parseGridsCsv } from './csv/grids-csv-parser.js';
import { CsvInvalidError } from './csv-import.js';
import { applyOrPreview } from './csv-preview.js';
import { createImportQueue, inBatches } from './import-batches.js';
import { recordAudit } from './registry-audit.js';
import { containsPattern } from './registry-views.js';

export interface GridView {
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  ownerGroup: { code: string; name: string } | null;
  synthetic: boolean;
  divisionCode: string | null;
}

export interface GridFilter {
  level?: GridLevel;
  parentCode?: string;
  q?: string;
}

const LEVEL_ORDER: Record<GridLevel, number> = { street: 0, community: 1, grassroots: 2 };

export function createGridService(deps: { db: Db; clock: Clock }) {
  const { db } = deps;
  const oneImportAtATime = createImportQueue();
  const parent = alias(grids, 'parent');
  // Told after an import changed grids: the API's parser reads the place names again at once.
  const changeListeners: (() => Promise<void>)[] = [];
  // A grassroots grid is served by whoever owns its community, so that is the owner shown.
  const ownerJoin = sql`${groups.id} = case when ${grids.level} = 'grassroots' then ${parent.ownerGroupId} else ${grids.ownerGroupId} end`;

  function selectViews() {
    return db
      .select({
        code: grids.code,
        name: grids.name,
        level: grids.level,
        parentCode: parent.code,
        ownerCode: groups.code,
        ownerName: groups.name,
        synthetic: grids.synthetic,
        divisionCode: grids.divisionCode,
      })
      .from(grids)
      .leftJoin(parent, eq(parent.id, grids.parentId))
      .leftJoin(groups, ownerJoin);
  }

  type Selected = Awaited<ReturnType<ReturnType<typeof selectViews>['execute']>>[number];
  const toView = (r: Selected): GridView => ({
    code: r.code,
    name: r.name,
    level: r.level,
    parentCode: r.parentCode,
    ownerGroup: r.ownerCode && r.ownerName ? { code: r.ownerCode, name: r.ownerName } : null,
    synthetic: r.synthetic,
    divisionCode: r.divisionCode,
  });

  return {
    async list(filter: GridFilter, page: { limit: number; offset: number }) {
      const conditions: SQL[] = [];
      if (filter.level) conditions.push(eq(grids.level, filter.level));
      if (filter.parentCode) conditions.push(eq(parent.code, filter.parentCode));
      if (filter.q) {
        const pattern = containsPattern(filter.q);
        conditions.push(
          or(ilike(grids.name, pattern), ilike(grids.code, pattern), ilike(grids.divisionCode, pattern))!,
        );
      }
      const where = conditions.length > 0 ? and(...conditions) : undefined;
      const [rows, [total]] = await Promise.all([
        selectViews().where(where).orderBy(asc(grids.code)).limit(page.limit).offset(page.offset),
        db.select({ n: count() }).from(grids).leftJoin(parent, eq(parent.id, grids.parentId)).where(where),
      ]);
      return { items: rows.map(toView), total: Number(total?.n ?? 0) };
    },

    async get(code: string) {
      const [row] = await selectViews().where(eq(grids.code, code));
      if (!row) throw new NotFoundError(`grid ${code} does not exist`);
      const [children] = await db
        .select({ n: count() })
        .from(grids)
        .innerJoin(parent, eq(parent.id, grids.parentId))
        .where(eq(parent.code, code));
      return { ...toView(row), childCount: Number(children?.n ?? 0) };
    },

    /** Plain street and community names, as residents write them (the parser's place list). */
    places: () => registryPlaceNames(db),

    /**
     * Validates the whole file against the registry: any problem refuses it all. A valid file is then applied
     * parents first in short transactions (see import-batches.ts); each re-reads the codes it writes, so sending
     * the same file again after an interruption completes it without duplicates.
     */
    async importCsv(
      text: string,
      actor: string,
      options: { dryRun?: boolean } = {},
    ): Promise<{ created: number; updated: number }> {
      const counts = await applyOrPreview(db, options, oneImportAtATime, (target) =>
        importInto(target, text, actor),
      );
      if (!options.dryRun && counts.created + counts.updated > 0)
        for (const listener of changeListeners) await listener();
      return counts;
    },

    /** Calls `listener` after every import that created or renamed grids (before the import answers). */
    onChange(listener: () => Promise<void>): void {
      changeListeners.push(listener);
    },
  };

  /** The import on `db`: the database itself, or a dry run's transaction. */
  async function importInto(
    db: Db,
    text: string,
    actor: string,
  ): Promise<{ created: number; updated: number }> {
    const existing = await db.select({ id: grids.id, code: grids.code, level: grids.level }).from(grids);
    const ids = new Map(existing.map((g) => [g.code, g.id]));
    const parsed = parseGridsCsv(text, new Map(existing.map((g) => [g.code, g.level])));
    if (!parsed.ok) throw new CsvInvalidError(parsed.errors);

    let created = 0;
    let updated = 0;
    const rows = [...parsed.rows].sort((a, b) => LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level]);
    await inBatches(rows, (batch) =>
      db.transaction(async (tx) => {
        // Imports from other API processes run one at a time too, and codes they added are updated, not repeated.
        await tx.execute(sql`lock table grids in share row exclusive mode`);
        const current = await tx
          .select({ id: grids.id, code: grids.code })
          .from(grids)
          .where(
            inArray(
              grids.code,
              batch.map((r) => r.code),
            ),
          );
        for (const g of current) ids.set(g.code, g.id);
        for (const row of batch) {
          const parentId = row.parentCode === null ? null : ids.get(row.parentCode)!;
          const id = ids.get(row.code);
          if (id === undefined) {
            const [inserted] = await tx
              .insert(grids)
              .values({
                code: row.code,
                name: row.name,
                level: row.level,
                parentId,
                synthetic: false,
                divisionCode: row.divisionCode,
              })
              .returning({ id: grids.id });
            ids.set(row.code, inserted!.id);
            created++;
          } else {
            // Names from the office replace the seed's placeholders, so the grid is no longer synthetic.
            await tx
              .update(grids)
              .set({
                name: row.name,
                parentId,
                synthetic: false,
                ...(row.divisionCode ? { divisionCode: row.divisionCode } : {}),
              })
              .where(eq(grids.id, id));
            updated++;
          }
        }
      }),
    );
    await recordAudit(db, {
      at: deps.clock.now(),
      actor,
      action: 'grids.imported',
      subject: 'grids',
      data: { created, updated },
    });
    return { created, updated };
  }
}

export type GridService = ReturnType<typeof createGridService>;
