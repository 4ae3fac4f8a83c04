// Issue 10 "Done when": a dump of the database after a conversation holds no anonymous sender, no run of a message, no phone or ID.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GRP01, GRP01_PLACE, say } from '../helpers/case-fixtures.js';
import { databaseText, runsOf } from '../helpers/database-text.js';
import { inbound, parseOf } from '../helpers/inbound-fixtures.js';
import { createTestApp, postInbound, type TestApp } from '../helpers/test-app.js';

const PHONE = '13912345678';
const ID_NUMBER = '35010219800101123X';
/** How residents write them: spaced, dotted, dashed, with +86 (issue 10.5). */
const PHONE_FORMS = [PHONE, '139 1234 5678', '139.1234.5678', '139-1234-5678', '+86 139 1234 5678'];
const ID_FORMS = [ID_NUMBER, '350102 19800101 123X', '3501 0219 8001 0112 3X', '350102.19800101.123X'];
const ANON = { id: 'wxid_anon_dump_7f3k', name: '郑秘密举报人' };

/** The free words of each message: a run of six of them must not be found in the dump. */
const WORDS: string[] = [];
/** The prosecutor's result, told to the reporter. */
const RESULT = '已约谈施工方停工并请住建部门鉴定加固';
let t: TestApp;
let before = '';
let after = '';

async function report(
  from: { id: string; name: string },
  text: string,
  intent: 'report_dispute' | 'report_clue',
) {
  WORDS.push(text);
  const res = await postInbound(
    t,
    inbound(
      text,
      parseOf(intent, {
        category: intent === 'report_clue' ? 'gambling' : null,
        entities: { place: GRP01_PLACE },
      }),
      {
        from,
        receivedAt: t.clock.now().toISOString(),
      },
    ),
  );
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { caseNo?: string; reply: string };
}

beforeAll(async () => {
  t = await createTestApp({ env: { DATA_KEY: randomBytes(32).toString('base64') } });
  before = await databaseText(t.database);
  const named = await report(
    { id: 'wxid_dump_named', name: '林女士' },
    `邻居家装修把承重墙砸了楼板开裂很危险，我电话${PHONE_FORMS[1]}，身份证${ID_FORMS[1]}`,
    'report_dispute',
  );
  await report(
    { id: 'wxid_dump_other', name: '陈先生' },
    `邻居家装修把承重墙砸了楼板开裂非常危险，联系我${PHONE_FORMS[2]}，证件号${ID_FORMS[2]}`,
    'report_dispute',
  );
  await report(
    { id: 'wxid_dump_plus', name: '黄阿姨' },
    `菜市场后门有人放高利贷逼债，打${PHONE_FORMS[4]}或${PHONE_FORMS[3]}找我，身份证号${ID_FORMS[3]}`,
    'report_dispute',
  );
  await report(ANON, '匿名举报：中山社区旧仓库里每晚有人聚众赌博输赢很大', 'report_clue');
  const caseNo = named.caseNo!;
  await say(t, GRP01.member, `受理 ${caseNo}`);
  await say(t, GRP01.member, `办结 ${caseNo} ${RESULT}`);
  after = await databaseText(t.database);
});
afterAll(async () => {
  await t?.close();
});

describe('a dump of the database after a conversation', () => {
  // Words already in the database before anyone spoke (place names, FAQ answers) are not the messages'.
  const leaked = (texts: string[]) =>
    texts.flatMap((w) => runsOf(w)).filter((run) => after.includes(run) && !before.includes(run));

  it('holds no run of six characters of any reporter’s message', () => {
    expect(leaked(WORDS)).toEqual([]);
  });

  // A prosecutor's result is kept in case_events.words_enc and in the outbox, both encrypted.
  it('holds no run of six characters of the prosecutor’s reply', () => {
    expect(leaked([RESULT])).toEqual([]);
  });

  it('holds no phone or ID number, however it was written', () => {
    const forms = [...PHONE_FORMS, ...ID_FORMS, '12345678', '0219800101'];
    expect(forms.filter((f) => after.includes(f))).toEqual([]);
  });

  it('holds no anonymous sender’s WeChat id or name', () => {
    expect(after).not.toContain(ANON.id);
    expect(after).not.toContain(ANON.name);
  });
});
