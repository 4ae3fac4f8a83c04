// `记录 走访 三坊七巷社区 …` from a prosecutor: field work in the grids, kept for the monthly review.
import { and, count, eq, gte, lt } from 'drizzle-orm';
import type { Db } from '../../db/create-db.js';
import { WORK_KINDS, type WorkKind, workRecords } from '../../db/schema/index.js';
import type { Clock } from '../clock.js';
import {
  addCalendarMonths,
  formatLocalDate,
  type LocalDate,
  parseLocalDate,
} from '../deadlines/local-date.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import type { CommandContext, CommandHandler } from '../messages/message-service.js';
import { resolvePlaceName } from '../routing/place-resolver.js';
import type { FieldCipher } from '../security/field-cipher.js';

const HEAD = /^\s*记录(?:$|[\s:：,，]+)(.*)$/su;
const KIND = new RegExp(`^(${WORK_KINDS.join('|')})(?:$|[\\s:：,，]+)(.*)$`, 'su');
// A day as prosecutors write it: 2026-11-28, 2026年11月28日, 11月28日, 11.28, 昨天, 前天.
const FULL_DATE = /(\d{4})[-年./](\d{1,2})[-月./](\d{1,2})日?/u;
const MONTH_DAY = /(?<!\d)(\d{1,2})[月.](\d{1,2})日?/u;
const RELATIVE: Record<string, number> = { 今天: 0, 昨天: -1, 前天: -2 };
const NOTE_MAX_CHARS = 500;

export const workTexts = {
  usage: `记录实地工作请发送：记录 类别 社区 内容（可写日期，默认今天）\n类别：${WORK_KINDS.join('、')}\n例如：记录 走访 三坊七巷社区 与社区书记了解电诈防范情况`,
  unknownPlace: (name: string) => `没有找到“${name}”。请写社区全称，例如“三坊七巷社区”，或写“区内”。`,
  choosePlace: (labels: string[]) =>
    `有 ${labels.length} 个地方与您写的相近：${labels.join('、')}。请写出其中一个的全称后重发。`,
  future: '日期在今天之后，请检查后重发。',
  recorded: (day: LocalDate, kind: WorkKind, place: string, monthCount: number) => {
    const { year, month, day: d } = parseLocalDate(day);
    return `已记录：${year}年${month}月${d}日 ${kind} ${place}。您本月已记录实地工作 ${monthCount} 次，计入月度工作统计。`;
  },
};

/** The day the text names, or today; null when the date does not exist. */
export function workDay(text: string, today: LocalDate): { day: LocalDate | null; rest: string } {
  const { year } = parseLocalDate(today);
  for (const [word, offset] of Object.entries(RELATIVE)) {
    if (text.includes(word)) {
      const t = Date.parse(`${today}T00:00:00Z`) + offset * 86_400_000;
      return { day: new Date(t).toISOString().slice(0, 10), rest: text.replace(word, '').trim() };
    }
  }
  const full = FULL_DATE.exec(text);
  const md = full ? null : MONTH_DAY.exec(text);
  const parts = full
    ? { year: Number(full[1]), month: Number(full[2]), day: Number(full[3]) }
    : md
      ? { year, month: Number(md[1]), day: Number(md[2]) }
      : null;
  if (!parts) return { day: today, rest: text.trim() };
  const match = (full ?? md)![0];
  const candidate = formatLocalDate(parts);
  // An impossible date (2月30日) round-trips to another day: refuse it rather than record the wrong day.
  const check = new Date(`${candidate}T00:00:00Z`);
  const valid = !Number.isNaN(check.getTime()) && check.toISOString().slice(0, 10) === candidate;
  return { day: valid ? candidate : null, rest: text.replace(match, '').trim() };
}

export function createWorkRecordCommand(deps: {
  clock: Clock;
  cipher: Pick<FieldCipher, 'encrypt'>;
}): CommandHandler {
  return {
    async handle(tx: Db, ctx: CommandContext): Promise<string | null> {
      const head = HEAD.exec(ctx.text);
      if (!head) return null;
      const kindMatch = KIND.exec((head[1] ?? '').trim());
      if (!kindMatch) return workTexts.usage;
      const kind = kindMatch[1] as WorkKind;
      const today = toShanghaiDate(ctx.receivedAt);
      const { day, rest } = workDay(kindMatch[2] ?? '', today);
      if (!day) return workTexts.usage;
      if (day > today) return workTexts.future;
      const [placeWord = '', ...noteWords] = rest.split(/[\s:：,，]+/u).filter(Boolean);
      if (!placeWord) return workTexts.usage;
      let gridId: number | null = null;
      let placeLabel = placeWord;
      if (placeWord !== '区内') {
        const place = await resolvePlaceName(tx, placeWord);
        if (place.kind === 'none') return workTexts.unknownPlace(placeWord);
        if (place.kind === 'choose') return workTexts.choosePlace(place.candidates.map((c) => c.label));
        gridId = place.place.id;
        placeLabel = place.place.label;
      }
      await tx.insert(workRecords).values({
        personId: ctx.person.id,
        kind,
        gridId,
        workedOn: day,
        noteEnc: deps.cipher.encrypt(noteWords.join(' ').slice(0, NOTE_MAX_CHARS)),
        createdAt: deps.clock.now(),
      });
      const monthStart = `${day.slice(0, 7)}-01`;
      const nextMonth = addCalendarMonths(monthStart, 1);
      const [row] = await tx
        .select({ n: count() })
        .from(workRecords)
        .where(
          and(
            eq(workRecords.personId, ctx.person.id),
            gte(workRecords.workedOn, monthStart),
            lt(workRecords.workedOn, nextMonth),
          ),
        );
      return workTexts.recorded(day, kind, placeLabel, row?.n ?? 1);
    },
  };
}
