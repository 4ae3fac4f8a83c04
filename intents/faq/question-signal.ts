// Whether a message asks something (rather than only telling or requesting): the answer-first rule's trigger.

// Question words residents use when they want to know what to do or what the law says. 吗/呢 count only at the
// end of a clause, so 吗啡 or 呢子 do not; 怎么 alone is enough (怎么办, 怎么赔, 怎么处理); A不A asks too
// (能不能, 收不收费, 管不管).
const QUESTION_RE =
  /[?？]|怎么|怎样|如何|咋|能否|是否|多少|多久|多长时间|哪里|哪儿|找谁|去哪|为什么|什么|谁|(\p{Script=Han})不\1|[吗呢么]\s*(?:[，。！,.!~～…]|$)/u;

export function asksQuestion(normalizedText: string): boolean {
  return QUESTION_RE.test(normalizedText);
}
