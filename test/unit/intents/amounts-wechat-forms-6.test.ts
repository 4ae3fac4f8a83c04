// Fresh money forms written before the fixes they led to (h13amt5; no dataset line): kinds the 6th split missed.
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, sixth batch', () => {
  it.each([
    // A sum, then what happened to it: 七千多转走了, 三千被转走.
    ['对方让我下载了个软件 卡里两万多转走了', 20000],
    ['支付宝里三千多被转走了 我都不知道', 3000],
    ['银行卡五千多全被转出去了', 5000],
    ['说是帮我升级 结果八千骗走了', 8000],
    ['他开了两千多公里才到', undefined],
    ['厂里两千多人 都没发工资', undefined],
    // A loss with 丢了: 丢了五千多, 丢了三千.
    ['店里昨晚进了贼 丢了五千多 还有几条烟', 5000],
    ['我在公交上丢了三千 包被划开了', 3000],
    ['仓库丢了两千多个口罩', undefined],
    ['丢了两次钥匙', undefined],
    // A thing's value, said beside it: 音箱一千多, 手机三千多, 卡是4800的.
    ['他把我的手机摔了 手机三千多 他只肯赔五百', 3000],
    ['邻居家小孩把我车划了 车刚买的 电动车四千多 想问能要多少', 4000],
    ['给儿子办的游泳卡 卡是3600的 才游了两次', 3600],
    ['我那个包是两千多的 被他们店弄坏了', 2000],
    ['卡是4800米外那个网点办的', undefined],
    ['手机里三千多张照片都没了', undefined],
    ['电动车骑了四千多公里', undefined],
    // A lump sum whose word starts with a counter: 三万包干, 八千包工包料.
    ['合同写的五万包干 现在又说不够', 50000],
    ['说好的八千包工包料 干完又要加钱', 8000],
    ['超市进了三万包纸巾', undefined],
    // At least a hundred/thousand/ten thousand… with loss words: 损失上百万, 骗了上千万.
    ['那个理财公司跑路了 大家损失上百万', 1000000],
    ['听说他骗了上千万 抓起来了', 10000000],
    ['小区里上百个业主都签了名', undefined],
    ['这篇文章上万字 看不完', undefined],
    ['上百万人看过这个视频', undefined],
    // Stakes with words between: 一底就是五百, 底都是两百.
    ['楼下棋牌室打麻将 一底就是三百 天天吵', 300],
    ['他们打牌底都是两百的 输赢好几千', 200],
    ['月底就是五百个单子要交', undefined],
    // One yuan more or less: 加一块, 涨了一块, 便宜一块.
    ['菜市场青菜又涨了一块 受不了', 1],
    ['停车费每小时加一块 也不说一声', 1],
    ['我们一块去吧', undefined],
    ['地里又加了一块地', undefined],
    ['墙上掉了一块砖', undefined],
    // Tenths of a yuan before a count: 9块9两双, 5块5三个.
    ['袜子9块9三双 包邮', 9.9],
    ['馒头2块5两个 比超市便宜', 2.5],
    ['买了两双鞋 花了两百', 200],
    ['今天走了五千多米', undefined],
    ['论文写了三万多字', undefined],
  ] as const)('%s → %s', (text, want) => {
    expect(amountOf(text)).toBe(want);
  });
});
