// The case view's mediation block: the latest referral, its outcome (note decrypted from its event), the sign-off.
import { desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../../db/create-db.js';
import { caseEvents, grids, MEDIATION_STATES, mediations, people } from '../../db/schema/index.js';
import { openEventWords } from '../cases/event-words.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../http/time-format.js';
import type { FieldCipher } from '../security/field-cipher.js';

export const MEDIATION_OUTCOMES = ['agreed', 'failed'] as const;
export type MediationOutcome = (typeof MEDIATION_OUTCOMES)[number];

export const mediationViewSchema = z
  .object({
    state: z.enum(MEDIATION_STATES).describe('referred → agreed (awaiting sign-off) → signed_off; or failed'),
    attempts: z
      .number()
      .int()
      .describe('referrals of this case so far (a failed one may be followed by another)'),
    community: z.object({ code: z.string(), name: z.string() }),
    mediator: z.object({ code: z.string().nullable(), name: z.string() }).nullable(),
    referredAt: z.string(),
    outcome: z.enum(MEDIATION_OUTCOMES).nullable(),
    amountYuan: z.number().nullable(),
    note: z.string().nullable(),
    reportedAt: z.string().nullable(),
    signedOffAt: z.string().nullable(),
  })
  .nullable()
  .describe('the latest mediation (检调对接), null when never referred');

export type MediationView = NonNullable<z.infer<typeof mediationViewSchema>>;

export async function mediationView(
  db: Db,
  cipher: Pick<FieldCipher, 'decrypt'>,
  caseId: number,
): Promise<MediationView | null> {
  const rows = await db
    .select({ m: mediations, community: { code: grids.code, name: grids.name } })
    .from(mediations)
    .innerJoin(grids, eq(grids.id, mediations.communityId))
    .where(eq(mediations.caseId, caseId))
    .orderBy(desc(mediations.referredAt), desc(mediations.id));
  const latest = rows[0];
  if (!latest) return null;
  const { m } = latest;
  const [mediator] =
    m.mediatorId !== null
      ? await db
          .select({ code: people.code, name: people.name })
          .from(people)
          .where(eq(people.id, m.mediatorId))
      : [];
  const [outcomeEvent] =
    m.outcomeEventId !== null
      ? await db.select().from(caseEvents).where(eq(caseEvents.id, m.outcomeEventId))
      : [];
  const words = outcomeEvent ? openEventWords(cipher, outcomeEvent) : {};
  return {
    state: m.state,
    attempts: rows.length,
    community: latest.community,
    mediator: mediator ?? null,
    referredAt: toIsoShanghai(m.referredAt),
    outcome: m.state === 'referred' ? null : m.state === 'failed' ? 'failed' : 'agreed',
    amountYuan: m.amountYuan === null ? null : Number(m.amountYuan),
    note: typeof words.text === 'string' ? words.text : null,
    reportedAt: toIsoShanghaiOrNull(m.reportedAt),
    signedOffAt: toIsoShanghaiOrNull(m.signedOffAt),
  };
}
