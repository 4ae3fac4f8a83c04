// Tests every entity the parser extracts: case numbers, phones, amounts, ID numbers, dates, places, masking.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractAmountYuan } from '../../../intents/entities/amount-extractor.js';
import { extractDates } from '../../../intents/entities/date-extractor.js';
import { extractIdNumber, isValidIdNumber } from '../../../intents/entities/id-number-extractor.js';
import { extractPhone } from '../../../intents/entities/phone-extractor.js';
import { createPlaceMatcher, DEFAULT_PLACES } from '../../../intents/entities/place-extractor.js';
import { maskSensitive, normalizeText, parseCaseNo } from '../../../intents/index.js';
import { toHalfWidth } from '../../../intents/normalize/text-normalizer.js';

describe('parseCaseNo', () => {
  it.each([
    ['gl2026000123', 'GL-2026-000123'],
    ['GL 2026 000123', 'GL-2026-000123'],
    ['ＧＬ－２０２６－０００１２３', 'GL-2026-000123'],
    ['查一下 gl-2026-000045 的进度', 'GL-2026-000045'],
    ['案件GL2025000912进展如何', 'GL-2025-000912'],
  ])('%s → %s', (text, expected) => {
    expect(parseCaseNo(text)).toBe(expected);
  });

  it('rejects near misses', () => {
    expect(parseCaseNo('GL-2026-12345')).toBeNull();
    expect(parseCaseNo('GL-2026-0001234')).toBeNull();
    expect(parseCaseNo('BGL2026000123')).toBeNull();
    expect(parseCaseNo('没有编号')).toBeNull();
  });
});

describe('extractPhone', () => {
  it.each([
    ['电话13800138000', '13800138000'],
    ['+86 138-0013-8000', '13800138000'],
    ['+8613800138000', '13800138000'],
    ['86 138 0013 8000', '13800138000'],
    ['座机0591-87654321', '0591-87654321'],
    ['(0591)8765 4321', '0591-87654321'],
  ])('%s → %s', (text, expected) => {
    expect(extractPhone(normalizeText(text))).toBe(expected);
  });

  it.each([
    ['电话139.1234.5678', '13912345678'],
    ['１３９－１２３４－５６７８', '13912345678'],
    ['139 · 1234 · 5678', '13912345678'],
    ['+86-139-1234-5678', '13912345678'],
    ['0591 8765 4321', '0591-87654321'],
  ])('finds %s grouped', (text, expected) => {
    expect(extractPhone(text)).toBe(expected);
  });

  it('does not read a phone out of an ID number, a case number or an amount', () => {
    expect(extractPhone('身份证 3501 0219 9003 0712 34')).toBeUndefined();
    expect(extractPhone('GL-2026-000123 GL 2026 000456')).toBeUndefined();
    expect(extractPhone('共13 800 138 000元')).toBeUndefined();
  });

  it('does not read a phone out of a longer digit run', () => {
    expect(extractPhone('订单号 913800138000123')).toBeUndefined();
  });
});

describe('extractAmountYuan', () => {
  it.each([
    ['被骗了83.35万元', 833500],
    ['借了三千五百块', 3500],
    ['欠我两万五千元', 25000],
    ['押金12,500元', 12500],
    ['投了5万', 50000],
    ['还差两万五', 25000],
    ['¥3,000', 3000],
    ['一千零五元', 1005],
    ['工资八千元，加班费一千二百元', 8000],
    ['工资5k，拖了两个月', 5000],
    ['前后被骗了4.8w', 48000],
    ['借给他两千五，一直不还', 2500],
    ['卡里被转走了八千', 8000],
    ['月租两千八，押金扣着不退', 2800],
    ['他总共欠我1.5万元', 15000],
    ['定金交了3000', 3000],
    ['彩礼18万8', 188000],
    ['借了1万5', 15000],
  ])('%s → %d', (text, expected) => {
    expect(extractAmountYuan(normalizeText(text))).toBe(expected);
  });

  it('does not read counts of people or things as money', () => {
    expect(extractAmountYuan('5万人参加了活动')).toBeUndefined();
    expect(extractAmountYuan('我们一块去')).toBeUndefined();
    expect(extractAmountYuan('住在3号楼')).toBeUndefined();
    expect(extractAmountYuan('老板欠了三个月工资')).toBeUndefined();
    expect(extractAmountYuan('借了两次都没还')).toBeUndefined();
    expect(extractAmountYuan('材料交了一份')).toBeUndefined();
    expect(extractAmountYuan('每天跑5km')).toBeUndefined();
    expect(extractAmountYuan('工资10月就该发')).toBeUndefined();
    expect(extractAmountYuan('押金1号前退')).toBeUndefined();
    expect(extractAmountYuan('付了一半')).toBeUndefined();
    expect(extractAmountYuan('用的是wifi')).toBeUndefined();
  });
});

describe('ID numbers', () => {
  it('validates the checksum', () => {
    expect(isValidIdNumber('350102199003071234')).toBe(true);
    expect(isValidIdNumber('350102199003071233')).toBe(false);
    expect(isValidIdNumber('11010519491231002X')).toBe(true);
  });

  it('returns a valid ID only masked, never in clear', () => {
    const id = extractIdNumber('身份证350102199003071234');
    expect(id).toBe('350102********1234');
    expect(extractIdNumber('身份证350102199003071233')).toBeUndefined();
    expect(extractIdNumber('身份证 3501 0219 9003 0712 34')).toBe('350102********1234');
    expect(extractIdNumber('身份证 350102．19900307．1234')).toBe('350102********1234');
  });
});

describe('extractDates', () => {
  // 2026-03-18 02:00 UTC is Wednesday 2026-03-18 10:00 in Shanghai.
  const now = new Date('2026-03-18T02:00:00Z');

  it('resolves absolute dates', () => {
    expect(extractDates('2025年12月1日和2026-03-05，还有2026/3/6', now)).toEqual([
      '2025-12-01',
      '2026-03-05',
      '2026-03-06',
    ]);
    expect(extractDates('3月5日被骗', now)).toEqual(['2026-03-05']);
    expect(extractDates('去年5月3号', now)).toEqual(['2025-05-03']);
    expect(extractDates('十一月二十日', now)).toEqual(['2025-11-20']);
  });

  it('resolves relative dates in Asia/Shanghai', () => {
    expect(extractDates('昨天', now)).toEqual(['2026-03-17']);
    expect(extractDates('前天', now)).toEqual(['2026-03-16']);
    expect(extractDates('三天前', now)).toEqual(['2026-03-15']);
    expect(extractDates('上周五', now)).toEqual(['2026-03-13']);
    expect(extractDates('下周一', now)).toEqual(['2026-03-23']);
    expect(extractDates('两个月前', now)).toEqual(['2026-01-18']);
    expect(extractDates('上个月5号', now)).toEqual(['2026-02-05']);
  });

  it('uses the Shanghai calendar day, not UTC', () => {
    // 2026-03-17 17:00 UTC is already 2026-03-18 01:00 in Shanghai.
    expect(extractDates('今天', new Date('2026-03-17T17:00:00Z'))).toEqual(['2026-03-18']);
  });

  it('ignores a bare 5号, which is as often a building as a date', () => {
    expect(extractDates('5号楼', now)).toEqual([]);
  });
});

describe('places', () => {
  const places = createPlaceMatcher([...DEFAULT_PLACES, '鼓东街道三角井社区']);

  it('finds a street or community from the list, full or without its suffix', () => {
    expect(places.find('鼓东街道有人赌博')).toBe('鼓东街道');
    expect(places.find('我住在温泉这边')).toBe('温泉街道');
    expect(places.find('鼓东街道三角井社区有人吵架')).toBe('鼓东街道三角井社区');
    expect(places.find('北京')).toBeUndefined();
  });

  describe("with Gulou's real communities", () => {
    const gulou = createPlaceMatcher([
      ...DEFAULT_PLACES,
      '军门社区',
      '三坊七巷社区',
      '公益社区',
      '西湖社区',
      '中山社区',
      '洪山桥社区',
    ]);

    it('finds a community by its full name anywhere, and by its short form where someone lives there', () => {
      expect(gulou.find('军门社区有人聚众赌博')).toBe('军门社区');
      expect(gulou.find('我住军门，楼上漏水')).toBe('军门社区');
      expect(gulou.find('军门这边有人半夜吵闹')).toBe('军门社区');
      expect(gulou.find('家住洪山桥，邻居占道')).toBe('洪山桥社区');
    });

    it('does not read an ordinary word or a road as a community', () => {
      expect(gulou.find('我想咨询公益诉讼怎么提起')).toBeUndefined();
      expect(gulou.find('去杭州西湖玩被骗了')).toBeUndefined();
      expect(gulou.find('中山路上有人卖假药')).toBeUndefined();
      expect(gulou.find('我在三坊七巷买到假货')).toBeUndefined();
    });

    it('prefers the longer name, so a street inside a community name is not taken', () => {
      expect(gulou.find('住在洪山桥社区')).toBe('洪山桥社区');
      expect(gulou.find('住在洪山，离洪山桥不远')).toBe('洪山镇');
    });

    it('returns a short form shared by a street and a community as written, for the API to ask', () => {
      const shared = createPlaceMatcher([...DEFAULT_PLACES, '南街社区']);
      expect(shared.find('我住南街，邻居噪音')).toBe('南街');
      expect(shared.find('南街社区有人赌博')).toBe('南街社区');
    });
  });
});

describe('maskSensitive', () => {
  it('masks mobiles, landlines and ID numbers inside free text', () => {
    expect(
      maskSensitive('电话13800138000，+86 139 1234 5678，座机0591-87654321，身份证350102199003071234'),
    ).toBe('电话138****8000,+86 139 **** 5678,座机0591-****4321,身份证350102********1234');
  });

  it.each([
    ['身份证 350102 19800101 1234，电话139.1234.5678', '身份证 350102 ******** 1234,电话139.****.5678'],
    ['3501 0219 8001 0112 34', '3501 02** **** **12 34'],
    ['350102-19900307-123X', '350102-********-123X'],
    ['１３９－１２３４－５６７８', '139-****-5678'],
    ['+86-139-1234-5678', '+86-139-****-5678'],
    ['0086 139 1234 5678', '0086 139 **** 5678'],
    ['139。1234。5678', '139。****。5678'],
    ['139 · 1234 · 5678', '139 · **** · 5678'],
    ['(0591)8765 4321', '(0591)**** 4321'],
    ['卡号6222 0212 3456 7890 123', '卡号6222 **** **** ***0 123'],
    ['电话 139 1234 5678 2 人', '电话 139 **** 5678 2 人'],
    ['案件GL-2026-000123 13800138000', '案件GL-2026-000123 138****8000'],
  ])('masks %s however it is grouped', (text, expected) => {
    expect(maskSensitive(text)).toBe(expected);
  });

  it.each([
    '案件 GL-2026-000123，gl 2026 000123，GL2026000123，ＧＬ－２０２６－０００１２３',
    '押金12,500元，被骗83.35万元，¥3,000，共13 800 138 000元，投了1 500 000元',
    '2026-11-27 2026-12-01 14:30，2026.11.27，2026年11月27日，11/27',
    '第3 5 7号楼，3栋2单元1502室，身高1.75米',
  ])('leaves amounts, dates and case numbers alone: %s', (text) => {
    expect(maskSensitive(text)).toBe(toHalfWidth(text));
  });

  it('never leaves an 11-digit mobile number in clear', () => {
    fc.assert(
      fc.property(
        fc.string({ maxLength: 10 }),
        fc.stringMatching(/^1[3-9]\d{9}$/),
        fc.string({ maxLength: 10 }),
        (before, mobile, after) => !maskSensitive(`${before} ${mobile} ${after}`).includes(mobile),
      ),
    );
  });
});
