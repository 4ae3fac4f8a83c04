// What WeChat says about the phone page: the link line in notices and the answer to 查看 GL-….
export const phoneTexts = {
  // The address on a line of its own: WeChat then links all of it and nothing after it.
  linkLine: (url: string, minutes: number) =>
    `手机查看全文、图片并办理（${minutes}分钟内有效，仅限本人使用，请勿转发）：\n${url}`,

  viewUsage: '用法：查看 GL-2026-000123（获取该案件的手机查看链接）',

  view: (head: string, status: string, summary: string, linkLine: string) =>
    [head, `状态：${status}`, summary, linkLine].join('\n'),
};
