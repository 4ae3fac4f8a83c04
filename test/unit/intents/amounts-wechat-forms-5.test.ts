// Fresh money forms written before the fixes they led to (h13amt4; no dataset line): kinds five more writers' lines missed.
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, fifth batch', () => {
  it.each([
    // Cantonese 蚊 for yuan (traditional characters are converted first), not 蚊子/蚊香/蚊帐.
    ['佢問我借咗三千蚊 到而家都未還', 3000],
    ['呢件衫要八百幾蚊 好貴', 800],
    ['一百蚊一盒 仲話係正貨', 100],
    ['我俾咗佢五十蚊訂金', 50],
    ['房間入面有三隻蚊 咬到我成身都係', undefined],
    ['買咗兩盒蚊香', undefined],
    ['屋企好多蚊子 五隻都唔止', undefined],
    // English money words with a word between: I buy it 1.5k, offer me 5000 to, tuition is 2800, want +500.
    ['I buy it 2k only last year and now it is stolen', 2000],
    ['someone offer me 3000 to rent my wechat account', 3000],
    ['the tuition is 4500 per term, can school not refund?', 4500],
    ['landlord want +300 each month from next month', 300],
    ['he offered me 800 for my bank card', 800],
    ['I live in building 5 and my kid is 6', undefined],
    ['we are 12 people in the group', undefined],
    // A gift of money: 包了六百, 包了个八百的红包.
    ['同事结婚 我包了八百 不知道够不够', 800],
    ['侄子考上大学 我包了两千', 2000],
    ['今天包了三百个饺子', undefined],
    ['包了两个粽子给邻居', undefined],
    // 上亿 / 上万 / 上千 with a currency: read as their lower bound (not 晚上八百 — that is no 上 before a unit).
    ['涉案金额上亿元 抓了好多人', 100000000],
    ['被骗了上万元 还找不回来', 10000],
    ['骗了上千元 报警有用吗', 1000],
    ['楼上三户都被偷了', undefined],
    // 万 then two digits: 六万九八 = 69800, 三万二五 = 32500 (不是 六万九).
    ['说交三万二五就能当代理', 32500],
    ['一台车要十二万八五 太贵了', 128500],
    ['他借了我五万六八 一直没还', 56800],
    // A price per piece after a count: 一万条两百, 一小瓶三百, 一棵五千.
    ['卖个人信息的 五千条三百 太猖狂了', 300],
    ['那种药水一大瓶五百 说能治百病', 500],
    ['认购茶树一株两千 说每年分红', 2000],
    ['一小盒三十八 买了两盒', 38],
    ['院子里种了一棵五米高的树', undefined],
  ])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});

describe('WeChat money forms, fifth batch, part two', () => {
  it.each([
    // 百 then one digit, as a price is said: 三百八有点肉疼, 六百八的套装 (not 三百八十人, 三百八个).
    ['做了个美甲 四百六 心疼', 460],
    ['这条裙子七百九 买不买', 790],
    ['五百八的套餐根本不值', 580],
    ['那个课程一共九百八 退不了', 980],
    ['我们学校有三百八十个学生', undefined],
    ['村里三百六户人家', undefined],
    ['操场跑了四百米', undefined],
    // A ticket's price: 机票1600, 车票三百二 (not 车票没买到).
    ['机票2300 改签费收了一千', 2300],
    ['高铁票价五百四 太贵了', 540],
    ['机票没抢到 只能坐火车', undefined],
    // Willing to pay: 只肯出三千, 愿意出两万 (not 出了三次).
    ['对方只肯出五千 私了', 5000],
    ['保险公司愿意出两万', 20000],
    ['他只肯出一次面', undefined],
    // A game top-up: 648白充, 328首充 (not 充电两小时).
    ['抽卡又歪了 328白充', 328],
    ['648首充送双倍', 648],
    ['手机充了两小时电', undefined],
    // Goods after 的: 三千多的中药, 两百的套装.
    ['医托带我去 开了两千多的中药', 2000],
    ['买了五百的套装 用了过敏', 500],
  ])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});

describe('WeChat money forms, fifth batch, part three', () => {
  it.each([
    // Asking more money: 要加三千, 加价两百 (not 加了三个人, 加三个群).
    ['师傅干到一半说要加两千 不然不干', 2000],
    ['搬家公司临时加价五百', 500],
    ['又加了三个人进群', undefined],
    ['加两勺糖', undefined],
    // Stuffing money in: 塞了五百进去, 塞给他两千 (not 塞了三个人).
    ['一次就往机器里塞了八百进去', 800],
    ['偷偷塞给医生两千红包', 2000],
    ['车里塞了五个人', undefined],
    // What is still owed: 尾数一万, 尾款三千.
    ['还要我俾埋尾数两万', 20000],
    ['尾款八千一直不结', 8000],
    // A price someone will take: 两三百能收, 五百就收.
    ['谁有闲置的婴儿车 两三百能收', 300],
    ['二手电瓶车 八百左右就收', 800],
    ['楼下收了三个快递', undefined],
  ])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});
