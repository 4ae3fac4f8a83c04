// Tests the trained parser: quality floors on the dev set (cross-validated) and the test split, the case-number rule, categories, FAQ and corpus hygiene.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeMetrics } from '../../../intents/eval/intent-metrics.js';
import { loadFaq } from '../../../intents/faq/faq-store.js';
import { findFaq, INTENTS, type Parse } from '../../../intents/index.js';
import {
  CORPUS_DIR,
  DEV_SET_FILE,
  DEV_SPLITS,
  type EvalRow,
  INTENT_ONLY_FILE_NAME,
  loadCategoryCorpus,
  loadIntentCorpus,
  loadWritten,
  readJsonl,
  TEST_SET_FILE,
  WRITTEN_FILE,
} from '../../../intents/model/corpus-loader.js';
import { createParser, type ParserInternals } from '../../../intents/parser.js';
import { CLUE_CATEGORIES, CRIME_CATEGORIES } from '../../../intents/types.js';

// Floors set under the dev set's cross-validated figures (tuning data, see intents/README.md). The dev set is the fifth
// to eleventh blind splits (1,165 + 1,151 + 1,169 + 1,169 + 1,760 + 1,757 + 1,745 lines, 2026-12-01), each measured
// once as the test split before its errors were read. They train the intent model (h13cv), so each split is scored here
// by a model trained without it. After h13more (1,200 intent-only training lines on h13dom's model): accuracy 97.7%,
// macro-F1 97.7%, none→case 57/2692 (2.1%), case→none 60/7224 (0.8%), clue category 2078/2246 (92.5%) — the
// categoriser does not train on the dev set, so its figure is unseen too. Since normalisation leaves simplified text
// alone (the categoriser retrains on the lines it no longer rewrites) and h13court2: accuracy 97.6%, none→case 55/2692
// (2.0%), case→none 65/7224 (0.9%), clue category 2050/2246 (91.3%). With administrative questions labelled legal
// questions (h13admin, 13 dev lines relabelled) and bias 2.5 / bar 0.98: 97.5%, none→case 55/2679 (2.1%), case→none
// 79/7237 (1.1%), clue category 2047/2246 (91.1%). With the twenty-first split (1,781 lines, run once as a test split,
// then tuned on: Fuzhou words, amounts10) as the eighth dev split and bias 2.25: 97.1%, macro-F1 97.3%, none→case
// 64/3206 (2.0%), case→none 113/8491 (1.3%), clue category 2396/2636 (90.9%).
const FLOORS = {
  accuracy: 0.97,
  macroF1: 0.97,
  maxNoneFiledAsCase: 0.025,
  maxCaseLostAsNone: 0.015,
  categoryAccuracy: 0.905,
};

const noCase = (intent: string) => intent === 'none' || intent === 'greeting';

// Floors on the held-out test split (intents/test/test-set.jsonl: the twelfth to twentieth, twenty-second and twenty-
// third blind splits, 19,800 lines written on 2026-12-01 and 12-02 by thirty-three writers — delivery riders and
// drivers; retirees; students and young renters; market vendors and shop owners; construction and factory workers;
// patients and carers; office workers; family group chats; landlords, agents and owners' committees; a retired teacher
// who keeps her building's group; a community worker and grid member; a grocer by a primary school; a food-delivery
// rider; a young mother in a kindergarten parents' group; a hardware stall keeper and 楼长; a home cleaner; a student
// typing for her grandparents; a taxi driver and landlord; a retired nurse on voice input; a grid member; a young
// programmer; a restaurant owner; a retired villager of 洪山; a homeroom teacher; a grocer of 温泉; a graduate student in
// slang; a Sichuan builder on voice input; a grandmother of 洪山 in Fuzhou words; a parcel-station keeper from Henan; a
// law firm's young clerk; a home cleaner from Jiangxi; a used-car dealer and loan broker; a schoolboy of fifteen — who
// read only the label conventions, DESIGN.md and the registry; 19,424 after lines already in the corpus, the dev set or
// another split were taken out). Each split was measured once on the model of its day (12th–14th on h13dom, 15th on
// h13more, 16th on h13more with the wider clarify bar, 17th on h13thanks, 18th on h13court2, 19th on h13court2 with
// amounts9, 20th on h13admin, 22nd on h13fuzhou, 23rd on h13fuzhou with amounts-main). h13admin changed the label
// conventions: administrative and public-service procedure questions (身份证换证, 户口迁移, 社保补缴) are legal questions, as the
// public legal questions count them; the twentieth and later were written to that rule, and 178 of the twelfth to
// nineteenth splits' lines were relabelled by it, line by line without the model's answers (earlier runs had shown that
// such questions were most of the chit-chat filed). The twenty-first was run once, then tuned on, and is in the dev
// set. On h13fuzhou with amounts-main the eleven together: accuracy 96.8%, macro-F1 96.9%, none→case 115/5423 (2.1%),
// case→none 215/14001 (1.5%), clue category 3859/4290 (90.0%), amounts 2492/2581 (96.6%: the twelfth's and the
// seventeenth's missed forms were fixed after their runs, so not all held out; the older splits label a sale post's
// list price where amounts-main reads the price asked), asked 3.1%. These floors catch regressions. Asking is capped by
// the issue at 10%.
const TEST_SPLIT_FLOORS = {
  accuracy: 0.96,
  macroF1: 0.96,
  maxNoneFiledAsCase: 0.03,
  maxCaseLostAsNone: 0.016,
  categoryAccuracy: 0.89,
  amountAccuracy: 0.96,
  maxAsked: 0.1,
};

let parser: ParserInternals;
let rows: EvalRow[];
let parses: Parse[];
let testRows: EvalRow[];
let testParses: Parse[];

beforeAll(async () => {
  parser = await createParser();
  rows = readJsonl<EvalRow>(DEV_SET_FILE);
  parses = [];
  for (const split of DEV_SPLITS) {
    const unseen = await createParser({ holdOut: split });
    for (const r of rows)
      if (r.split === split)
        parses.push(await unseen.parse(r.text, { now: new Date('2026-03-18T02:00:00Z') }));
  }
  // Parsed split by split: the rows in the same order.
  rows = DEV_SPLITS.flatMap((split) => rows.filter((r) => r.split === split));
  testRows = readJsonl<EvalRow>(TEST_SET_FILE);
  testParses = [];
  for (const r of testRows)
    testParses.push(await parser.parse(r.text, { now: new Date('2026-11-30T02:00:00Z') }));
});

describe('dev set quality, each split unseen', () => {
  it('keeps accuracy and macro-F1 above their floors', () => {
    const m = computeMetrics(
      rows.map((r) => r.intent),
      parses.map((p) => p.intent),
      INTENTS,
    );
    expect(m.accuracy).toBeGreaterThanOrEqual(FLOORS.accuracy);
    expect(m.macroF1).toBeGreaterThanOrEqual(FLOORS.macroF1);
  });

  it('rarely files chit-chat as a case', () => {
    const idx = rows.map((r, i) => (noCase(r.intent) ? i : -1)).filter((i) => i >= 0);
    const filed = idx.filter((i) => !noCase(parses[i]!.intent)).length;
    expect(filed / idx.length).toBeLessThanOrEqual(FLOORS.maxNoneFiledAsCase);
  });

  it('rarely loses a real report as chit-chat', () => {
    const idx = rows.map((r, i) => (noCase(r.intent) ? -1 : i)).filter((i) => i >= 0);
    const lost = idx.filter((i) => noCase(parses[i]!.intent)).length;
    expect(lost / idx.length).toBeLessThanOrEqual(FLOORS.maxCaseLostAsNone);
  });

  it('categorises clues above the floor', () => {
    const idx = rows.map((r, i) => (r.category ? i : -1)).filter((i) => i >= 0);
    const ok = idx.filter((i) => parses[i]!.category === rows[i]!.category).length;
    expect(ok / idx.length).toBeGreaterThanOrEqual(FLOORS.categoryAccuracy);
  });
});

describe('held-out test split', () => {
  const share = (hit: (i: number) => boolean, among: (i: number) => boolean) => {
    const idx = testRows.map((_, i) => i).filter(among);
    return idx.filter(hit).length / idx.length;
  };

  it('is at least 400 fresh lines covering every intent and category, none of them in the corpus or dev set', () => {
    expect(testRows.length).toBeGreaterThanOrEqual(400);
    for (const intent of INTENTS) expect(testRows.some((r) => r.intent === intent)).toBe(true);
    for (const category of CLUE_CATEGORIES) expect(testRows.some((r) => r.category === category)).toBe(true);
    const seen = new Set([
      ...loadIntentCorpus().map((u) => u.text),
      ...loadCategoryCorpus().map((u) => u.text),
    ]);
    for (const r of rows) seen.add(r.text);
    expect(testRows.filter((r) => seen.has(r.text)).map((r) => r.text)).toEqual([]);
  });

  it('keeps accuracy, macro-F1, chit-chat, lost reports, categories, amounts and asking within their floors', () => {
    const m = computeMetrics(
      testRows.map((r) => r.intent),
      testParses.map((p) => p.intent),
      INTENTS,
    );
    expect(m.accuracy).toBeGreaterThanOrEqual(TEST_SPLIT_FLOORS.accuracy);
    expect(m.macroF1).toBeGreaterThanOrEqual(TEST_SPLIT_FLOORS.macroF1);
    const gold = (i: number) => testRows[i]!;
    expect(
      share(
        (i) => !noCase(testParses[i]!.intent),
        (i) => noCase(gold(i).intent),
      ),
    ).toBeLessThanOrEqual(TEST_SPLIT_FLOORS.maxNoneFiledAsCase);
    expect(
      share(
        (i) => noCase(testParses[i]!.intent),
        (i) => !noCase(gold(i).intent),
      ),
    ).toBeLessThanOrEqual(TEST_SPLIT_FLOORS.maxCaseLostAsNone);
    expect(
      share(
        (i) => testParses[i]!.category === gold(i).category,
        (i) => gold(i).category !== undefined,
      ),
    ).toBeGreaterThanOrEqual(TEST_SPLIT_FLOORS.categoryAccuracy);
    expect(
      share(
        (i) => testParses[i]!.entities.amountYuan === gold(i).amountYuan,
        (i) => gold(i).amountYuan !== undefined,
      ),
    ).toBeGreaterThanOrEqual(TEST_SPLIT_FLOORS.amountAccuracy);
    expect(testParses.filter((p) => p.clarify).length / testParses.length).toBeLessThanOrEqual(
      TEST_SPLIT_FLOORS.maxAsked,
    );
  });
});

describe('parse', () => {
  it('treats a case number as a status query, whatever the model says', async () => {
    const p = await parser.parse('ｇｌ２０２６０００１２３');
    expect(p.intent).toBe('query_status');
    expect(p.entities.caseNo).toBe('GL-2026-000123');
  });

  it('reads a matter that gives a phone or ID number as that matter, not as a status query', async () => {
    // Digits are a form feature shared by the case-worthy intents: case numbers taught them to mean query_status.
    const dispute = await parser.parse(
      '我叫张三丰，身份证350102199003071234，楼上邻居噪音扰民，想请检察官调解',
    );
    expect(dispute.intent).toBe('report_dispute');
    const petition = await parser.parse('我的身份证号350102198805061234，我哥的判决不公，要申诉');
    expect(petition.intent).toBe('petition');
    const status = await parser.parse('我上个月反映的那件事现在怎么样了，我电话13600001234');
    expect(status.intent).toBe('query_status');
  });

  it('gives no category to none and greeting, and one to everything else', async () => {
    const hello = await parser.parse('你好');
    expect(hello.intent).toBe('greeting');
    expect(hello.category).toBeNull();
    const weather = await parser.parse('明天福州天气怎么样');
    expect(weather.intent).toBe('none');
    expect(weather.category).toBeNull();
    const dispute = await parser.parse('楼上邻居天天半夜吵，能不能调解一下');
    expect(dispute.intent).toBe('report_dispute');
    expect(dispute.category).toBe('other');
  });

  it('gives an ordinary dispute no crime category, however it is told', async () => {
    for (const text of [
      '朋友借了我两万块钱一直不还，还把我拉黑了，能帮忙调解吗',
      '前夫不付抚养费，还威胁要打我，想请你们帮忙调解',
      '合伙做生意被他骗了五万，他不认账，能不能帮我们调解',
    ]) {
      const p = await parser.parse(text);
      expect([text, p.intent, CRIME_CATEGORIES.has(p.category!)]).toEqual([text, 'report_dispute', false]);
    }
    // The rule is applied to disputes only: a clue of the same kind keeps its crime category.
    const clue = await parser.parse('举报：小区里有人开设赌场，每天晚上聚众赌博');
    expect(clue.intent).toBe('report_clue');
    expect(clue.category).toBe('gambling');
  });

  it('keeps everyday chat out of the case list and a forwarded judgment in it', async () => {
    for (const chat of [
      '帮我把明早的闹钟关掉',
      '麻婆豆腐要放什么调料',
      '长恨歌是谁写的',
      '今晚湖人打勇士几点开始',
    ])
      expect(['none', 'greeting']).toContain((await parser.parse(chat)).intent);
    const judgment = await parser.parse(
      '【转发】经审理查明，被告人某某在鼓东街道一小区车棚内先后盗窃电动自行车两辆，价值人民币三千余元',
    );
    expect(['none', 'greeting']).not.toContain(judgment.intent);
    expect(judgment.category).toBe('theft_robbery');
  });

  it('does not take a price for a matter: for-sale posts and rents stay chit-chat, a sum lost is still a case', async () => {
    for (const post of ['出一个九成新的儿童安全座椅，三百五，仓山自提', '楼下超市搞活动，满一百减三十'])
      expect([post, (await parser.parse(post)).intent]).toEqual([post, 'none']);
    const lost = await parser.parse('在一个理财平台投了四万八，现在提不了现，客服也不回了');
    expect(['none', 'greeting']).not.toContain(lost.intent);
    expect(lost.entities.amountYuan).toBe(48000);
  });

  it('reads a forwarded grid-member clue with its entities', async () => {
    const p = await parser.parse(
      '【转发】网格员反映：鼓东街道某小区出租屋里有人聚众赌博，联系电话+86 138-0013-8000，昨天一晚输了两万五千元',
      { now: new Date('2026-03-18T02:00:00Z') },
    );
    expect(p.intent).toBe('report_clue');
    expect(p.category).toBe('gambling');
    expect(p.entities).toMatchObject({
      phone: '13800138000',
      amountYuan: 25000,
      dates: ['2026-03-17'],
      place: '鼓东街道',
    });
  });

  it('answers a common legal question from the FAQ, and only legal questions', async () => {
    const q = await parser.parse('醉驾会被判刑吗');
    expect(q.intent).toBe('legal_question');
    expect(q.faq?.id).toBe('traffic-drunk-driving');
    expect(q.faq?.answer).toContain('仅供参考');
    expect((await parser.parse('你好')).faq).toBeNull();
  });

  it('returns none for empty or noise-only messages', async () => {
    expect((await parser.parse('')).intent).toBe('none');
    expect((await parser.parse('😀😀[微笑]')).intent).toBe('none');
  });
});

describe('corpus and FAQ', () => {
  it('has at least 60 utterances for every intent', () => {
    const corpus = loadIntentCorpus();
    for (const intent of INTENTS)
      expect(corpus.filter((s) => s.label === intent).length).toBeGreaterThanOrEqual(60);
  });

  it('reads the themed files beside each intent file (<intent>.<theme>.txt)', () => {
    const corpus = loadIntentCorpus();
    const none = corpus.filter((s) => s.label === 'none').map((s) => s.text);
    expect(none).toContain('明天下午三点半放学，家长准时来接'); // none.school.txt
    expect(none.length).toBeGreaterThanOrEqual(900);
    expect(corpus.filter((s) => s.label === 'report_clue').map((s) => s.text)).toContain(
      '有人半夜往雨水管道里倒废油，河边都是油污', // report_clue.more.txt
    );
  });

  it('trains on every line of corpus/written.jsonl, and on its clues with their category', () => {
    const written = loadWritten(WRITTEN_FILE);
    expect(written.length).toBeGreaterThanOrEqual(3000);
    const intents = new Set(loadIntentCorpus().map((s) => `${s.label}\t${s.text}`));
    expect(written.filter((r) => !intents.has(`${r.intent}\t${r.text}`))).toEqual([]);
    const categories = new Set(loadCategoryCorpus().map((s) => `${s.label}\t${s.text}`));
    const clues = written.filter((r) => r.intent === 'report_clue' && r.category);
    expect(clues.length).toBeGreaterThanOrEqual(600);
    expect(clues.filter((r) => !categories.has(`${r.category}\t${r.text}`))).toEqual([]);
  });

  it('trains the intent model, not the categoriser, on corpus/written-intent-only.jsonl, clues and all', () => {
    const intentOnly = loadWritten(join(CORPUS_DIR, INTENT_ONLY_FILE_NAME));
    expect(intentOnly.length).toBeGreaterThanOrEqual(1000);
    const intents = new Set(loadIntentCorpus().map((s) => `${s.label}\t${s.text}`));
    expect(intentOnly.filter((r) => !intents.has(`${r.intent}\t${r.text}`))).toEqual([]);
    const clues = intentOnly.filter((r) => r.intent === 'report_clue' && r.category);
    expect(clues.length).toBeGreaterThanOrEqual(200);
    const categories = new Set(loadCategoryCorpus().map((s) => s.text));
    expect(clues.filter((r) => categories.has(r.text))).toEqual([]);
  });

  it('trains the intent model (not the categoriser) on the dev set, each split left out on request', async () => {
    expect(new Set(rows.map((r) => r.split))).toEqual(new Set(DEV_SPLITS));
    const intents = new Set(loadIntentCorpus().map((s) => s.text));
    expect(rows.filter((r) => !intents.has(r.text))).toEqual([]);
    const categories = new Set(loadCategoryCorpus().map((s) => s.text));
    expect(rows.filter((r) => categories.has(r.text))).toEqual([]);
    const without = new Set(loadIntentCorpus(undefined, undefined, { holdOut: 6 }).map((s) => s.text));
    expect(rows.filter((r) => r.split === 6 && without.has(r.text))).toEqual([]);
    expect(rows.filter((r) => r.split !== 6 && !without.has(r.text))).toEqual([]);
    await expect(createParser({ holdOut: 4 })).rejects.toThrow(/holdOut 4: the dev set's splits are 5, 6/);
  });

  it('has at least 40 FAQ entries with unique ids and a 仅供参考 note', () => {
    const faq = loadFaq();
    expect(faq.length).toBeGreaterThanOrEqual(40);
    expect(new Set(faq.map((e) => e.id)).size).toBe(faq.length);
    for (const e of faq) expect(e.answer).toContain('仅供参考');
    expect(findFaq('tenancy-deposit')?.question).toBe('房东不退押金怎么办？');
    expect(findFaq('nope')).toBeUndefined();
  });
});
