// Entities as residents write them, table-driven and written fresh (not from intents/dev or intents/test): amounts in chat, spoken and for-sale forms, numbers that are no money, edge forms of dates, phones and IDs.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAmountRun } from '../../../intents/entities/amount-extractor.js';
import { extractEntities } from '../../../intents/entities/entity-extractor.js';
import { createPlaceMatcher, DEFAULT_PLACES } from '../../../intents/entities/place-extractor.js';
import { normalizeText } from '../../../intents/index.js';

const places = createPlaceMatcher(DEFAULT_PLACES);
// Friday 2026-11-27, 10:00 in Shanghai.
const now = new Date('2026-11-27T02:00:00Z');
const entitiesOf = (text: string) => extractEntities(normalizeText(text), places, now);

describe('amounts as people write them', () => {
  it.each([
    // Latin units: k and w.
    ['上个月的工资才发了3k，剩下的说年后再给', 3000],
    ['对方让我先转6.5k保证金', 6500],
    ['二手车商多收了我1.2w手续费', 12000],
    ['前前后后往那个群里充了2w多', 20000],
    ['他跟我借了1w5说下周就还', 15000],
    ['老板说这个月只能给2k5', 2500],
    ['彩礼谈好了18.8W', 188000],
    ['压了我半个月工资，大概4K左右', 4000],
    // 万 and 元 with decimals and separators.
    ['法院判他赔我2.35万元', 23500],
    ['保险公司只肯出0.8万', 8000],
    ['被那个理财app卷走12.6万', 126000],
    ['中介费收了1,800元', 1800],
    ['首付交了¥86,000', 86000],
    ['一共￥2,499，七天无理由也不给退', 2499],
    ['装修尾款还差RMB 15000', 15000],
    ['医院账单显示人民币3260元', 3260],
    ['押金500块，退房的时候一分没给', 500],
    ['花了680块钱买的课，老师人都找不到', 680],
    ['违约金写的是20000元整', 20000],
    ['我转了3000过去就被拉黑了', 3000],
    // Chinese numerals, spoken ellipsis and ranges.
    ['表哥借走了六万，说好年底还', 60000],
    ['孩子抚养费一个月一千五，半年没给了', 1500],
    ['他欠我三万二，条子我还留着', 32000],
    ['摔坏了人家的手机，对方开口要四千五', 4500],
    ['邻居家装修把我家墙弄裂了，修一下要七千多', 7000],
    ['网上买的包是假的，花了一万三', 13000],
    ['房东说要扣掉八百的清洁费', 800],
    ['赌球输了十五万，还欠了网贷', 150000],
    ['被人用假金条骗走两万八', 28000],
    ['那个老板拖着我们两百五十块的加班费', 250],
    ['一百二十万的房子定金都交了', 1200000],
    ['集资的时候说投一亿两千万能翻倍', 120000000],
    ['欠款三万五千元，对方一直不认', 35000],
    ['给了她五千块红包，现在说不认识我', 5000],
    ['工程款拖了九十八万没结', 980000],
    ['网上借了两三万，现在利息滚到吓人', 30000],
    ['被骗了三五千块，值得报警吗', 5000],
    ['骗子前后拿走我一两万', 20000],
    ['房租从三千涨到三千五', 3500],
    ['工资每月3000到4000不等', 4000],
    ['说是3-5万就能办下来', 50000],
    ['这种手术要花十几万', 100000],
    ['老人买保健品花了二十多万', 200000],
    ['月入两万多还在外面借', 20000],
    ['他少转了我九百', 900],
    ['前夫每月给孩子八百', 800],
    // Money by the words around a bare number.
    ['月租两千二，水电另算', 2200],
    ['包工头少给了我三千六', 3600],
    ['一个月4200，干了三个月就跑了', 4200],
    ['每个月给我妈1800生活费', 1800],
    ['卡里的钱被转走了九千多', 9000],
    ['找代办花了4800，证还是没下来', 4800],
    ['输了六千多，还被拉进黑名单', 6000],
    ['对方只愿意赔300，我觉得太少了', 300],
    ['退货退了半个月，还有299没退回来', 299],
    ['货款两万四一直拖着不付', 24000],
    ['欠我们每人2600的工钱', 2600],
    ['押一付三，房租一季度交了5400', 5400],
    ['五千的货款，人跑了', 5000],
    ['我算了一下，总共损失八万多', 80000],
    // For-sale posts are still amounts.
    ['出一辆九成新电动车，1500出，鼓东自提', 1500],
    // A sale post's main sum is the price asked, not the list price (amounts-main).
    ['全新扫地机器人，原价2999，现价1800包邮', 1800],
    ['自家种的橘子，15一斤，要的接龙', 15],
    ['闲置婴儿床转让，八百块拿走', 800],
    ['车位出租，每月四百五', 450],
    ['一口价6800，不议价', 6800],
    ['鲜奶团购价三块五一盒', 3.5],
    // Sums beside dates, phones and case numbers.
    ['2026年10月3日借给他4万，电话13912345678', 40000],
    ['11月5号转账两千八给对方', 2800],
    ['案件GL-2026-000321，对方还差我一万没还', 10000],
    ['联系电话0591-87123456，被骗了4800元', 4800],
    ['身份证350102199003071234的人欠我两万块', 20000],
    ['昨天晚上9点被骗了3500', 3500],
  ])('%s → %d', (text, expected) => {
    expect(entitiesOf(text).amountYuan).toBe(expected);
  });

  it.each([
    // Vague sums: nothing to hold on to.
    '被骗了几千块',
    '骗了好几万',
    '他欠了我们几十万吧',
    '数百万的项目',
    // Counts, measures, times and ordinals.
    '小区两千多人都签了名',
    '有五万多个粉丝的主播在卖假货',
    '拖欠了我们八个月',
    '借了他三次都说没钱',
    '每天加班到11点',
    '跑了5公里才找到派出所',
    '住在12号楼3单元',
    '房子有120平',
    '孩子今年15岁',
    '第2次去找他了',
    '年利率36%',
    '利息是百分之二十四',
    '商场打八折',
    '借了三年多了',
    '在这干了十五年',
    // Numbers that are no money.
    '我电话是13800138000，麻烦回电',
    '打给13912345678，没人接',
    '转给139 1234 5678 这个号',
    '快递单号773123456789012',
    '订单编号20261127001234',
    '银行卡尾号6688',
    '我的身份证号350102199003071234',
    '案件GL-2026-000123进度怎么样',
    '2026-11-20去过一次',
    '约的是下午3:30',
    '11/20去过社区',
    '打110没人管',
    '拨了12309，让我来这里问',
    '二〇二五年的事了',
    'iPhone16用了半年',
    // Words made of numerals.
    '千万别给陌生人转账',
    '万一他不还怎么办',
    '我们一块去找他',
    '十一的时候出的事',
    '一直拖着不给',
    '三番五次上门骚扰',
    '欠钱不还，说了一万遍',
  ])('%s → no amount', (text) => {
    expect(entitiesOf(text).amountYuan).toBeUndefined();
  });

  it('never reads a phone, a date, a time or a case number as money, even after money words', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.integer({ min: 2000, max: 2030 }),
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        fc.stringMatching(/^\d{6}$/),
        fc.constantFrom('转账给', '欠款', '借了', '被骗了', '月租'),
        (mobile, y, m, d, serial, words) => {
          const text = `${words}${mobile}，${y}-${m}-${d} ${m}:${String(d).padStart(2, '0')}，${y}年${m}月${d}日，案件GL-${y}-${serial}`;
          return entitiesOf(text).amountYuan === undefined;
        },
      ),
    );
  });

  it.each([
    ['3万5千', 35000],
    ['1w5', 15000],
    ['两万五', 25000],
    ['一千零五', 1005],
    ['十二三万', 130000],
    ['二十多万', 200000],
    ['一亿五', 150000000],
    ['83.35万', 833500],
    ['二〇二六', null],
  ])('reads the number %s as %s', (run, expected) => {
    expect(parseAmountRun(run)).toBe(expected);
  });
});

describe('dates, phones and IDs in edge forms', () => {
  it.each([
    ['11/20那天他来借钱', ['2026-11-20']],
    ['11.20那天在楼下吵的', ['2026-11-20']],
    ['半个月前转的账', ['2026-11-12']],
    ['上上周三', ['2026-11-11']],
    ['今年三月十二号', ['2026-03-12']],
    ['12月30日开庭', ['2026-12-30']],
    ['10月1日到10月7日都没开门', ['2026-10-01', '2026-10-07']],
  ])('%s → %j', (text, expected) => {
    expect(entitiesOf(text).dates).toEqual(expected);
  });

  it.each(['3.5万元', '2026年2月30日', '住5号楼', '1.5米高的墙'])('%s → no date', (text) => {
    expect(entitiesOf(text).dates).toBeUndefined();
  });

  it.each([
    ['手机号：13800138000。', '13800138000'],
    ['联系我 138 0013 8000', '13800138000'],
    ['电话:0591-87654321', '0591-87654321'],
    ['加我微信，手机同号15980123456，欠款3万', '15980123456'],
  ])('%s → phone %s', (text, expected) => {
    expect(entitiesOf(text).phone).toBe(expected);
  });

  it.each(['座机87654321', '被骗了13800元', 'QQ 12345678', '订单号 20261127001234'])(
    '%s → no phone',
    (text) => {
      expect(entitiesOf(text).phone).toBeUndefined();
    },
  );

  it('reads an ID with a lower-case x, masked, and never as a phone or a sum', () => {
    const e = entitiesOf('身份证11010519491231002x，帮我查下');
    expect(e.idNumber).toBe('110105********002X');
    expect(e.phone).toBeUndefined();
    expect(e.amountYuan).toBeUndefined();
  });
});
