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
