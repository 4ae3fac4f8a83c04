// Whether a message asks something (rather than only telling or requesting): the answer-first rule's trigger.

// Question words residents use when they want to know what to do or what the law says. 吗/呢 count only at the
// end of a clause, so 吗啡 or 呢子 do not; 怎么 alone is enough (怎么办, 怎么赔, 怎么处理); A不A asks too
// (能不能, 收不收费, 管不管).
const QUESTION_RE =
  /[?？]|怎么|怎样|如何|咋|能否|是否|多少|多久|多长时间|哪里|哪儿|找谁|去哪|为什么|什么|谁|(\p{Script=Han})不\1|[吗呢么]\s*(?:[，。！,.!~～…]|$)/u;

export function asksQuestion(normalizedText: string): boolean {
  return QUESTION_RE.test(normalizedText);
}

// Asking the procuratorate to act (调解, 处理, 帮我讨回 …) is a request, even when phrased as a question
// ("能不能调解一下"): such a matter is registered at once rather than answered from the FAQ.
const ACTION_RE =
  /帮(?:我|忙|帮|一下)|请(?:你们|检察|帮|求)|(?:能不能|可不可以|能否|可否|麻烦|希望|要求|请求|恳请)[^，。？?！!]{0,8}(?:调解|处理|协调|解决|讨回|追回|介入|查处|做主|管管|主持公道)|主持公道|做主|求助/u;

export function requestsAction(normalizedText: string): boolean {
  return ACTION_RE.test(normalizedText);
}

// The public-services entry only tells where a procedure is done, so it answers only a question of that kind: where
// to go, what to bring, how to apply or renew (补办, 要带什么, 怎么申请). A question of what the law allows, who is
// liable or what a fine is (违法吗, 要赔吗, 罚多少, 用别人的执照开店) gets a legal answer or a prosecutor, not a referral.
const PROCEDURE_ASK_RE =
  /在哪|哪里|哪儿|去哪|哪个(?:窗口|部门|网点|派出所|单位)|找谁|怎么(?:办理|办|补|申请|提取|交|缴|续签|换|弄|开|迁|上|备案|报销)|补办|补交|补缴|能补|要带|带什么|带啥|材料|手续|多久能|什么时候交|几月份?交|交多少|能提|备案|能报|报多少|报销比例/u;
const LEGALITY_ASK_RE =
  /违法|合法|犯法|犯罪|赔|责任|起诉|告他|告她|仲裁|离婚|继承|遗产|抚养|判|罚|冒用|被人|被骗|侵犯|拒绝|不给|不让|不予|开店|经营|借用|用我的|用他的|用别人|没有办/u;

export function asksWhereToDoProcedure(normalizedText: string): boolean {
  return PROCEDURE_ASK_RE.test(normalizedText) && !LEGALITY_ASK_RE.test(normalizedText);
}
