// Money forms the twelfth split missed (h13dom; read after its one run, lines written fresh here): bare sums beside money words.
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, seventh batch', () => {
  it.each([
    // Lending to someone named after 借给/赔给: 借给表哥5000, 赔给人家两千.
    ['去年借给表哥5000 到现在一分没还', 5000],
    ['借给我们班同学两千 他说下个月还', 2000],
    ['借给同学3本书 一直没还', undefined],
    // Pay on probation and after it: 试用期4000 转正5500.
    ['试用期4000 转正5500 这样合理吗', 5500],
    ['试用期3个月 转正要考核', undefined],
    // Second-hand and rental posts: 打包60, 挂1200, 次卧900, 1500/月, a bare price after the goods.
    ['毕业清仓 教材打包60 东大路自取', 60],
    ['打包3份 带走', undefined],
    ['我的耳机被偷了 在闲鱼上看到有人挂1200', 1200],
    ['挂3号窗口就行', undefined],
    ['求合租 次卧900 水电平摊', 900],
    ['出租：东街口一室一厅 2300/月 押一付三', 2300],
    ['转让自行车 骑了两年 350 鼓西自提', 350],
    ['二手出 平板 带笔 1600 有意私聊', 1600],
    ['二手群新进了 300 个人', undefined],
    // A promise bought with a fee: 交3000包过, 一针980.
    ['驾校说交3000包过 结果挂了也不退', 3000],
    ['美容院说打一针980 能管半年', 980],
    ['打了3针 还没好', undefined],
    // 满 stays out of the money words: ages and hours follow it as often (满18了, 满90学时).
    ['儿子刚满18了 还在读书', undefined],
    // What is left after fines: 扣完罚款还剩四千多.
    ['这个月扣完罚款还剩四千多', 4000],
    ['扣完了还剩三天假', undefined],
    // A fine at a clause's end: 贴条 一百五.
    ['车被贴条了 就停了一会儿 两百 心疼死', 200],
    // A shop's price on 京东上.
    ['京东上三百九 拼多多便宜二十', 390],
    // A fee in quotes, then the sum: 收"卫生费"三百.
    ['每户每月收"卫生费"三百 不交就不给收垃圾', 300],
  ])('%s → %s', (text, expected) => {
    expect(amountOf(text)).toBe(expected);
  });
});
