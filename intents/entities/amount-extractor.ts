// Finds sums of money in normalised text as people write them (83.35万元, 5k, 4.8w, 1w5, 两千五, 被转走了八千) and returns the largest in yuan.
import { CHINESE_DIGITS as CN_DIGITS } from './chinese-numeral-parser.js';
import { findNumbers } from './number-spans.js';

const UNITS: Record<string, number> = {
  十: 10,
  拾: 10,
  百: 100,
  佰: 100,
  千: 1000,
  仟: 1000,
  k: 1000,
  K: 1000,
  万: 10_000,
  萬: 10_000,
  w: 10_000,
  W: 10_000,
  亿: 100_000_000,
};
const DIGIT_CHARS = Object.keys(CN_DIGITS).join('');
// A Chinese digit follows another only in a range (两三万, 三五千) or after 零: 四万八一直 is 四万八, then 一直.
const CN_AFTER_CN =
  '(?<=一)[两二]|(?<=[两二])三|(?<=三)[四五]|(?<=四)五|(?<=五)六|(?<=六)七|(?<=七)八|(?<=八)九|(?<=[零〇])[一二两三四五六七八九]';
const ARABIC = String.raw`(?<![\d.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?`;
// One written number: Arabic and Chinese digits (not one straight after the other: 4500一直), units, k/w right after a digit (not 5km, wifi), and 多/几/余
// between a number and a bigger unit (十多万, 二十几万 — read as their lower bound).
const RUN_RE = new RegExp(
  `(?:${ARABIC}|(?<![\\d${DIGIT_CHARS}])[${DIGIT_CHARS}]|${CN_AFTER_CN}|[十拾百佰千仟万萬亿]|(?<=[\\d${DIGIT_CHARS}十百千多])[kKwW](?![a-zA-Z])|(?<=[\\d十拾百佰千仟])[多几余来](?=[万萬亿千仟百佰wWkK]))+`,
  'g',
);
const TOKEN_RE = /(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)|(.)/g;

// What may stand between a number and its currency or counter: 两万多元, 3000左右, 一万来块.
const APPROX = '(?:多|余|来|几|左右|上下|出头|把)?';
// 块 also counts land, bricks and boards: 五十块地, 2000块砖 are no yuan. 15r, 500 yuan, 5000¥, the typo 五百快钱 and the
// southern 箍/镭 (五百箍) and Cantonese 蚊 (五百蚊, not 蚊子/蚊香) are.
const CURRENCY_AFTER = new RegExp(
  `^\\s*${APPROX}\\s*(元|块钱|快钱|块(?![地田砖石板瓦玻璃肉布牌碑墓木铁钢表屏豆蛋糕饼糖皂姜瓜]|电[瓶池])|圆|大洋|[箍镭]|蚊(?![子香帐虫])|rmb|RMB|人民币|[¥￥]|[rR](?![a-zA-Z])|yuan(?![a-zA-Z]))`,
);
const CURRENCY_BEFORE = /(?:[¥￥]|rmb|RMB|人民币)\s*$/;
// Money words that start with a counter's character: 3000会员费, 200包邮, 三千五包吃住, 180门票, 600份子钱, 十万首付.
// Also words that only start with a counter: 八成为 (成为), 三万八代理费, 两万期货, 三万股票, 三万年终奖, 四百九下单.
const COUNTER_MONEY =
  '(?:会员[费卡]|包[邮吃住过网办月年季送]|包物业|包水电|门票|份子钱|人头费|次卡|[台场门桌位]费(?!用)|首[付期款充]|场地费|摊位费|班费|封口费|回扣|成为|代[理购办缴练写还扣付收]|期货|股票|年终奖|下(?:的)?单|下分|包干|包工)';
// Counters and time words: 5万人, 三个月, 借了两次, 3号楼, 1.75米, 打八折, 50%. Not money.
const COUNTED = new RegExp(
  `^\\s*${APPROX}\\s*\\+?\\s*(?!${COUNTER_MONEY})(?:[人次户名位口家所座栋幢层楼室号间套平亩吨斤克件台辆部步里米字条份张本篇页天年月日点时分秒岁趟遍头匹棵株颗粒瓶罐袋包盒箱桶杯碗双副支根片度倍级届期季集题道笔股下声拳脚刀针轮批群些成折代组队班排节门项宗例单届站册]|尾(?![款数号货])|对(?![方面象手不了吧啊的着劲比])|个(?!大洋)|周(?!转)|路(?!费)|只(?![给有要剩是收付赔退发能够肯拿卖花用得好赚挣值])|起(?![押步价投售拍租卖送购充订跳]|\\s|$|[,.!?;~|啊吧呢的吗哦])|[局场盘码朵首封圈枚幅艘架顿句环枪%‰℃]|把(?![块钱元])|回(?![来去家到头])|公[里斤顷]|千[米克]|厘米|毫米|小时|平米|平方|立方|[寸匹迈]|粉丝?|多?(?:网友|观众|用户|会员|居民|业主|村民|学生|员工|工人|户|票|赞|次?播放|阅读|点击|浏览|下载|观看|访问|收藏|转发|评论)|[kKcCmM][mMgGlL]|[GgMm](?![a-zA-Z]))`,
);
// Before a number: not an amount after these (第3, 尾号1234, 百分之五十, 几十万, 数百万, A3000, iPhone15, 长120宽65).
// A space ends the word before (屏山附近 1200出 is no 近1200); 变成八百 and 一晚上二十块 are sums.
const NOT_BEFORE =
  /(?:[第#号码之几栋幢*]|(?<=^|[\s,.;:\d])[长宽厚深]|(?<![将接])近|(?<!尾)数|单元|(?<=[\d号])楼|(?<![晚早马路身网线桌手楼班床墙街头面东卡])上|(?<![变换算折谈涨降改提])成|[A-Za-z][\s·]*)$/;
// Counts of views, fans, sales and steps are no money even with 万 or w: 播放量10w+, 阅读量10万+, 粉丝100万.
const COUNT_BEFORE =
  /(?:播放量?|阅读量?|点赞|粉丝|浏览量?|访问量?|销量|人数|票数|字数|步数|人口|面积|排名|分数|得分|里程|关注|限速|时速|车速|体重|身高|年龄|气温|温度|血压|血糖|心率|健康度|电量|进度|湿度|浓度|含量|体温|视力|评分|打分|吹出来|测出来|吹了|测了)\s*(?:[有是破过超达涨掉就才也]|超过|达到|突破|都有|已经|涨了|涨到|多了|少了|掉了|也就|只有|还有)?\s*$/;
// A screen's 2K and 4K in a message about screens: 显示器买2K还是4K的.
const K_SCREEN_TALK = /显示器|屏幕|电视|投影|分辨率|画质/;
const K_NOT_MONEY_AFTER = /^\s*(?:高清|超清|电视|屏|显示|视频|画质|分辨率|蓝光|投影)/;
// 走 walks (走了5k), unless money goes with it: 转走4.8k, 刷走, 卷走.
const K_NOT_MONEY_BEFORE = /(?:跑|跑步|长跑|骑|游|(?<![转卷拿刷骗偷抢盗划])走)了?\s*$/;
const SHOPPING_DAY_AFTER = /^\s*(?:活动|大促|期间|那天|当天|的时候|买|抢|囤|优惠|节)/;
const JIAO_AFTER = /^\s*[毛角]钱/;
// Idioms built from numerals: 十万火急, 差了十万八千里, 万无一失.
const IDIOM_AFTER = /^(?:火急|八千里|千里|分之)/;
// 十大提醒, 四大名著: a ranking, not 十 yuan (十大洋 is money, read from its currency).
const RANKING_AFTER = /^大(?!洋)[\u4e00-\u9fff]/;
// Words before a number that make it money as people write it (被转走了八千, 月租两千八, 他少给了我八千, 每个月4500, 售价300).
const CONTEXT_WORDS = [
  '转走',
  '刷走',
  '划走',
  '包了',
  '肯出',
  '要加',
  '塞了',
  '尾数',
  '丢了',
  '愿意出',
  '转了',
  '转给',
  '转账',
  '转',
  '汇了',
  '汇款',
  '汇',
  '打款',
  '打钱',
  '打给',
  '借',
  '借款',
  '欠',
  '欠款',
  '还差',
  '还欠',
  '还了',
  '还我',
  '骗',
  '骗走',
  '诈骗',
  '卷走',
  '偷了',
  '偷走',
  '抢了',
  '抢走',
  '盗走',
  '盗刷',
  '总额',
  '被刷',
  '包里',
  '钱包里',
  '兜里',
  '口袋里',
  '敲诈',
  '勒索',
  '索要',
  '索赔',
  '要了',
  '要',
  '要回',
  '讨回',
  '涨到',
  '涨了',
  '降到',
  '还有',
  '要价',
  '开价',
  '报价',
  '出价',
  '赔',
  '赔偿',
  '补偿',
  '付',
  '付款',
  '支付',
  '(?<![公外社成])交',
  '缴',
  '缴纳',
  '花',
  '花费',
  '消费',
  '充值',
  '充',
  '刷了',
  '投资',
  '投了',
  '投入',
  '入股',
  '理财',
  '集资',
  '收',
  '收费',
  '收取',
  '收受',
  '受贿',
  '行贿',
  '贪污',
  '挪用',
  '侵占',
  '退',
  '退款',
  '退还',
  '返还',
  '亏',
  '亏损',
  '输',
  '赢',
  '赚',
  '挣',
  '损失',
  '扣',
  '扣款',
  '克扣',
  '罚',
  '罚款',
  '少给',
  '少了',
  '每局',
  '一局',
  '少发',
  '多收',
  '多扣',
  '拖欠',
  '只发',
  '发了',
  '卖',
  '卖了',
  '买',
  '买了',
  '售价',
  '价格',
  '价钱',
  '价',
  '价值',
  '值',
  '卖到',
  '买的',
  '买的时候',
  '日薪',
  '时薪',
  '周薪',
  '工钱',
  '工价',
  '标价',
  '原价',
  '现价',
  '单价',
  '总价',
  '一口价',
  '只要',
  '仅需',
  '仅售',
  '押金',
  '押了',
  '要我出',
  '让我出',
  '叫我出',
  '要我们出',
  '定金',
  '订金',
  '保证金',
  '首付',
  '尾款',
  '货款',
  '工程款',
  '装修款',
  '租金',
  '月租',
  '房租',
  '年租',
  '工资',
  '月薪',
  '年薪',
  '底薪',
  '薪水',
  '收入',
  '月入',
  '提成',
  '奖金',
  '补贴',
  '加班费',
  '彩礼',
  '礼金',
  '红包',
  '利息',
  '本金',
  '本息',
  '贷款',
  '网贷',
  '贷了',
  '医药费',
  '医疗费',
  '误工费',
  '抚养费',
  '生活费',
  '赡养费',
  '学费',
  '培训费',
  '中介费',
  '手续费',
  '服务费',
  '物业费',
  '费用',
  '余额',
  '存款',
  '现金',
  '总共',
  '一共',
  '共计',
  '合计',
  '累计',
  '总计',
  '每个月',
  '每月',
  '一个月',
  '每年',
  '一年',
  '每天',
  '一天',
  '每晚',
  '一晚',
  '每次',
  '一次',
  '每人',
  '到手',
  '私了',
  '钱包里',
  '违约金',
  '会员费',
  '费',
  '还款',
  '月供',
  '人均',
  '每期',
  '打了',
  '给了',
  '预算',
  '坑',
  '坑了',
  '讹',
  '讹了',
  '门票',
  '票价',
  '开通会员',
  '开通',
  '钱',
  '日结',
  '月结',
  '入场',
  '最低',
  '起步',
  '起价',
  '年卡',
  '月卡',
  '次卡',
  'v我',
  'V我',
  '年终奖',
  '绩效',
  '提现',
  '垫',
  '垫了',
  '垫付',
  '砍到',
  '每周',
  '一周',
  '每个礼拜',
  '每礼拜',
  '一个礼拜',
  '每星期',
  '每个星期',
  '一个星期',
  '每小时',
  '一小时',
  '一个小时',
  '每个小时',
  '本来',
  '原来',
  '原本',
  '说好',
  '讲好',
  '谈好',
  '拿走',
  '拿了',
  '拿回',
  '拿到',
  '收回',
  '回报',
  '返',
  '返了',
  '返现',
  '投',
  '涨',
  '降',
  '降了',
  '贵',
  '贵了',
  '便宜',
  '便宜了',
  '多花',
  '少花',
  '省了',
  '差价',
  '封顶',
  '上限',
  '套餐',
  '底注',
  '打底',
  '下注',
  '押注',
  '赌注',
  '筹码',
  '中了',
  '中奖',
  '中奖了',
  'v了',
  'V了',
  '分摊',
  '均摊',
  '平摊',
  '酬金',
  '赏金',
  '佣金',
  '薪金',
  '罚金',
  '聘金',
  '抚恤金',
  '养老金',
  '退休金',
  '公积金',
  '资金',
  '基金',
  '报酬',
  '酬劳',
  '酬谢',
  '悬赏',
  '重谢',
  '分红',
  '利润',
  '营业额',
  '流水',
  '全套',
  '包夜',
  '快餐',
  '上分',
  '下分',
  '随',
  '随了',
  '随礼',
  '试用期',
  '转正',
  '打包',
  '挂',
  '次卧',
  '主卧',
  '取了',
  '取走',
  '取出',
  '被取',
  '税',
  '个税',
  '所得税',
  '税款',
  '税费',
  '补税',
  '成人',
  '成人票',
  '儿童票',
  '机票',
  '车票',
  '高铁票',
  '带',
  '我出',
  '他出',
  '各出',
  '每人出',
  '减',
  '打赏',
  '打赏了',
  '拿',
  '回血',
  '捐',
  '捐了',
  '捐款',
  '奖励',
  '全勤奖',
  '全勤',
  '多发',
  '差了',
  '修了',
  '修一下',
  '修车',
  '维修',
  '宰',
  '宰了',
  '办了',
  '办的',
  '算',
  '卡上',
  '卡里',
  '再出',
  '还要出',
  '要出',
  '加了',
  '又加',
  '包月',
  '给到',
  '最高',
  '摊',
  '打成',
  '打成了',
  '变成',
  '写成',
  '滚到',
  '滚成',
  '开口',
  '日租',
  '日入',
  '凑到',
  '凑单',
  '全款',
  '塞',
];
// Words between the context and the number: 借给了他, 转了大概, 欠我们足足.
const FILLER =
  '(?:了|过|给|的话|的|其实|估计|[“”"\'「」]|写的|写着|我|你|他|她|它|们|伊|侬|俺|咱|阮|汝|不到|对方|人家|老板|公司|孩子|老人|父母|我妈|我爸|家里|大概|大约|约|差不多|将近|接近|足足|整整|有|是|都|就|也|又|还|快|共|总共|一共|前后|只|只有|仅|才|至少|起码|超过|高达|达|多达|为|到|回|进去|出去|过去|走|掉|[一每][个件斤只台套份盒箱瓶罐袋包支]|\\s)';
// A money noun, then a comma or colon, then the sum: 学费，12800; 报名费:1980; 押金：两千.
const MONEY_NOUN_PUNCT = /(?:费|金|款|租|资|薪|价|钱|利息|彩礼|红包|预算|门票|月供|额)\s*[,:"”」』]\s*$/;
// A money noun a few words before the sum: 电费突然变成八百多, 工资这个月只有两千.
const MONEY_NOUN_NEAR =
  /(?:[电水话燃气路运车房油饭]费|物业费|学费|医药费|房租|租金|工资|薪水|月薪|底薪|价钱|价格|欠款|货款|押金|定金|彩礼)[^\d\s,.!?;:~零〇一二两三四五六七八九十百千万]{1,4}$/;
// A price after a count of goods in a message about money: 三个九百九, 买了两件三百.
const COUNT_THEN_PRICE =
  /[\d二两三四五六七八九十]\s*(?:个|件|盒|瓶|袋|包|箱|斤|只|台|套|份|支|双|条|张|桶|罐|针)\s*$/;
// A sum standing alone as a clause in a message about money: 收了钱不发货 两百五; 被骗了, 3200 (not a year, not six bare digits: 4008 517517).
const CLAUSE_BEFORE = /(?:^|[\s,.!?;:~])(?:大概|大约|差不多|估计|起码|至少|将近|一共|总共)?$/;
const CLAUSE_AFTER = new RegExp(`^${APPROX}(?:$|[\\s,.!?;~])`);
const MONEY_TALK =
  /钱|块|元|费|价|票|工资|租|押金|转账|付款|收款|退款|赔|骗|欠|借|买|卖|花了|付了|转了|[转打]过去|还你|二手|转让|面交|自提|罚|贴条/;
// Taking money from someone named between the verb and the sum: 罚了我们小店八千, 借了我同学五千, 骗了我妈两千; lending
// to someone: 借给室友3000, 借给我们班同学两千.
const VERB_OBJECT_BEFORE =
  /(?:(?:借|欠|骗|坑|讹|罚|赔|偷|抢|扣|宰|勒索|敲诈|卷走|转给)了?[^\d\s,.!?;:~零〇一二两三四五六七八九十百千万]{1,4}|(?:借|赔|还|汇)给[^\d\s,.!?;:~零〇一二两三四五六七八九十百千万]{1,6})$/;
const CONTEXT_BEFORE = new RegExp(
  `(?:${[...CONTEXT_WORDS].sort((a, b) => b.length - a.length).join('|')})${FILLER}{0,4}$`,
);
// Words after a number that make it money: 八千的货款, 五万现金, 300出 (a for-sale post), 20一斤.
// A price per piece before a number (also after a count: 一万条两百, 一小瓶三百, 一棵五千): 一件199, 一粒三百, 一盒药九千八, 一张卡100.
// The price may follow a verb: 一张卡给五百, 一个人入场3000.
const UNIT_PRICE_BEFORE =
  /(?:[一每]|[\d一二两三四五六七八九十]+[十百千万])[小大]?(?:个|棵|株|件|斤|只|台|套|份|盒|箱|瓶|罐|袋|包|支|粒|张|颗|杯|碗|位|晚|节|课|饼|桌|串|条|双|副|束|把|顿|场|次|单|间|人|笔|户|家|本|克|局|注|针|股|桶|辆|度|钟|亩|趟|盅|板|疗程|学期|小时|钟头|课时)[\p{Script=Han}]?(?:给|要|收|卖|算|才|只要|入场|进场|最少|至少|起码)?\s*$/u;
// A pack's size, then its price: 一箱二十四瓶的 六十八, 一袋五十斤的一百三.
const PACK_PRICE_BEFORE =
  /[一每](?:箱|盒|包|袋|瓶|桶|罐|提|件|套)[\d零一二两三四五六七八九十百]+(?:瓶|粒|片|斤|克|升|个|只|包|袋|支|罐|听|卷|张|块)装?的?\s*$/;
// Goods by the piece with their name: 一杯奶茶十八, 一斤猪肉二十八, 一件衣服399 (not people or rooms: 一个班级45).
const ITEM_PRICE_BEFORE =
  /[一每](?:杯|斤|份|盒|瓶|袋|包|碗|箱|桶|串|件|套|张|双|条|支|罐|饼|桌|只)[\p{Script=Han}]{2,3}\s*$/u;
// A price for one of a named thing: 一个摊位八百, 一个名额八千, 一个床位800 (≥ 100: 一个班级45 is a count).
const NAMED_PIECE_BEFORE = /[一每]个[\p{Script=Han}]{2}\s*$/u;
// Giving a sum: 关系好的给八百, 只肯给五千, 给他一百 (not sending or phoning: 发给8000, 打电话给一十一).
const GIVE_BEFORE = /(?<![发寄递传送话嫁写绍荐享拨])给了?(?:他|她|我|你|它|们|对方|人家)*\s*$/;
// Stakes: 底500, 押一千, 一把两百 (not 月底, 井底, 到底).
const STAKE_BEFORE =
  /(?:(?<![月年到心海谷井楼见彻封锅箱])底(?:就是|都是|是|就|都)?|(?<![抵扣关羁])押|[一每]把(?:就是|都是|是|就|都)?)\s*$/;
// 才/就/只 before a price in a message about buying: 买了双鞋 才199 (not an age: 买房的时候才25).
const JUST_BEFORE = /(?:才|就|只|仅|也就)\s*$/;
const AGE_TIME_BEFORE = /(?:时候|那年|今年|那会|年纪|年龄|岁数|[孩儿女]子)/;
const BUYING = /买|卖|价|钱|块|元|退|赔|收|团购|下单|拼多多|淘宝|京东|网购|衣|裙|裤|鞋|外套|手机|耳机|化妆品/;
// Incidents counted with 起 at a clause's end: 今年发生了12起 (not 套餐298起).
const INCIDENT_BEFORE = /(?:发生|查处|破获|接到|受理|处理|共有|已有|出了)[^\d]{0,6}$/;
// Young people's 米 for yuan, after a money verb: 借我200米, 转了500米过去 (not 跑了500米, 右转500米, 还有200米).
const SLANG_MI_AFTER = /^\s*米(?![饭粉线面酒])/;
const MONEY_VERB_BEFORE =
  /(?:借|(?<![左右前后回掉调往])转|欠|还|充|花|给|v|V)(?:了|我|你|他|她|伊|侬|给)*\s*$/;
// An age: a clause that starts with a person, then the number and 了 — 生活费 我七十多了, 她七十了 (not 借我八百了).
const PERSON_BEFORE =
  /(?:^|[\s,.!?;:~])(?:我|他|她|老人家?|我妈|我爸|老伴|爷爷|奶奶|外婆|外公|老头子?|老太太?)(?:今年|都|已经|也|快)*\s*$/;
// A post that sells or buys a thing: 出 九成新沙发 三人位 两百, 出一部华为mate40 256g 1200, 收 旧空调.
const SALE_START =
  /^\s*(?:【[^】]{0,8}】\s*)?(?:出|收|卖|转|出售|转让|求购)(?:闲置|二手|个|一|台|部|套|张|辆|只|件)?\s*[\p{Script=Han}A-Za-z]/u;
// Pieces of something broken or cut: 玻璃被砸了三块, 切成两块.
const BROKEN_BEFORE = /(?:砸|碎|摔|切|掰|裂|分)(?:了|成)?\s*$/;
// A sale post's price after a model's name: 出闲置 iPad 1200.
const SALE_POST = /出闲置|闲置|转让|出售|[出卖]二手|二手[出卖]|包邮|自提|面交|可小刀|可刀|不议价/;
// English money words before a sum: rent 2k, salary 8k, deposit 500, tuition is 2800, offer me 5000, buy it 1.5k,
// want +500 (other Latin before a number is a model: iPhone 15).
const ENGLISH_MONEY_BEFORE =
  /\b(?:(?:rent|salary|price|cost|costs|pay|paid|deposit|fee|fees|transfer|total|loan|owes?|owed|lost|refund|budget|tuition|offer(?:s|ed)?|buy|bought|sell|sold|charge[sd]?)(?:\s+(?:is|was|are|me|it|him|her|us|them|about|around|only|just))?\s*|wants?\s*\+\s*)$/i;
// WeChat writers separate clauses with a space: after one, only these counters still count (3 个月, 65 岁), not 对方/家里/平台/学生.
// The space may follow 多/来/左右: 两千多 楼上 is money, 30多 个 is not.
const SPACED = new RegExp(`^\\s*${APPROX.replace('|把', '')}\\s`);
const SPACED_COUNTER = new RegExp(
  `^\\s*${APPROX}\\s+(?:个|岁|%|号(?![码称])|楼(?![上下道里顶])|层|米|斤|公斤|平米|平方)`,
);
const CONTEXT_AFTER = new RegExp(
  `^\\s*${APPROX}\\s*(?:的?(?:钱|货款|欠款|借款|工资|押金|定金|订金|彩礼|损失|医药费|费用|房租|租金|学费|利息|本金|赔偿|工程款|装修款|尾款|首付|红包|现金|存款|积蓄|血汗钱|保证金|中介费|手续费|服务费|生活费|抚养费|罚款|外债|网贷|贷款|高利贷)|出(?:$|[\\s,.!?;:~，。！？])|[没不](?:退|还|给|结|付|发|到账)|买的|买来|买了个?|买个|入了|[退还转]给|(?:全|都|已经)?退(?:了|回来|回|给)|转让|包(?:送|安装|运费)|就能[办买拿]|就可以[办买拿]|带走|包邮|自提|面交|到付|可议|议价|一口价|可刀|可小刀|不议价|不刀|[/一每](?:[个件斤只台套份盒箱位次张桌串晚天期人粒颗克本节课局注把场床瓶支双条袋包罐桶对副辆部板提束盆卷听针]|学期|小时|钟头|课时|平(?:米|方)?)|/\\s*[月年周]|(?:直接|就|可以|自己)?[拿拉搬领开抱提骑]走|(?:要|得|由|让|叫)?(?:自己|我们?|你们?|他们?|她们?|对方|谁)(?:来|自己)?(?:出|掏|付|垫|承担)(?![去来门发生席现差租头国口院面])|的?转账|(?:拔草|剁手|下单|下的单|[白首]充|包干|包工)|(?:能|可以|就)收(?![拾到藏听看养留])|入(?:手|的|了)*(?![\\u4e00-\\u9fff])|入(?:手|的|了)+(?![党团伍职学会籍行院伙厂])(?=[\\u4e00-\\u9fff]{2})|分了?\\s*[\\d一二两三四五六七八九十]+\\s*期|(?:可以?|能)?分期|全套(?![\\u4e00-\\u9fff\\d])|(?:都|就|也)?(?:不能再?少|不能再低|少一分|一分都不能少|不讲价|不还价|没得少|最低了)|(?:以内|以下|之内)(?![\\u4e00-\\u9fff]{0,2}[岁天年月米斤])|起(?:[押步价投售拍租卖送购充订跳]|$|[\\s,.!?;~|啊吧呢的吗哦])|的?[\\u4e00-\\u9fff]{0,3}费(?![力劲心时解])|门票|的(?:卡|年卡|月卡|会员|套餐|课|课程|东西|货|手机|电脑|耳机|衣服|裤子|裙子|鞋|包|产品|保健品|化妆品|药|中药|礼物|玩具|零食|票|油|菜|饭|烟|酒|茶|水果|外卖|快递)|(?:块钱?)?(?:就|都|全)?被(?:人|他|她|对方|骗子)?(?:骗|转|偷|抢|卷|盗|拿|坑|扣|吞|黑|刷|划)|(?:就|都|全)?(?:骗|转|偷|卷|抢|刷|划)(?:走|出去))`,
);
// A sum, then 的 and the thing it bought or is worth: 四千多的笔记本, 1500的扫地机器人 (not 两千多的人, 三年的时间).
const THING_AFTER = new RegExp(
  `^\\s*${APPROX}\\s*的(?![人天年月日岁次个位家户名号楼层路公里米时分秒周期届样话阿大租住邻业老来那这])[\\u4e00-\\u9fff]`,
);
// A sum asked about beside another: 份子钱随多少 五百还是八百, 包多少 200会不会太少.
const HOW_MUCH = /多少|几多|啥价|什么价|怎么收费/;
const ALT_AFTER =
  /^\s*(?:还是|左右|够不够|够吗|会不会|给不给|行不行|可以吗|合适|多不多|少不少|太少|太多|贵不贵|值不值|就够)/;
// 满199减50, 满300送…: a threshold to spend (not 满18了, 满三年).
const SPEND_AND_SAVE_AFTER = /^\s*(?:元|块)?\s*(?:立?减|送|可用|包邮|打(?=[\d一二三四五六七八九]?折)|享|返)/;
// Shop prices end in nines and eights: 瑞幸今天9.9, 拼多多19.9, 29.8.
const DECIMAL_PRICE = /^\d{1,4}\.(?:9|99|98|8|88)$/;
// A stretch of time, then its price: 合同写26天6500, 4天3夜 2680.
const DURATION_BEFORE = /\d\s*(?:天|个月|晚|夜|小时|节课?)\s*$/;
// A money noun right before the number: 医药费三万多, 押金两千.
const MONEY_NOUN_RIGHT_BEFORE = /(?:费|款|金|资|租|薪|价|钱)\s*$/;
// What is left of money: 班费还剩237.5, 余额剩下63.5 (not 还剩三天, counted above).
const LEFT_BEFORE = /剩(?:下|了|也|就|只)*\s*$/;
const LEFT_MONEY = /钱|块|元|费|工资|余额|卡里|零钱|支付宝|微信|房租|存款|饭卡|罚款|扣完|扣掉/;
// A bought thing, then its price at a clause's end: 挂了个相机6000, 入了一台二手kindle 三百五 (not 买了个房在3楼, counted).
const ITEM_BEFORE =
  /(?:挂|挂了|出|出了|卖|卖了|收|收了|买|买了|买的|入|入了|求购)(?:一|个|台|部|只|件|套|双|辆|把|条|张|块|副|款)*(?:(?![的了是在才就都也还又说很太没不我你他她它们时候])[\p{Script=Han}A-Za-z]){1,8}\s*$/u;
// Loss words before 上百万/上千万 (at least that much).
const LOSS_UP_BEFORE =
  /(?:损失|骗了?|卷走了?|卷了|涉案|金额|欠了?|赔了?|亏了?|输了?|输赢|被骗)(?:了|都|有|达|高达|就)*上$/;
// A thing, then its value at a clause's end: 音箱一千多, 手机三千多, 卡是4800的, 包是两千多的.
const GOODS_VALUE_BEFORE =
  /(?:^|[\s,.!?;:~的个了新旧部台])(?:手机|电脑|平板|音箱|音响|电视|冰箱|空调|洗衣机|电动车|自行车|摩托车|车|包|手表|项链|戒指|首饰|耳机|相机|眼镜|衣服|鞋|卡|年卡|会员卡|健身卡|游泳卡|沙发|家具|柜子|镜子|花瓶)(?:是|都|也|就)?\s*$/;
const GOODS_VALUE_AFTER = new RegExp(`^${APPROX}的?(?:$|[\\s,.!?;~])`);
// One yuan more: 加一块, 涨了一块, 便宜一块 (a lone 一块 is otherwise "together").
const ONE_KUAI_BEFORE = /(?:加|涨|降|便宜|贵|多收|多要|多花|多给|少给|少找)(?:了|到|我|你|他|她)*\s*$/;
// Lovers' sums, in a message about transfers: 520 1314, 5201314 (not 520那天, 520快乐).
const LOVE_SUMS = new Set(['520', '521', '1314', '5201314', '1314520', '13.14', '131.4', '52.1', '52.0']);
const LOVE_NOT_AFTER = /^\s*(?:那天|当天|快乐|节|表白|告白|情人节|那晚)/;
const TRANSFER_TALK = /转账|转了|转过|转给|转我|给我转|红包/;
// A pay range in a job post: 招普工 5000-7000.
const JOB_POST = /招|聘|包吃住|五险|双休|月休|长白班|待遇|底薪|日结|月薪|工资/;
// A total: 加起来都快两千了, 算下来花了五千多 (not ages or distances added up).
const TOTAL_BEFORE =
  /(?:加起来|合起来|算下来|算起来|加在一起|前前后后|拢共|统共)(?:了|都|也|就|快|有|花了|差不多|将近|大概|得)*\s*$/;
const THEFT_TALK = /偷|抢|丢|损失/;
const TOTAL_NOT_MONEY = /年龄|岁数|年纪|[0-9一二两三四五六七八九十]岁|体重|身高|距离|公里|路程|时间/;
// Tenths of a yuan with 毛 or 角 after a money verb: 抹了两毛, 涨了五毛 (not 三毛流浪记, 五角星, 两个八角).
const JIAO_ALONE_AFTER = /^\s*[毛角](?![衣巾线笔病发皮绒毯料星形楼钱])/;
const JIAO_VERB_BEFORE =
  /(?:抹|涨|降|便宜|贵|少找|多找|找|差|少|多|给|花|付|收|要|才|只要|就|退)(?:了|我|你|他|她)*\s*$/;
// A counterfeit note: 换了张假的一百.
const COUNTERFEIT_BEFORE = /假(?:的|钞|币)(?:一张|一)?\s*$/;
// The far end of a range of ages or heights: 年龄30-55 工资面议.
const COUNT_RANGE_BEFORE =
  /(?:年龄|岁数|身高|体重|人数|面积|分数)\s*[\d一二两三四五六七八九十]+\s*(?:到|至|-|~|—)\s*$/;
// 才 after a person: an age — 收了个学生 才12, 他女儿才19.
const PERSON_JUST_BEFORE =
  /(?:徒弟|学生|儿子|女儿|闺女|小孩|孩子|姑娘|小伙子?|他|她|孙子|孙女|外孙女?)\s*(?:今年|都|也)?\s*才\s*$/;
// A price quoted after 说/喊/报 in a message that asks one: 问他多少钱 他说八百, 要不要全套 说1500.
const QUOTE_BEFORE = /(?:说|喊|报了?个?|开口)(?:了|要)?\s*$/;
const PRICE_ASKED = /多少钱|什么价|啥价|价格|价钱|报价|要价|全套|大保健|收费|太贵|便宜点/;
const QUOTE_AFTER = new RegExp(`^${APPROX}(?:$|[\\s,.!?;~]|就[行好够]|就可以|[块元])`);
// Odds: 假一赔十, 退一赔三, 一赔四十七.
const ODDS_BEFORE = /[一1]\s*[赔罚]\s*$/;
// A pack's size written with its count, then the price: 3斤装29.9, 24瓶装 二十八.
const COUNT_PACK_BEFORE =
  /[\d一二两三四五六七八九十百]\s*(?:斤|公斤|千克|克|kg|g|瓶|粒|片|个|只|包|袋|支|罐|听|卷|张|块|枚|颗|盒|条|升|ml|L)装的?[\p{Script=Han}]{0,4}\s*$/u;
// Between two sums side by side — 我退休工资3800 老伴4100, 原来三十五一盒 现在四十二: a clause break, a few words, no number.
const SIDE_BY_SIDE =
  /^(?:[一每][\p{Script=Han}])?\s*[\s,;]\s*[\p{Script=Han}]{0,4}(?:只要|要|卖|是|都|才)?$/u;
// A run between two amounts of a range: 三千到五千, 3000-5000元, 2~3万.
const RANGE_BETWEEN = /^\s*(?:到|至|-|~|—|－|或|、|还是)\s*$/;
// Service and emergency numbers said after 打/转/拨: never sums when nothing else says so.
const DIAL_BEFORE = /(?:打|拨|转|报|叫|找|联系|给|call)了?(?:个|一下|过|给)?\s*$/i;
const DIAL_AFTER = /^\s*(?:电话|热线|急救|报警|投诉|咨询|求助|打(?:个|了)?电话|打过去)/;
const HOTLINES = new Set([110, 119, 120, 122, 12309, 12315, 12345, 12348, 12368, 12388, 12333, 96110]);
// A year (2019入职), a code with a leading zero (000588) and a room (302, 1203) are no sums where a rule would read them.
const YEAR = /^(?:19|20)\d\d$/;
const LEADING_ZERO = /^0\d*$/;
const ROOM = /^[1-9]\d?0[1-9]$/;
// Case numbers (GL-2026-000233): never sums, nor their year.
const CASE_NO_RE = /GL[\s\-_—–]*(?:19|20)\d{2}[\s\-_—–]*\d{6}/gi;
// Dates and times whose digits must not be read as sums: 2026-11-27, 2026.11.27, 14:30, 11/27.
const DATE_TIME_RE =
  /(?:19|20)\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}|\d{1,2}\s*[:：]\s*\d{2}|\d{1,2}\/\d{1,2}/g;

// A sum beside the one paid or lost, never the main one when that is stated: in a sale post a list price (原价一千二 现在
// 六百) or what the thing cost when bought (当时一万八买的 现在八千出); anywhere a bonus or a promised return (充两万送三万,
// 投一万一年能拿回两万).
const LIST_PRICE_BEFORE =
  /(?:原价|标价|吊牌价|市场价|专柜价?|指导价|官网价?|门市价|面值|买来|买的时候|入手价)(?:是|要|为|都要|就|才)?\s*$/;
const BOUGHT_AT_AFTER = /^\s*(?:多|来)?\s*(?:块|元)?\s*(?:买的|买来的|入手的?|买回来的)/;
const PROMISED_BEFORE =
  /(?:送|赠|赠送|返|返还|拿回|能拿|能挣|挣|赚|收益|回报|利息|分红)(?:了|到|给你|你|我)?\s*$/;

interface Run {
  start: number;
  end: number;
  value: number;
  money: boolean;
  /** Money only by the words around it, and dialled (打了120, 12345热线): dropped when it is a hotline (一天120 stays). */
  contextOnly: boolean;
  /** A list price, a price when bought, a bonus or a promised return (LIST_PRICE_BEFORE, PROMISED_BEFORE). */
  secondary?: boolean;
}

function round2(n: number): number {
  return Math.round(n * 100) / 100;
}

/** The value of one written number (3万5千, 1w5, 两万五, 一千零五, 两三万 → its upper 30000), or null. */
export function parseAmountRun(run: string): number | null {
  let total = 0;
  let section = 0;
  let pending: number | null = null;
  let pendingSingle = false;
  let lastUnit = 0;
  let afterUnit = false;
  let zero = false;
  let digitsOnly = 0;
  let units = 0;
  let sawWan = false;
  for (const m of run.matchAll(TOKEN_RE)) {
    if (m[1] !== undefined) {
      pending = Number(m[1].replace(/,/g, ''));
      pendingSingle = /^\d$/.test(m[1]);
      afterUnit = afterUnit && pendingSingle;
      digitsOnly++;
      continue;
    }
    const ch = m[2]!;
    if (ch in CN_DIGITS) {
      if (CN_DIGITS[ch] === 0) zero = true;
      // Two digits in a row are a range (两三万, 三四千): the second, the upper bound, is kept.
      else pending = CN_DIGITS[ch]!;
      pendingSingle = true;
      digitsOnly++;
      continue;
    }
    const unit = UNITS[ch];
    if (unit === undefined) continue; // 多/几/余/来 before a bigger unit: the lower bound.
    units++;
    if (
      unit < 10_000 &&
      lastUnit &&
      lastUnit < 10_000 &&
      afterUnit &&
      pending !== null &&
      !zero &&
      unit >= lastUnit
    ) {
      // 二十三十, 五百六百, 五百一千: a second number of the same or a bigger unit straight after is the other end of a range.
      section = Math.max(section, pending * unit);
      pending = null;
      lastUnit = unit;
      continue;
    }
    if (unit === 10_000 && sawWan && section + (pending ?? 0) > 0) {
      // 十万八万, 三万五万: a second 万 with no 亿 between is the other end of a range; the larger is kept.
      total = Math.max(total, (section + (pending ?? 0)) * unit);
      section = 0;
      pending = null;
      continue;
    }
    if (unit >= 10_000) {
      if (unit === 10_000) sawWan = true;
      else sawWan = false;
      section += pending ?? 0;
      if (unit === 100_000_000) total = (total + section) * unit;
      else total += (section || 1) * unit;
      section = 0;
    } else {
      section += (pending ?? 1) * unit;
    }
    pending = null;
    lastUnit = unit;
    afterUnit = true;
    zero = false;
  }
  if (pending !== null) {
    // A digit right after a unit is one step below it in speech: 两万五 → 25000, 1w5 → 15000, but 一千零五 → 1005.
    section += afterUnit && pendingSingle && !zero && lastUnit >= 100 ? pending * (lastUnit / 10) : pending;
  }
  // A string of bare Chinese digits (二〇二六, 一二三) is a year or a code, not a sum.
  if (units === 0 && digitsOnly > 1) return null;
  const value = total + section;
  return Number.isFinite(value) && value > 0 ? round2(value) : null;
}

/** [start, end) spans of phones, ID and card numbers, dates and times: their digits are no sum. */
function blockedSpans(text: string): [number, number][] {
  const spans: [number, number][] = findNumbers(text).map((n) => [n.start, n.end]);
  for (const m of text.matchAll(DATE_TIME_RE)) spans.push([m.index, m.index + m[0].length]);
  for (const m of text.matchAll(CASE_NO_RE)) spans.push([m.index, m.index + m[0].length]);
  return spans;
}

// 5个w, 两个W, 一个亿, 两个多亿: a counter between the number and its unit (dropped, 多 moved after the unit: 两亿多;
// runs are read on this text only).
const COUNTER_UNIT_RE = /(?<=[\d一二两三四五六七八九十])个(多?)([wWkK](?![a-zA-Z])|亿)/g;
// 万把块, 千把元, 百把块钱, 百来块: about one of the unit.
const ABOUT_ONE_RE = /(?<![\d零〇一二两三四五六七八九十百千万])([百千万])[把来](?=块|元|钱)/g;

/** The dozen characters after a number: what its currency, counter or context words are read from. */
function textAfter(text: string, end: number): string {
  return text.slice(end, end + 12);
}

function readRuns(input: string): Run[] {
  // 。 is the clause end the patterns know as '.' (the normaliser keeps it): 原价四百八，三百转。
  const text = input.replace(/。/g, '.').replace(COUNTER_UNIT_RE, '$2$1');
  const blocked = blockedSpans(text);
  // In a sale post the price asked is the main sum; in a dispute what the thing cost is (两千多买的 只肯赔两百).
  const salePost = SALE_POST.test(text) || SALE_START.test(text);
  const runs: Run[] = [];
  for (const m of text.matchAll(RUN_RE)) {
    const start = m.index;
    let end = start + m[0].length;
    let raw = m[0];
    if (blocked.some(([a, b]) => start < b && end > a)) continue;
    const before = text.slice(Math.max(0, start - 16), start);
    // 上亿元, 上万块: at least one of the unit (not 楼上, 晚上).
    // 损失上百万, 骗了上千万: the same after loss words, at a clause's end (not 上百万人; a bare 损失上千 stays unread).
    if (
      /^[百千万亿]+$/.test(raw) &&
      /上$/.test(before) &&
      (CURRENCY_AFTER.test(textAfter(text, end)) ||
        (/^(?:[百千]?万|[百千万]?亿)$/.test(raw) &&
          LOSS_UP_BEFORE.test(before) &&
          CLAUSE_AFTER.test(textAfter(text, end))))
    ) {
      runs.push({ start, end, value: parseAmountRun(`一${raw}`)!, money: true, contextOnly: false });
      continue;
    }
    // 千万别, 万一, 百度, 几千 (the 千 after 几): a run starting with a unit other than 十 is no number.
    if (/^[百佰千仟万萬亿]/.test(raw)) continue;
    // 六万九八 = 69800 and 一千九九 = 1999, 三千八八 = 3888: two digits after the unit, as prices are said.
    const twoAfter = /^([二三四五六七八九])(?=$|[\s,.!?;~]|[就的元块蚊吧啊呢了才都也])/.exec(
      text.slice(end, end + 2),
    );
    let extra = 0;
    if (twoAfter && /[一二两三四五六七八九]万[一二三四五六七八九]$/.test(raw))
      extra = CN_DIGITS[twoAfter[1]!]! * 100;
    else if (twoAfter && /[一二两三四五六七八九]千[八九]$/.test(raw) && /[八九]/.test(twoAfter[1]!))
      extra = CN_DIGITS[raw.at(-1)!]! * 10 + CN_DIGITS[twoAfter[1]!]!;
    if (extra) {
      end += 1;
      raw += twoAfter![1];
    }
    const english = ENGLISH_MONEY_BEFORE.test(before);
    const latinSale =
      /[A-Za-z]\s+$/.test(before) &&
      /^\d{3,}$/.test(raw) &&
      (SALE_POST.test(text) || SALE_START.test(text)) &&
      CLAUSE_AFTER.test(textAfter(text, end));
    // 二手switch 1200以内, kindle 三百五: after a model's name and a space, a bound or a Chinese sum is a price.
    const latinPrice =
      /[A-Za-z]\s+$/.test(before) &&
      ((/^\d{3,}$/.test(raw) && /^\s*(?:以内|以下|之内|左右|上下|出头)/.test(textAfter(text, end))) ||
        /[百千万]/.test(raw));
    const latinItem =
      /[A-Za-z]\s+$/.test(before) &&
      /^\d{3,}$/.test(raw) &&
      ITEM_BEFORE.test(before) &&
      CLAUSE_AFTER.test(textAfter(text, end));
    if (
      NOT_BEFORE.test(before) &&
      !CURRENCY_BEFORE.test(before) &&
      !english &&
      !latinSale &&
      !latinPrice &&
      !latinItem
    )
      continue;
    if (ODDS_BEFORE.test(before)) continue;
    // 双十一, 双十二: shopping days.
    if (/^十[一二]?$/.test(raw) && /双\s*$/.test(before)) continue;
    if (COUNT_BEFORE.test(before) || COUNT_RANGE_BEFORE.test(before)) continue;
    let after = textAfter(text, end);
    if (IDIOM_AFTER.test(after) || (/^[一二两三四五六七八九十]$/.test(raw) && RANKING_AFTER.test(after)))
      continue;
    // 收拾, 拾到: 拾 is ten only in a formal sum (拾元).
    if (/^拾/.test(raw) && !CURRENCY_AFTER.test(after)) continue;
    // 工资8千一个月, 三千一共, 三万一分没还: a trailing 一 that starts the next word (一个, 一共, 一直, 一分) is not 8千1.
    if (
      (/[十百千万wWkK]一$/.test(raw) &&
        /^(?:[个次年天月斤盒共直起样份件只点些下把笔周晚辆套位间瓶]|分[钱没都不也])/.test(after)) ||
      // 三百一颗, 两百一克, 两万一平, 两万一股: a price per piece (not 三十一节, read as 31 and counted).
      (/[百千万wWkK]一$/.test(raw) &&
        /^(?:[颗粒克本节课平局注场张条双副桶罐袋包箱台人家户趟床瓶支板提束盆卷听股]|学期|小时)/.test(
          after,
        )) ||
      // 五十一包, 十五一支 at a clause's end: a price per piece, not 51 packs.
      (/十一$/.test(raw) && /^[包瓶支盒袋条床板罐桶](?:$|[\s,.!?;~])/.test(after)) ||
      // 借给亲戚3万三年没要, 五十万三者险: a digit after 万/千 that starts a span of time or a word (三年, 三者).
      (/[万千wWkK][二两三四五六七八九]$/.test(raw) && /^(?:年|个月|天|周|星期|小时|者|次)/.test(after))
    ) {
      raw = raw.slice(0, -1);
      end -= 1;
      after = textAfter(text, end);
    }
    // 14:30, 11/27, 3.15: part of a time or date.
    if (/^[:/]\d/.test(after) || /\d[:/]$/.test(before)) continue;
    // 借我200米, and a price in a message about buying: 一件衣服699米, 199米 退货 (distances are round and walked: 跑了500米).
    const rawValue = parseAmountRun(raw) ?? 0;
    const slangMi =
      SLANG_MI_AFTER.test(after) &&
      (MONEY_VERB_BEFORE.test(before) ||
        (/^\d+$|[十百]/.test(raw) &&
          rawValue % 50 !== 0 &&
          BUYING.test(text) &&
          !/[走跑转骑游开远距离还有]了?\s*$/.test(before)));
    // 13 14岁: the first of two ages.
    if (/^\s+\d{1,3}\s*岁/.test(after)) continue;
    // 医药费三万多家里拿不出: right after a money noun, a sum of a hundred or more is no count of households.
    const afterMoneyNoun = MONEY_NOUN_RIGHT_BEFORE.test(before) && rawValue >= 100;
    if (
      COUNTED.test(after) &&
      (!SPACED.test(after) || SPACED_COUNTER.test(after)) &&
      !slangMi &&
      !afterMoneyNoun
    )
      continue;
    // 双11, 双12 and 618 are shopping days.
    if ((/^1[12]$/.test(raw) && /双\s*$/.test(before)) || (raw === '618' && SHOPPING_DAY_AFTER.test(after)))
      continue;
    // 4K电视 and 跑了5k: a screen's resolution and a run's kilometres.
    if (
      /[kK]$/.test(raw) &&
      (K_NOT_MONEY_AFTER.test(after) || K_NOT_MONEY_BEFORE.test(before) || K_SCREEN_TALK.test(text))
    )
      continue;
    const value = extra ? parseAmountRun(raw.slice(0, -1))! + extra : parseAmountRun(raw);
    if (value === null) continue;
    if (value < 130 && PERSON_BEFORE.test(before) && /^\s*多?(?:了|岁)/.test(after)) continue;
    // Integer part over ten digits: an order or account number, not a sum.
    if (/\d{11}/.test(raw.replace(/,/g, ''))) continue;
    const currency = CURRENCY_AFTER.exec(after);
    if (value < 100 && !currency && PERSON_JUST_BEFORE.test(before)) continue;
    let money = false;
    let contextOnly = false;
    if (
      /^[一二两三四五六七八九\d]$/.test(raw) &&
      (JIAO_AFTER.test(after) ||
        (JIAO_ALONE_AFTER.test(after) && (JIAO_VERB_BEFORE.test(before) || UNIT_PRICE_BEFORE.test(before))))
    ) {
      // 五毛钱, 三角钱: tenths of a yuan.
      runs.push({ start, end, value: round2(value / 10), money: true, contextOnly: false });
      continue;
    }
    if (currency) {
      // 砸了三块, 摔成两块: pieces, not yuan. 一块去, 两块儿: a lone 一/两 before 块 is "together" more often than a yuan.
      money =
        !(currency[1] === '块' && BROKEN_BEFORE.test(before)) &&
        (!(currency[1] === '块' && /^[一两]$/.test(raw) && !/^\s*块[二两三四五六七八九\d]/.test(after)) ||
          (ONE_KUAI_BEFORE.test(before) && /^\s*块钱?(?:$|[\s,.!?;~吧啊呢了的咯啦哦呀])/.test(after)) ||
          UNIT_PRICE_BEFORE.test(before));
    } else if (CURRENCY_BEFORE.test(before) || DECIMAL_PRICE.test(raw)) {
      money = true;
    } else if (
      /[万萬亿wWkK]/.test(raw) ||
      /\d[千仟]|[一二两三四五六七八九]千[一二两三四五六七八九]|^[两三四五六七八九]百[一二三四五六七八九]$/.test(
        raw,
      )
    ) {
      // 8千 and 三千九百九, 一千五, 三百八 (a digit after 千, or after 百 from 两百 on — 二百五 is a fool, 一百三 a weight — is how a price is
      // said) read as money; 两千人 is counted above.
      money = true;
    } else if (
      value >= 10 &&
      (CONTEXT_BEFORE.test(before) ||
        (CONTEXT_AFTER.test(after) && !(/^\s*起/.test(after) && INCIDENT_BEFORE.test(before))) ||
        UNIT_PRICE_BEFORE.test(before) ||
        (value >= 100 && NAMED_PIECE_BEFORE.test(before)) ||
        PACK_PRICE_BEFORE.test(before) ||
        STAKE_BEFORE.test(before) ||
        GIVE_BEFORE.test(before) ||
        slangMi ||
        (JUST_BEFORE.test(before) && BUYING.test(text) && !AGE_TIME_BEFORE.test(before)) ||
        latinSale ||
        latinItem ||
        (SALE_START.test(text) &&
          CLAUSE_AFTER.test(after) &&
          !YEAR.test(raw) &&
          !LEADING_ZERO.test(raw) &&
          !/[A-Za-z]\s*$/.test(before)) ||
        // What is left, with money named in its clause: 班费还剩 (not 流量只剩15 in a message about money); a thousand or
        // more left in a message about money or after a sum: 月薪三千五 … 剩下七千.
        (LEFT_BEFORE.test(before) &&
          (LEFT_MONEY.test(before.split(/[\s,.!?;:~]/).pop()!) ||
            (value >= 1000 && (MONEY_TALK.test(text) || runs.some((r) => r.money))))) ||
        (TOTAL_BEFORE.test(before) &&
          (MONEY_TALK.test(text) || THEFT_TALK.test(text)) &&
          !TOTAL_NOT_MONEY.test(text)) ||
        COUNTERFEIT_BEFORE.test(before) ||
        (value >= 100 && QUOTE_BEFORE.test(before) && QUOTE_AFTER.test(after) && PRICE_ASKED.test(text)) ||
        COUNT_PACK_BEFORE.test(before) ||
        (LOVE_SUMS.has(raw) && TRANSFER_TALK.test(text) && !LOVE_NOT_AFTER.test(after)) ||
        (ITEM_BEFORE.test(before) &&
          !YEAR.test(raw) &&
          CLAUSE_AFTER.test(after) &&
          !/^\s*\d{3,}/.test(after)) ||
        ITEM_PRICE_BEFORE.test(before) ||
        (value >= 100 &&
          GOODS_VALUE_BEFORE.test(before) &&
          GOODS_VALUE_AFTER.test(after) &&
          !YEAR.test(raw)) ||
        english ||
        (value >= 100 &&
          !YEAR.test(raw) &&
          !LEADING_ZERO.test(raw) &&
          !ROOM.test(raw) &&
          !HOTLINES.has(value) &&
          THING_AFTER.test(after)) ||
        (value >= 100 && /^\s*转(?:$|[\s,.!?;~])/.test(after)) ||
        (HOW_MUCH.test(text) && !/岁|年龄|年纪/.test(text) && ALT_AFTER.test(after)) ||
        (/满\s*$/.test(before) && SPEND_AND_SAVE_AFTER.test(after)) ||
        (value >= 100 && !YEAR.test(raw) && DURATION_BEFORE.test(before)) ||
        MONEY_NOUN_PUNCT.test(before) ||
        MONEY_NOUN_NEAR.test(before) ||
        VERB_OBJECT_BEFORE.test(before) ||
        (COUNT_THEN_PRICE.test(before) && MONEY_TALK.test(text)) ||
        (value >= 100 &&
          !YEAR.test(raw) &&
          !/^\d{6,}$/.test(raw) &&
          CLAUSE_BEFORE.test(before) &&
          CLAUSE_AFTER.test(after) &&
          (MONEY_TALK.test(text) || THEFT_TALK.test(text))))
    ) {
      money = true;
      contextOnly = DIAL_BEFORE.test(before) || DIAL_AFTER.test(after);
    }
    let amount = value;
    // 三块五 → 3.5, 9块9包邮 → 9.9: a digit after 块 is tenths (not 两万块一直, 五十块六大包).
    if (currency?.[1] === '块') {
      const tenth =
        /^\s*块(?:([二两三四五六七八九\d])(?:毛|角)?(?!\d|包(?!邮)|[个双件斤盒瓶只条支份袋把根张本块大小罐杯碗箱桶人次天年月号楼层米折花十百千万副对套])|(一)(?:毛|角)?(?=$|[钱的\s,.!?;~毛角]))/.exec(
          after,
        );
      if (tenth) {
        const d = tenth[1] ?? tenth[2]!;
        amount = round2(value + (CN_DIGITS[d] ?? Number(d)) / 10);
      }
    }
    const secondary =
      (salePost && (LIST_PRICE_BEFORE.test(before) || BOUGHT_AT_AFTER.test(after))) ||
      (PROMISED_BEFORE.test(before) && runs.some((r) => r.money));
    runs.push({ start, end, value: amount, money, contextOnly, secondary });
  }
  for (const m of text.matchAll(ABOUT_ONE_RE)) {
    const value = m[1] === '万' ? 10_000 : m[1] === '千' ? 1000 : 100;
    runs.push({ start: m.index, end: m.index + 2, value, money: true, contextOnly: false });
  }
  runs.sort((a, b) => a.start - b.start);
  // A range is money as a whole when either end is: 借了三千到五千, 3000-5000元.
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    if (!RANGE_BETWEEN.test(text.slice(a.end, b.start))) continue;
    if (a.money && !b.money && b.value >= 10) b.money = true;
    else if (b.money && !a.money && a.value >= 10) a.money = true;
    else if (
      !a.money &&
      !b.money &&
      a.value >= 1000 &&
      b.value >= a.value &&
      b.value <= 5 * a.value &&
      !YEAR.test(text.slice(a.start, a.end)) &&
      JOB_POST.test(text)
    )
      a.money = b.money = true;
  }
  // A sum beside a sum, of the same size: 我退休工资3800 老伴4100, 原来三十五一盒 现在四十二, 就是520 1314.
  for (let i = 0; i + 1 < runs.length; i++) {
    const a = runs[i]!;
    const b = runs[i + 1]!;
    if (!a.money || b.money || a.value < 10 || b.value < a.value / 5 || b.value > a.value * 5) continue;
    const between = text.slice(a.end, b.start);
    if (!SIDE_BY_SIDE.test(between) || YEAR.test(text.slice(b.start, b.end))) continue;
    // 我住1602, 人在2103, 排到128: a place or a queue, not a second sum.
    if (/(?:[住到去坐等排开走跑号楼层室]|(?<![现正实])在)\s*$/.test(between)) continue;
    if (/^\s+$/.test(between) || CLAUSE_AFTER.test(textAfter(text, b.end))) b.money = true;
  }
  return runs;
}

/** The runs that are sums of money (a dialled hotline is not). */
function moneyRuns(text: string): Run[] {
  return readRuns(text).filter((r) => r.money && !(r.contextOnly && HOTLINES.has(r.value)));
}

/** Every sum of money mentioned, in yuan, left to right. */
export function extractAmounts(text: string): number[] {
  return moneyRuns(text).map((r) => r.value);
}

/**
 * The main sum: the largest paid, lost, owed or asked — in a report of loss it is the one that matters for priority —
 * leaving out list prices, prices when bought, bonuses and promised returns when such a sum is stated beside them.
 */
export function extractAmountYuan(text: string): number | undefined {
  const runs = moneyRuns(text);
  const main = runs.filter((r) => !r.secondary);
  const pool = main.length ? main : runs;
  return pool.length ? Math.max(...pool.map((r) => r.value)) : undefined;
}
