// A greeting or an FAQ answer to a quiet resident, stored in one statement: no transaction, no drizzle query building.
import type { PreparedQuery } from '../../db/prepared-query.js';
import type { StoredResponse } from './sender-context.js';

/**
 * Written once per process. It acts only when the full path could do nothing else with the message: the WeChat id
 * is new, the sender is a resident or a first contact (made a resident here, as findOrCreateContact would), no
 * dialogue but an FAQ offer is open for them (a message that does not accept the offer leaves it to its expiry, and
 * an FAQ answer replaces it; a text that would accept it takes the full path), they are under the flood limit, for an FAQ answer the entry is still active with the
 * words the parser answered with, and for anything but a greeting they have no case collecting materials (the
 * message would join it). Then the person (first contact),
 * the message row with its answer, and for an FAQ answer the registration offer (expired offers cleared, as
 * RegistrationOffer.open does) are written together. Otherwise nothing is written and the caller takes the full path.
 */
const QUICK_ANSWER_SQL = `
with sender as (
  select p.id as person_id,
    (p.role is null or p.role = 'resident') as resident,
    exists (select 1 from dialogues
       where wechat_id = $2::text and (kind <> $15::text or $19::text::boolean)) as dialogue_open,
    (p.id is not null and exists (select 1 from cases
       where reporter_id = p.id and status in ('received', 'materials_needed'))) as collecting,
    (select count(*)::int from (select 1 from messages
       where (from_wechat_id = $2::text or sender_hash = $3::text)
         and received_at > $5::text::timestamptz and received_at <= $4::text::timestamptz
       limit coalesce($6::text::int, 0)) as recent) as recent,
    (select response::text from messages where message_id = $1::text) as replay,
    ($12::text is null or exists (select 1 from faq_entries
       where id = $12::text and retired_at is null and question = $13::text and answer = $14::text)) as answerable
  from (select 1) as one left join people p on p.wechat_id = $2::text
),
quiet as (
  select person_id from sender
  where replay is null and resident and not dialogue_open and answerable
    and ($6::text::int is null or recent < $6::text::int)
    and not ($18::text::boolean and collecting)
),
new_person as (
  insert into people (name, role, wechat_id)
  select $7::text, 'resident', $2::text from quiet where person_id is null
  on conflict do nothing
  returning id
),
stored as (
  insert into messages (message_id, from_wechat_id, person_id, type, text, received_at, parse, response)
  select $1::text, $2::text, who.id, $8::text, $9::text, $4::text::timestamptz, $10::text::jsonb, $11::text::jsonb
  from (select coalesce((select person_id from quiet), (select id from new_person)) as id) as who
  where who.id is not null
  on conflict (message_id) do nothing
  returning id
),
expired_offers as (
  delete from dialogues
  where $12::text is not null and kind = $15::text and expires_at <= $16::text::timestamptz
    and wechat_id <> $2::text and exists (select 1 from stored)
),
offer as (
  insert into dialogues (wechat_id, kind, state, expires_at)
  select $2::text, $15::text, jsonb_build_object('messageRowId', stored.id, 'faqId', $12::text),
    $17::text::timestamptz
  from stored where $12::text is not null
  on conflict (wechat_id) do update set kind = excluded.kind, state = excluded.state, expires_at = excluded.expires_at
)
select replay, (select id from stored) as stored_id from sender`;

export interface QuickAnswerInput {
  messageId: string;
  wechatId: string;
  /** A first contact's name, as findOrCreateContact gives it. */
  name: string;
  senderHash: string;
  receivedAt: Date;
  /** The flood-control window's start and limit, or null without flood control. */
  windowStart: Date;
  perMinute: number | null;
  type: string;
  /** The message text, already encrypted. */
  textEnc: string;
  parse: Record<string, unknown> | null;
  response: StoredResponse;
  /** Not a greeting: a case of the sender's collecting materials would take the message (follow-up.ts). */
  joinsCollectingCase: boolean;
  /** The registration offer's dialogue kind: the one dialogue that may be open, unless the message accepts it. */
  offerKind: string;
  acceptsOffer: boolean;
  /** The FAQ entry answered, with the words the reply quotes, and when its registration offer expires. */
  faq: { id: string; question: string; answer: string; now: Date; expiresAt: Date } | null;
}

/** 'stored': answered and written; a replay: the first answer; null: nothing written, take the full path. */
export async function storeQuickAnswer(
  query: PreparedQuery,
  input: QuickAnswerInput,
): Promise<'stored' | { replay: StoredResponse } | null> {
  const faq = input.faq;
  const [row] = await query(QUICK_ANSWER_SQL, [
    input.messageId,
    input.wechatId,
    input.senderHash,
    input.receivedAt.toISOString(),
    input.windowStart.toISOString(),
    input.perMinute === null ? null : String(input.perMinute),
    input.name,
    input.type,
    input.textEnc,
    input.parse === null ? null : JSON.stringify(input.parse),
    JSON.stringify(input.response),
    faq?.id ?? null,
    faq?.question ?? null,
    faq?.answer ?? null,
    input.offerKind,
    faq ? faq.now.toISOString() : null,
    faq ? faq.expiresAt.toISOString() : null,
    String(input.joinsCollectingCase),
    String(input.acceptsOffer),
  ]);
  if (row?.replay != null) return { replay: JSON.parse(String(row.replay)) as StoredResponse };
  return row?.stored_id != null ? 'stored' : null;
}
