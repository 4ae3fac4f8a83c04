// Fresh money forms written before the fixes they led to (h13amt2; no dataset line): prices per piece or hour, take-away sale prices, caps and bounds, 给 and stakes, chat-record speaker lines, price changes, 才/就 prices, several sums.
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, third batch', () => {
  it.each([
    // A price after or before a piece, a weight or a stretch of time: 三百一颗, 一克两百, 一学期2800.
    ['那种药丸子三百一颗', 300],
    ['冰毒听说现在两百一克', 200],
    ['驾校练车一百五一小时', 150],
    ['钢琴课三百一节', 300],
    ['兴趣班一学期2800', 2800],
    ['假证一本八百', 800],
    ['那个减肥药一粒30', 30],
    ['一个床位800 包水电', 800],
    ['一个名额八千 交了就能进', 8000],
    ['办证一个证件六百', 600],
    // A sale post's price, then the buyer takes it away.
    ['九成新婴儿车 200拿走', 200],
    ['旧沙发 一百拉走', 100],
    ['闲置跑步机 五百搬走', 500],
    ['全新没拆封 80领走', 80],
    ['二手电动车 八百开走', 800],
    ['两百五直接拿走', 250],
    ['他趁我不在拿走了300', 300],
    // A sum with a bound or a cap: 以内, 以下, 封顶.
    ['耳机300以内有推荐吗', 300],
    ['停车一天封顶30', 30],
    ['找个1500以下的单间', 1500],
    ['500以内的礼物送什么好', 500],
    ['一千以内的都行', 1000],
    // Giving: 给 without 了, after 只肯/最多/愿意.
    ['关系一般的给两百', 200],
    ['他只肯给三千', 3000],
    ['老板说最多给八百', 800],
    ['每个孩子给一百压岁钱', 100],
    ['公司愿意给两千补偿', 2000],
    // Stakes: 底, 押, 起押, 起.
    ['今晚老地方 底200', 200],
    ['押一千 赢了翻倍', 1000],
    ['五十起押 上不封顶', 50],
    ['套餐298起', 298],
    ['包间三百起', 300],
    // A chat record's speaker line: the colon after its time starts the message.
    ['【聊天记录】\n老张 21:05：借我两万 下周还', 20000],
    ['【聊天记录】\n阿明 20:11：8000 已经转了', 8000],
    ['【聊天记录】\n小李 09:30：两万五 不能再少了', 25000],
    ['【聊天记录】\n群主 18:20：会费300 月底前交', 300],
    ['【聊天记录】\n王姐 10:02：3万 先打过去', 30000],
    // A price going up or down: 涨, 贵, 便宜, 降了.
    ['物业说明年涨三百', 300],
    ['这个月菜钱贵了两百', 200],
    ['砍了半天便宜了五十', 50],
    ['同样的东西他家贵一百', 100],
    ['降了八百才卖出去', 800],
    // 才/就 before a price in a message about buying.
    ['买了双鞋 才199', 199],
    ['网上买的 就八十', 80],
    ['那条裙子才两百多', 200],
    ['团购的 才三十九', 39],
    // Several sums: the largest; a sale post's price after a model name.
    ['借了他三千 后来又借了五千 一共八千', 8000],
    ['押金两千 月租一千五', 2000],
    ['出闲置 iPad 1200 键盘200', 1200],
    ['转让电动车一辆 九成新 1800 可小刀', 1800],
  ])('%s → %d', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});

describe('third batch: look-alikes that are no money', () => {
  it.each([
    '一本书三百页',
    '一学期二十周',
    '一小时三十公里',
    '一节课45分钟',
    '这本书一共300多页',
    '一克等于1000毫克',
    '一个班级45 老师就一个',
    '纸箱子十几个 自己来拿走',
    '快递3个 帮我拿走',
    '2号桌的东西拿走了',
    '10岁以下儿童免费',
    '三天以内发货',
    '50米以内禁止停车',
    '限速60以内',
    '给3号床换药',
    '给了他两次机会',
    '给120打电话',
    '给他打了二十多个电话',
    '明天早上8点起',
    '从3楼起都停水',
    '月底15号交',
    '井底200米',
    '10号起实行新规定',
    '【聊天记录】\n老张 21:05：3楼那家又吵',
    '【聊天记录】\n阿明 20:11：18号见',
    '【聊天记录】\n小李 09:30：五点到',
    '【聊天记录】\n群主 18:20：200人的群 别乱发',
    '气温涨到三十度',
    '体重涨了十斤',
    '粉丝涨了两千',
    '房价涨了三成',
    '买了个娃娃 孩子才3岁',
    '我买房的时候才25',
    '买了两箱 才吃了3个',
  ])('%s → no amount', (text) => {
    expect(amountOf(text)).toBeUndefined();
  });
});

// Found checking every text whose amount the third batch changed (corpus, public, dev, test).
describe('third batch: sending and incidents are no money', () => {
  it.each(['把他的手机号码发给8000', '打电话给一十一', '今年已经发生了12起', '这个月查处了30起'])(
    '%s → no amount',
    (text) => {
      expect(amountOf(text)).toBeUndefined();
    },
  );
});
