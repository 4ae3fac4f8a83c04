// Money forms found on tuning data (the dev set, the written corpus and 800 lines of two amount-writers kept out of the
// repository), none from a test split: a sum with its thing (四千多的笔记本), ranges said as two numbers (二十三十), a sum
// asked about (五百还是八百), shop prices (9.9), a stretch of time then its price (26天6500), and words that hid a sum.
import { describe, expect, it } from 'vitest';
import { amountOf } from '../../helpers/amount-of.js';

describe('WeChat money forms, ninth batch', () => {
  it.each([
    // A sum, then 的 and the thing it bought or is worth (not 两千多的人, 三年的时间).
    ['想买个四千左右的笔记本给孩子上网课', 4000],
    ['1500的扫地机器人值得买吗', 1500],
    ['驿站把两千多的平板弄丢了 只肯赔五十', 2000],
    ['广场上两千多的人在跳舞', undefined],
    // Two numbers of the same or a bigger unit in a row are a range: the upper end.
    ['孙子在学校被要钱 一次要二十三十 不给就打', 30],
    ['棋牌室一把就是五百一千的 晚上吵到两三点', 1000],
    ['花了两千五百', 2500],
    // A sum asked about beside another: 还是, 够不够.
    ['同事结婚份子钱随多少啊 五百还是八百', 800],
    ['白事随礼一般多少 200够不够', 200],
    // Shop prices ending in nines and eights, and 满…减.
    ['瑞幸今天9.9 南门兜那家人少 冲', 9.9],
    ['拼多多19.9 还送两个替换头', 19.9],
    ['有没有人拼单 满199减50', 199],
    ['儿子刚满18了 还在读书', undefined],
    // A stretch of time, then its price.
    ['请的月嫂 合同写26天6500 干了18天走了', 6500],
    ['夏令营 4天3夜 2680 不知道值不值', 2680],
    // 只 as "only", 对方 after a sum, 周转, 号码 after a space: no counters.
    ['做月嫂26天 只给一半工资 一万二只给六千', 12000],
    ['结果我付了2688对方跑了', 2688],
    ['朋友找我借二十万周转 说给两分利', 200000],
    ['同事已经被转走了一万八 号码是17085xxxx21', 18000],
    // Words that make a number money: 取了, 税, 提成, 打赏, 修, 宰, 摊, 打成, 滚到, 开口, 全款, 尾款 (not 一万尾鱼苗).
    ['老头的卡被人取了四千 密码是他生日', 4000],
    ['刮刮卡中奖 让先交个人所得税1888', 1888],
    ['足疗一个钟提成38 加钟提成45', 45],
    ['孩子给主播打赏了八千多 能退吗', 8000],
    ['对面小朋友在我车上画画 修一下八百', 800],
    ['大排档按两算 一共宰了我们两千多', 2000],
    ['物业说电梯坏了每户要摊五百', 500],
    ['本来五百打成了五千 对方不退', 5000],
    ['一千块的高利贷 一个月滚到八千', 8000],
    ['房东要我赔木地板 开口就是八千', 8000],
    ['买家要我退全款850', 850],
    ['买家还欠二十万尾款一直拖着不付', 200000],
    ['鱼苗到了 一万尾起批', undefined],
    // A price per piece: 一疗程, 一桶, 一趟, 一盅; 一度两块; 一斤八毛.
    ['有个群卖特效药 一疗程1280', 1280],
    ['送货一趟一千多 油钱就要四百', 1000],
    ['小区充电桩一度两块 比外面贵一倍', 2],
    ['塑料瓶一斤八毛 有多少收多少', 0.8],
    // Young people's 米 for a price they paid (not a distance walked).
    ['一件衣服699米 米是什么', 699],
    ['跑了500米就喘', undefined],
    // A screen's 4K, a ranking's 十大, a plate's 3K528, three pieces of tofu: no money.
    ['显示器买2K还是4K的 27寸 打游戏用', undefined],
    ['防范电信诈骗十大提醒 转给爸妈看', undefined],
    ['车牌号闽A·3K528 天天晚上在菜场后面卸货', undefined],
    ['买了三块豆腐两把青菜 回家做饭了', undefined],
    // Readings that are not money: 车速也就三四十, 吹出来20多.
    ['车速也就三四十 行车记录仪都有', undefined],
    ['喝了一瓶啤酒 测出来20多 算酒驾吗', undefined],
  ] as [string, number | undefined][])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});

// Found on two more amount-writers' sets (for-sale posts and notices; long stories of loss), tuning data kept in /root.
describe('WeChat money forms, ninth batch: sale posts and long stories', () => {
  it.each([
    // A post that sells or buys a thing: its price at a clause's end (not the counts and sizes beside it).
    ['出 九成新沙发 三人位 两百 急出 周末前要搬走', 200],
    ['出一部华为mate40 256g 1200 屏幕有个小划痕', 1200],
    ['出 烤箱 32升 九十 只用过三次', 90],
    ['出 老花镜 好多副 十块两副 给有需要的老人', 10],
    ['收 旧空调 旧冰箱 价格面议 空调一台最高给到三百', 300],
    ['转让健身房年卡 当初办的3980 现在1500转', 3980],
    ['押金退回来了 三千全退了 谢谢检察官帮忙说话', 3000],
    ['洗车一次三十 包月一百九 打蜡另收八十', 190],
    ['说好二百包送 送到楼下又要加五十块上楼费', 200],
    // Rooms, case numbers, bus routes, ages and masked phones are no sums.
    ['谢谢502的阿姨 龙眼好甜', undefined],
    ['谢谢你们 编号GL-2026-000233的事情已经处理好了', undefined],
    ['小区北门的那路公交 是51路还是52路', undefined],
    ['小卖部给13 14岁的学生卖烟', undefined],
    ['抚养费一般给到多少岁 18还是大学毕业', undefined],
    ['有线索请联系159***2368', undefined],
    ['那家按摩店评分4.9 去了才知道是刷的', undefined],
    ['我弟还没满十八 打工受伤了', undefined],
    // Long stories: 算了, 只剩, 卡上, 将近, a phone's value, 再出, 又加了; broken glass is no yuan.
    ['老板说质量不行只给我算了1500 这合理吗', 1500],
    ['一天一百五包吃住 干了二十天 扣掉吃住只剩六百', 600],
    ['朋友让我帮他收一笔款 转到我卡上二十万 他给了我两千辛苦费', 200000],
    ['住了四十多天ICU 花了将近50万 肇事方就赔了十万', 500000],
    ['快递被人冒领了 里面是一部新手机 七千多', 7000],
    ['物业每户二十五块电梯费 现在说修电梯要我们每户再出一千', 1000],
    ['说好的三千八 做完了说用了进口材料 又加了六千', 6000],
    ['我家的玻璃被人砸了 砸了三块 窗外还扔了纸条', undefined],
  ] as [string, number | undefined][])('%s → %s', (text, yuan) => {
    expect(amountOf(text)).toBe(yuan);
  });
});
