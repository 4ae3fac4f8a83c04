// The phone page's HTML: the case file, its timeline and action forms, plain HTML and one inline stylesheet.
import { createHash } from 'node:crypto';
import { categoryLabel, KIND_LABELS } from '../cases/case-labels.js';
import type { readableCaseDetail } from '../cases/cases-routes.js';
import { STATUS_LABELS } from '../messages/reply-texts.js';

export type PhoneCaseView = Awaited<ReturnType<typeof readableCaseDetail>> & {
  /** The first reporter's name, read through readReporters (audited); null when anonymous or not entitled. */
  reporter: { name: string } | null;
};

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Every text that reaches the page goes through here, attribute or body alike. */
export function esc(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ESCAPES[c]!);
}

const STYLE = `
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:#f2f3f5;color:#1f2329;font:16px/1.6 -apple-system,"PingFang SC","Hiragino Sans GB","Microsoft YaHei","Noto Sans CJK SC",sans-serif;word-wrap:break-word;overflow-wrap:anywhere}
header{background:#b71c1c;color:#fff;padding:14px 16px 12px}
header h1{margin:0;font-size:20px;letter-spacing:.5px}
header p{margin:2px 0 0;font-size:14px;opacity:.92}
.badge{display:inline-block;margin-top:6px;padding:1px 10px;border-radius:12px;background:#fff;color:#b71c1c;font-size:13px;font-weight:600}
main{padding:8px 10px 24px;max-width:720px;margin:0 auto}
section{background:#fff;border-radius:8px;padding:12px 14px;margin:10px 0}
section>p:only-child{margin:0}
h2{margin:0 0 8px;font-size:16px;color:#b71c1c}
dl{margin:0;display:grid;grid-template-columns:auto 1fr;gap:2px 12px;font-size:14px}
dt{color:#646a73}
dd{margin:0}
.summary{margin:8px 0 0;white-space:pre-wrap}
.report{border-top:1px solid #eceef1;padding:10px 0 4px}
.report:first-of-type{border-top:0;padding-top:0}
.when{font-size:13px;color:#646a73}
.text{white-space:pre-wrap;margin:4px 0}
.chat{margin:4px 0;padding:6px 10px;background:#f7f8fa;border-left:3px solid #d0d3d8;font-size:14px}
.chat p{margin:2px 0}
.chat b{font-weight:600}
figure{margin:8px 0}
figure img{display:block;max-width:100%;height:auto;border-radius:6px;border:1px solid #e5e6eb}
figcaption,.file{font-size:13px;color:#646a73}
.file a{color:#1d5fc1}
ol.timeline{list-style:none;margin:0;padding:0 0 0 14px;border-left:2px solid #e5e6eb}
ol.timeline li{position:relative;padding:0 0 10px 6px;font-size:14px}
ol.timeline li:before{content:"";position:absolute;left:-21px;top:7px;width:10px;height:10px;border-radius:50%;background:#b71c1c}
.note{font-size:14px;border-top:1px solid #eceef1;padding:6px 0}
.note:first-of-type{border-top:0}
.flash{border-radius:8px;padding:10px 14px;margin:10px 0;font-size:15px}
.ok{background:#e8f5e9;color:#1b5e20;border:1px solid #a5d6a7}
.refused{background:#fff3e0;color:#8d3b00;border:1px solid #ffcc80}
form{margin:0;padding:10px 0;border-top:1px solid #eceef1}
form:first-of-type{border-top:0;padding-top:0}
label{display:block;font-size:14px;color:#646a73;margin-bottom:4px}
textarea{width:100%;min-height:64px;padding:8px;font:inherit;font-size:16px;border:1px solid #d0d3d8;border-radius:6px;resize:vertical}
button{margin-top:6px;width:100%;padding:10px;font:inherit;font-size:16px;color:#fff;background:#b71c1c;border:0;border-radius:6px}
button.secondary{background:#fff;color:#b71c1c;border:1px solid #b71c1c}
.muted{color:#646a73;font-size:13px}
.jump{float:right;margin-top:6px;color:#fff;font-size:14px}
footer{padding:0 16px 28px;text-align:center;color:#8f959e;font-size:12px}
`;

/** The stylesheet's hash, for a content security policy that allows this style and nothing else. */
export const STYLE_HASH = `'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`;

function layout(title: string, body: string): string {
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<meta name="robots" content="noindex, nofollow">
<title>${esc(title)}</title>
<style>${STYLE}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/** A refused link: says why in words a prosecutor can act on, and nothing about the case. */
export function refusedPage(reason: 'expired' | 'refused' | 'forbidden_origin'): string {
  const text = {
    expired: [
      '链接已过期',
      '为保护案件信息，手机查看链接仅在发出后一段时间内有效。请在微信中向检网助手发送“查看 案件编号”获取新链接。',
    ],
    refused: [
      '链接无效',
      '该链接无效、已被撤销，或您已不再负责该案件。请在微信中向检网助手发送“查看 案件编号”获取新链接；如有疑问请联系办公室。',
    ],
    forbidden_origin: ['操作未执行', '该操作不是从本案件页面提交的，已拒绝。请重新打开链接后再操作。'],
  }[reason];
  return layout(
    `${text[0]} · 检网`,
    `<header><h1>${esc(text[0])}</h1><p>检网 · 鼓楼区人民检察院</p></header>
<main><section><p>${esc(text[1])}</p></section></main>`,
  );
}

const EVENT_LABELS: Record<string, string> = {
  received: '收到反映',
  assigned: '分派办案组',
  report_linked: '合并同一事项的反映',
  accepted: '受理',
  materials_requested: '通知补充材料',
  materials_supplied: '反映人补充材料',
  transferred: '转交其他单位',
  group_transferred: '转至其他办案组',
  rejected: '不予受理',
  started: '开始办理',
  progress_reported: '反馈进展',
  resolved: '办结',
  closed: '结案',
  note_added: '添加备注',
  satisfaction_recorded: '反映人评价',
};

const INLINE_IMAGES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** 11-27 10:00 from an ISO time with offset (already Asia/Shanghai). */
const shortTime = (iso: string) => iso.slice(5, 16).replace('T', ' ');
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');

function eventLine(e: PhoneCaseView['events'][number]): string {
  const data = e.data as Record<string, unknown>;
  const detail = [data.text, data.body, data.reason].find((v) => typeof v === 'string' && v) as
    | string
    | undefined;
  const moved =
    e.type === 'group_transferred' && typeof data.toGroup === 'string'
      ? `（${data.fromGroup ?? '—'} → ${data.toGroup}）`
      : '';
  return `<li><span class="when">${esc(shortTime(e.at))}</span> ${esc(EVENT_LABELS[e.type] ?? e.type)}${esc(moved)}${
    detail ? `<br>${esc(detail)}` : ''
  }</li>`;
}

function reportBlock(r: PhoneCaseView['reports'][number], attachmentUrl: (id: number) => string): string {
  const chat = r.chatRecord
    ? `<div class="chat">${r.chatRecord
        .map(
          (l) => `<p><b>${esc(l.speaker)}</b> <span class="when">${esc(l.time)}</span><br>${esc(l.text)}</p>`,
        )
        .join('')}</div>`
    : '';
  const text = r.chatRecord
    ? ''
    : r.text === null
      ? '<p class="muted">（原文已按保存期限删除）</p>'
      : `<p class="text">${esc(r.text)}</p>`;
  const files = r.attachments
    .map((a) => {
      const url = esc(attachmentUrl(a.id));
      const size =
        a.size >= 1024 * 1024
          ? `${(a.size / 1024 / 1024).toFixed(1)} MB`
          : `${Math.max(1, Math.round(a.size / 1024))} KB`;
      return INLINE_IMAGES.has(a.mimeType)
        ? `<figure><img src="${url}" alt="${esc(a.name)}" loading="lazy"><figcaption>${esc(a.name)} · ${esc(size)}</figcaption></figure>`
        : `<p class="file">附件：<a href="${url}">${esc(a.name)}</a> · ${esc(size)}</p>`;
    })
    .join('');
  return `<div class="report"><div class="when">${esc(shortTime(r.receivedAt))}</div>${text}${chat}${files}</div>`;
}

export interface PageOptions {
  view: PhoneCaseView;
  /** The case page's own URL, relative to itself (forms post to it). */
  self: string;
  attachmentUrl: (id: number) => string;
  token: string;
  csrf: string;
  expiresAt: string;
  flash?: { ok: boolean; text: string } | undefined;
}

const ACTION_FORMS: { verb: string; label: string; field?: string; hint?: string; secondary?: boolean }[] = [
  { verb: '受理', label: '受理（您成为承办人）' },
  { verb: '补充材料', label: '通知补充材料', field: '需补充的材料（将发给反映人）' },
  {
    verb: '转办',
    label: '转办',
    field: '接收单位；或本院办案组名称加理由，如“第二检察官办案组 属该组辖区”',
    hint: '转至本院其他办案组须由组长或办公室办理，期限不变。',
  },
  { verb: '反馈', label: '反馈进展', field: '进展情况（将发给反映人）' },
  {
    verb: '办结',
    label: '办结并结案',
    field: '办理结果（将发给反映人，随后请其评价满意度）',
  },
  { verb: '备注', label: '添加内部备注', field: '备注（仅本组和办公室可见）', secondary: true },
];

function actionForms(o: PageOptions): string {
  return ACTION_FORMS.map((f) => {
    const id = `f-${esc(f.verb)}`;
    return `<form method="post" action="${esc(o.self)}">
<input type="hidden" name="t" value="${esc(o.token)}"><input type="hidden" name="csrf" value="${esc(o.csrf)}"><input type="hidden" name="verb" value="${esc(f.verb)}">
${f.field ? `<label for="${id}">${esc(f.field)}</label><textarea id="${id}" name="text" maxlength="2000" required></textarea>` : ''}
${f.hint ? `<p class="muted">${esc(f.hint)}</p>` : ''}
<button type="submit"${f.secondary ? ' class="secondary"' : ''}>${esc(f.label)}</button>
</form>`;
  }).join('\n');
}

export function casePage(o: PageOptions): string {
  const v = o.view;
  const category = v.kind === 'clue' ? categoryLabel(v.category) : null;
  const label = category ? `${KIND_LABELS[v.kind]}（${category}）` : KIND_LABELS[v.kind];
  const meta = [label, v.grid?.name, v.group?.name].filter(Boolean).join(' · ');
  const reporter = v.anonymous ? '匿名' : (v.reporter?.name ?? '—');
  const flash = o.flash
    ? `<div class="flash ${o.flash.ok ? 'ok' : 'refused'}" role="status">${esc(o.flash.text)}</div>`
    : '';
  const reports = v.reports.length
    ? v.reports.map((r) => reportBlock(r, o.attachmentUrl)).join('')
    : '<p class="muted">暂无原文。</p>';
  const notes = v.notes.length
    ? v.notes
        .map(
          (n) =>
            `<div class="note"><span class="when">${esc(shortTime(n.at))} · ${esc(n.author)}</span><div class="text">${esc(n.text)}</div></div>`,
        )
        .join('')
    : '<p class="muted">暂无备注。</p>';
  return layout(
    `${v.caseNo} · 检网`,
    `<header><h1>${esc(v.caseNo)}</h1><p>${esc(meta)}</p><span class="badge">${esc(STATUS_LABELS[v.status] ?? v.status)}</span><a class="jump" href="#act">去办理</a></header>
<main>
${flash}
<section><h2>概要</h2>
<dl>
<dt>收到</dt><dd>${esc(shortTime(v.receivedAt))}</dd>
<dt>反映人</dt><dd>${esc(reporter)}${v.reportCount > 1 ? `（共 ${esc(v.reportCount)} 人次反映）` : ''}</dd>
<dt>受理告知</dt><dd>${esc(day(v.proceduralReplyDueAt))} 前${v.proceduralRepliedAt ? '（已答复）' : ''}</dd>
<dt>结果答复</dt><dd>${esc(day(v.substantiveReplyDueAt))} 前${v.substantiveRepliedAt ? '（已答复）' : ''}</dd>
${v.nextProgressDueAt ? `<dt>下次进展</dt><dd>${esc(day(v.nextProgressDueAt))} 前</dd>` : ''}
</dl>
${v.reports.some((r) => r.text !== null) ? '' : `<p class="summary">${esc(v.summary)}</p>`}
</section>
<section><h2>反映内容</h2>${reports}</section>
<section><h2>内部备注</h2>${notes}</section>
<section><h2>办理记录</h2><ol class="timeline">${v.events.map(eventLine).join('')}</ol></section>
<section id="act"><h2>办理</h2>
${actionForms(o)}
</section>
</main>
<footer>链接有效至 ${esc(shortTime(o.expiresAt))}，仅限本人使用，请勿转发。</footer>`,
  );
}

/** After an action that took the case out of the prosecutor's hands (a transfer to another group). */
export function goneAfterActionPage(caseNo: string, text: string): string {
  return layout(
    `${caseNo} · 检网`,
    `<header><h1>${esc(caseNo)}</h1><p>检网 · 鼓楼区人民检察院</p></header>
<main><div class="flash ok" role="status">${esc(text)}</div>
<section><p>该案件已不再由您所在的办案组办理，本链接随之失效。</p></section></main>`,
  );
}
