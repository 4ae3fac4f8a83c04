// Money forms the seventeenth blind split missed (read after its run, so its figure stays the held-out 94.3%): sums taken
// away (转走4.8k, 刷走了), a deposit held (押了), a sum demanded of the sender (要我出), a price per share (一股).
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, eighth batch', () => {
  it.each([
    // 走 after a money verb is no walk: 转走4.8k is money, 走了5k a walk.
    ['网上刷单 一共被转走4.8k 客服还让我再充', 4800],
    ['银行卡被人转走了1.2k 不知道怎么回事', 1200],
    ['今天走了5k 脚都酸了', undefined],
    ['早上跑了10k 舒服', undefined],
    // Taken from a card: 被刷走, 刷走了, 划走.
    ['扫了个码 卡里三千多被刷走了', 3000],
    ['微信里刷走了两千五 我根本没付过', 2500],
    ['支付宝被划走了八百 客服说查不到', 800],
    // A deposit held: 押了.
    ['租的时候押了两千 现在房东一分不退', 2000],
    ['电动车押了五百在车行 说修好再拿', 500],
    // A sum demanded of the sender: 要我出, 让我出, 叫我出.
    ['楼下说漏水是我家的 要我出三千修 我看根本不是', 3000],
    ['车刮了一下 对方叫我出两千 不给就报警', 2000],
    // A price per share: 一股五千.
    ['群里拉人入股 一股两万 说年底翻倍', 20000],
    ['公司让员工入股 一股五千 现在工资都发不出', 5000],
    ['他手上有五股 不知道值多少', undefined],
  ] as [string, number | undefined][])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});
