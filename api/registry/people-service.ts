// People for the office: prosecutors, grid members and residents; phones only encrypted in, masked out.
import { and, asc, count, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { grids, groupMembers, groups, type PersonRole, people } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import { BadRequestError, ConflictError, NotFoundError } from '../http/domain-errors.js';
import { toIsoShanghai } from '../http/time-format.js';
import type { FieldCipher } from '../security/field-cipher.js';
import type { CsvLineError } from './csv/csv-types.js';
import { type PersonCsvRow, parsePeopleCsv } from './csv/people-csv-parser.js';
import { normalisePhone } from './csv/phone-validator.js';
import { CsvInvalidError } from './csv-import.js';
import { applyOrPreview } from './csv-preview.js';
import { seatProblems } from './group-seats.js';
import { createImportQueue, inBatches } from './import-batches.js';
import { recordAudit } from './registry-audit.js';
import { containsPattern } from './registry-views.js';

type PersonRow = typeof people.$inferSelect;
export type RegisteredRole = Exclude<PersonRole, 'resident'>;

export interface PersonFilter {
  role?: PersonRole;
  gridCode?: string;
  q?: string;
}

export interface NewPerson {
  name: string;
  role: RegisteredRole;
  code?: string | undefined;
  wechatId?: string | undefined;
  gridCode?: string | undefined;
  phone?: string | undefined;
}

export interface PersonChanges {
  name?: string | undefined;
  role?: RegisteredRole | undefined;
  wechatId?: string | null | undefined;
  gridCode?: string | null | undefined;
  phone?: string | null | undefined;
}

/** 13812345678 → 138****5678; 0591-87654321 → 0591-****4321. */
export function maskPhone(phone: string): string {
  const landline = /^(0591-)\d{4}(\d{4})$/.exec(phone);
  if (landline) return `${landline[1]}****${landline[2]}`;
  return phone.length >= 7 ? `${phone.slice(0, 3)}****${phone.slice(-4)}` : '****';
}

const personCodeFor = (id: number) => `P-${String(id).padStart(6, '0')}`;

export function createPeopleService(deps: { db: Db; clock: Clock; cipher: FieldCipher }) {
  const { db, cipher } = deps;
  const oneImportAtATime = createImportQueue();

  function requirePhone(raw: string): string {
    const phone = normalisePhone(raw);
    if (!phone)
      throw new BadRequestError(
        'phone is neither a mobile number nor a 0591 landline',
        undefined,
        'invalid_phone',
      );
    return cipher.encrypt(phone);
  }

  async function gridIdOf(tx: Db, code: string): Promise<number> {
    const [grid] = await tx.select({ id: grids.id }).from(grids).where(eq(grids.code, code));
    if (!grid) throw new BadRequestError(`grid ${code} does not exist`, undefined, 'unknown_grid');
    return grid.id;
  }

  async function views(tx: Db, rows: PersonRow[]) {
    const gridIds = [...new Set(rows.map((r) => r.gridId).filter((id): id is number => id !== null))];
    const personIds = rows.map((r) => r.id);
    const [gridRows, memberships] = await Promise.all([
      gridIds.length === 0
        ? []
        : tx
            .select({ id: grids.id, code: grids.code, name: grids.name, level: grids.level })
            .from(grids)
            .where(inArray(grids.id, gridIds)),
      personIds.length === 0
        ? []
        : tx
            .select({
              personId: groupMembers.personId,
              code: groups.code,
              name: groups.name,
              role: groupMembers.role,
            })
            .from(groupMembers)
            .innerJoin(groups, eq(groups.id, groupMembers.groupId))
            .where(inArray(groupMembers.personId, personIds))
            .orderBy(asc(groups.code)),
    ]);
    return rows.map((r) => {
      const grid = gridRows.find((g) => g.id === r.gridId);
      return {
        id: r.id,
        code: r.code,
        name: r.name,
        role: r.role,
        wechatId: r.wechatId,
        grid: grid ? { code: grid.code, name: grid.name, level: grid.level } : null,
        phone: r.phoneEnc ? maskPhone(cipher.decrypt(r.phoneEnc)) : null,
        groups: memberships
          .filter((m) => m.personId === r.id)
          .map((m) => ({ code: m.code, name: m.name, role: m.role })),
        createdAt: toIsoShanghai(r.createdAt),
      };
    });
  }

  async function view(tx: Db, id: number) {
    const [row] = await tx.select().from(people).where(eq(people.id, id));
    if (!row) throw new NotFoundError(`person ${id} does not exist`);
    return (await views(tx, [row]))[0]!;
  }

  /** The grid and its descendants, so filtering by a street finds everyone registered under it. */
  async function subtreeIds(code: string): Promise<number[]> {
    const ids: number[] = [];
    let frontier = (await db.select({ id: grids.id }).from(grids).where(eq(grids.code, code))).map(
      (g) => g.id,
    );
    while (frontier.length > 0) {
      ids.push(...frontier);
      frontier = (await db.select({ id: grids.id }).from(grids).where(inArray(grids.parentId, frontier))).map(
        (g) => g.id,
      );
    }
    return ids;
  }

  function checkShape(role: PersonRole, wechatId: string | null, gridId: number | null) {
    if (role === 'prosecutor' && !wechatId)
      throw new BadRequestError(
        'a prosecutor needs a wechatId (their WeChat contact id)',
        undefined,
        'wechat_required',
      );
    if (role === 'grid_member' && gridId === null)
      throw new BadRequestError('a grid member needs a gridCode', undefined, 'grid_required');
  }

  async function leaveGroupsAllowed(tx: Db, person: PersonRow, role: PersonRole) {
    if (person.role !== 'prosecutor' || role === 'prosecutor') return;
    const [membership] = await tx
      .select({ code: groups.code })
      .from(groupMembers)
      .innerJoin(groups, eq(groups.id, groupMembers.groupId))
      .where(eq(groupMembers.personId, person.id))
      .limit(1);
    if (membership)
      throw new ConflictError(
        `person ${person.id} belongs to group ${membership.code}; take them out of it before changing the role`,
        'in_group',
      );
  }

  return {
    maskPhone,

    async list(filter: PersonFilter, page: { limit: number; offset: number }) {
      const conditions: SQL[] = [];
      if (filter.role) conditions.push(eq(people.role, filter.role));
      if (filter.gridCode) {
        const ids = await subtreeIds(filter.gridCode);
        conditions.push(ids.length > 0 ? inArray(people.gridId, ids) : sql`false`);
      }
      if (filter.q) {
        const pattern = containsPattern(filter.q);
        conditions.push(
          or(ilike(people.name, pattern), ilike(people.code, pattern), ilike(people.wechatId, pattern))!,
        );
      }
      const where = conditions.length > 0 ? and(...conditions) : undefined;
      const [rows, [total]] = await Promise.all([
        db.select().from(people).where(where).orderBy(asc(people.id)).limit(page.limit).offset(page.offset),
        db.select({ n: count() }).from(people).where(where),
      ]);
      return { items: await views(db, rows), total: Number(total?.n ?? 0) };
    },

    get: (id: number) => view(db, id),

    /** Registers a person; a resident already known by this WeChat id is promoted instead of duplicated. */
    async create(input: NewPerson, actor: string) {
      return db.transaction(async (tx) => {
        const gridId = input.gridCode ? await gridIdOf(tx, input.gridCode) : null;
        const wechatId = input.wechatId ?? null;
        checkShape(input.role, wechatId, gridId);
        const phoneEnc = input.phone ? requirePhone(input.phone) : null;
        if (input.code) {
          const [taken] = await tx.select({ id: people.id }).from(people).where(eq(people.code, input.code));
          if (taken) throw new ConflictError(`person code ${input.code} is taken`, 'code_taken');
        }
        const [known] = wechatId ? await tx.select().from(people).where(eq(people.wechatId, wechatId)) : [];
        if (known && known.role !== 'resident')
          throw new ConflictError(
            `WeChat id ${wechatId} already belongs to person ${known.id}`,
            'wechat_id_taken',
          );
        const values = {
          name: input.name,
          role: input.role,
          wechatId,
          gridId,
          ...(phoneEnc ? { phoneEnc } : {}),
        };
        const [row] = known
          ? await tx
              .update(people)
              .set({ ...values, code: input.code ?? known.code })
              .where(eq(people.id, known.id))
              .returning()
          : await tx
              .insert(people)
              .values({ ...values, code: input.code ?? null })
              .returning();
        if (!row!.code)
          await tx
            .update(people)
            .set({ code: personCodeFor(row!.id) })
            .where(eq(people.id, row!.id));
        await recordAudit(tx, {
          at: deps.clock.now(),
          actor,
          action: known ? 'person.promoted' : 'person.created',
          subject: `person:${row!.id}`,
          data: { role: input.role },
        });
        return view(tx, row!.id);
      });
    },

    async update(id: number, changes: PersonChanges, actor: string) {
      return db.transaction(async (tx) => {
        const [person] = await tx.select().from(people).where(eq(people.id, id)).for('update');
        if (!person) throw new NotFoundError(`person ${id} does not exist`);
        const role = changes.role ?? person.role;
        const wechatId = changes.wechatId === undefined ? person.wechatId : changes.wechatId;
        const gridId =
          changes.gridCode === undefined
            ? person.gridId
            : changes.gridCode === null
              ? null
              : await gridIdOf(tx, changes.gridCode);
        checkShape(role, wechatId, gridId);
        await leaveGroupsAllowed(tx, person, role);
        if (wechatId && wechatId !== person.wechatId) {
          const [other] = await tx
            .select({ id: people.id })
            .from(people)
            .where(eq(people.wechatId, wechatId));
          if (other)
            throw new ConflictError(
              `WeChat id ${wechatId} already belongs to person ${other.id}`,
              'wechat_id_taken',
            );
        }
        const phoneEnc =
          changes.phone === undefined
            ? person.phoneEnc
            : changes.phone === null
              ? null
              : requirePhone(changes.phone);
        await tx
          .update(people)
          .set({ name: changes.name ?? person.name, role, wechatId, gridId, phoneEnc })
          .where(eq(people.id, id));
        if (!person.code && role !== 'resident')
          await tx
            .update(people)
            .set({ code: personCodeFor(id) })
            .where(eq(people.id, id));
        await recordAudit(tx, {
          at: deps.clock.now(),
          actor,
          action: 'person.updated',
          subject: `person:${id}`,
          // Which fields changed, never their values: the phone must not reach the log in clear.
          data: { fields: Object.keys(changes) },
        });
        return view(tx, id);
      });
    },

    /**
     * Validates the whole file (including against who is already registered): any problem refuses it all.
     * A valid file is then applied in short transactions (see import-batches.ts); each re-reads who is
     * registered, so sending the same file again after an interruption completes it without duplicates.
     */
    async importCsv(
      text: string,
      actor: string,
      options: { dryRun?: boolean } = {},
    ): Promise<{ created: number; updated: number }> {
      return applyOrPreview(db, options, oneImportAtATime, (target) => importInto(target, text, actor));
    },
  };

  /** The import on `db`: the database itself, or a dry run's transaction. */
  async function importInto(
    db: Db,
    text: string,
    actor: string,
  ): Promise<{ created: number; updated: number }> {
    const gridRows = await db.select({ id: grids.id, code: grids.code }).from(grids);
    const groupRows = await db.select({ id: groups.id, code: groups.code }).from(groups);
    const gridIds = new Map(gridRows.map((g) => [g.code, g.id]));
    const groupIds = new Map(groupRows.map((g) => [g.code, g.id]));
    const parsed = parsePeopleCsv(text, new Set(gridIds.keys()), new Set(groupIds.keys()));
    if (!parsed.ok) throw new CsvInvalidError(parsed.errors);

    const known = await registeredByWechatId(
      db,
      parsed.rows.map((r) => r.wechatId),
    );
    const inGroups = new Set<number>();
    const knownIds = [...known.values()].map((p) => p.id);
    for (let i = 0; i < knownIds.length; i += 500) {
      const members = await db
        .select({ personId: groupMembers.personId })
        .from(groupMembers)
        .where(inArray(groupMembers.personId, knownIds.slice(i, i + 500)));
      for (const m of members) inGroups.add(m.personId);
    }
    const errors: CsvLineError[] = [];
    for (const row of parsed.rows) {
      const before = known.get(row.wechatId);
      if (row.role === 'grid_member' && before && inGroups.has(before.id))
        errors.push({
          line: row.line,
          message: `${row.wechatId} is in a prosecutor group and cannot become a grid member`,
        });
    }
    errors.push(...(await seatErrors(db, parsed.rows, groupIds)));
    if (errors.length > 0) throw new CsvInvalidError(errors.sort((a, b) => a.line - b.line));

    let created = 0;
    let updated = 0;
    await inBatches(parsed.rows, (batch) =>
      db.transaction(async (tx) => {
        await tx.execute(sql`lock table people in share row exclusive mode`);
        const current = await registeredByWechatId(
          tx,
          batch.map((r) => r.wechatId),
        );
        const ids = await upsertBatch(tx, batch, current, gridIds);
        for (const row of batch) {
          if (current.has(row.wechatId)) updated++;
          else created++;
          if (row.groupCode)
            await joinGroup(tx, groupIds.get(row.groupCode)!, ids.get(row.wechatId)!, row.role);
        }
      }),
    );
    await recordAudit(db, {
      at: deps.clock.now(),
      actor,
      action: 'people.imported',
      subject: 'people',
      data: { created, updated },
    });
    return { created, updated };
  }

  /** People holding these WeChat ids, looked up 500 at a time. */
  async function registeredByWechatId(tx: Db, wechatIds: readonly string[]): Promise<Map<string, PersonRow>> {
    const known = new Map<string, PersonRow>();
    for (let i = 0; i < wechatIds.length; i += 500) {
      const rows = await tx
        .select()
        .from(people)
        .where(inArray(people.wechatId, wechatIds.slice(i, i + 500)));
      for (const p of rows) known.set(p.wechatId!, p);
    }
    return known;
  }

  /** The same seat rules as PATCH /v1/groups, applied to each group the file seats someone in. */
  async function seatErrors(
    tx: Db,
    rows: PersonCsvRow[],
    groupIds: Map<string, number>,
  ): Promise<CsvLineError[]> {
    const seating = rows.filter((r) => r.groupCode && (r.role === 'group_leader' || r.role === 'liaison'));
    const codes = [...new Set(seating.map((r) => r.groupCode!))];
    if (codes.length === 0) return [];
    const holders = await tx
      .select({ groupId: groupMembers.groupId, role: groupMembers.role, wechatId: people.wechatId })
      .from(groupMembers)
      .innerJoin(people, eq(people.id, groupMembers.personId))
      .where(
        inArray(
          groupMembers.groupId,
          codes.map((c) => groupIds.get(c)!),
        ),
      );
    const errors: CsvLineError[] = [];
    for (const code of codes) {
      const seatHolder = (role: 'leader' | 'liaison') =>
        holders.find((h) => h.groupId === groupIds.get(code) && h.role === role)?.wechatId ?? null;
      const row = (role: PersonCsvRow['role']) =>
        seating.find((r) => r.groupCode === code && r.role === role);
      const leaderRow = row('group_leader');
      const liaisonRow = row('liaison');
      const problems = seatProblems(
        { leader: seatHolder('leader'), liaison: seatHolder('liaison') },
        { leader: leaderRow?.wechatId ?? null, liaison: liaisonRow?.wechatId ?? null },
        (wechatId) => wechatId,
        { group: code, sameChange: 'file' },
      );
      for (const p of problems)
        errors.push({
          line: ((p.cause === 'leader' ? leaderRow : liaisonRow) ?? leaderRow ?? liaisonRow)!.line,
          message: p.message,
        });
    }
    return errors;
  }

  /** Writes one batch in three statements: the new people inserted, then every row's values and code set at once. */
  async function upsertBatch(
    tx: Db,
    batch: readonly PersonCsvRow[],
    current: Map<string, PersonRow>,
    gridIds: Map<string, number>,
  ): Promise<Map<string, number>> {
    const values = (row: PersonCsvRow) => ({
      name: row.name,
      role: (row.role === 'grid_member' ? 'grid_member' : 'prosecutor') as RegisteredRole,
      gridId: row.gridCode ? gridIds.get(row.gridCode)! : null,
      // An empty phone cell keeps the number on record; the import never erases contact details silently.
      phoneEnc: row.phone ? cipher.encrypt(row.phone) : null,
    });
    const ids = new Map([...current].map(([wechatId, p]) => [wechatId, p.id]));
    const fresh = batch.filter((row) => !current.has(row.wechatId));
    if (fresh.length > 0) {
      const inserted = await tx
        .insert(people)
        .values(fresh.map((row) => ({ ...values(row), wechatId: row.wechatId })))
        .returning({ id: people.id, wechatId: people.wechatId });
      for (const p of inserted) ids.set(p.wechatId!, p.id);
    }
    const rows = sql.join(
      batch.map((row) => {
        const id = ids.get(row.wechatId)!;
        const v = values(row);
        const code = current.get(row.wechatId)?.code ?? personCodeFor(id);
        return sql`(${id}::integer, ${v.name}::text, ${v.role}::text, ${v.gridId}::integer, ${v.phoneEnc}::text, ${code}::text)`;
      }),
      sql`, `,
    );
    await tx.execute(sql`
      update people set name = v.name, role = v.role, grid_id = v.grid_id,
        phone_enc = coalesce(v.phone_enc, people.phone_enc), code = v.code
      from (values ${rows}) as v(id, name, role, grid_id, phone_enc, code)
      where people.id = v.id`);
    return ids;
  }

  async function joinGroup(tx: Db, groupId: number, personId: number, role: PersonCsvRow['role']) {
    const seatRole = role === 'group_leader' ? 'leader' : role === 'liaison' ? 'liaison' : null;
    if (seatRole === null) {
      await tx.insert(groupMembers).values({ groupId, personId, role: 'member' }).onConflictDoNothing();
      return;
    }
    // The seat changes hands; its previous holder stays in the group as a member.
    await tx
      .update(groupMembers)
      .set({ role: 'member' })
      .where(and(eq(groupMembers.groupId, groupId), eq(groupMembers.role, seatRole)));
    await tx
      .insert(groupMembers)
      .values({ groupId, personId, role: seatRole })
      .onConflictDoUpdate({ target: [groupMembers.groupId, groupMembers.personId], set: { role: seatRole } });
  }
}

export type PeopleService = ReturnType<typeof createPeopleService>;
