// The monthly 件件有回复 report as an .xlsx workbook (exceljs); every text cell passes the spreadsheet-cell rule.
import ExcelJS from 'exceljs';
import { caseLabelInline } from '../cases/case-labels.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import { type CellValue, safeCellValue } from '../exports/spreadsheet-cells.js';
import { STATUS_LABELS } from '../messages/reply-texts.js';
import { missedReason, type RepliesReport, type ReplyClock } from './replies-report-service.js';

const KIND_ROWS = [
  ['dispute', '矛盾纠纷'],
  ['legal_question', '法律咨询'],
  ['aid_request', '司法救助申请'],
  ['clue', '线索'],
  ['petition', '信访诉求'],
] as const;

const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF7' } };

/** Adds a row whose text cells are neutralised; numbers stay numbers (never formulas). */
export function addRow(sheet: ExcelJS.Worksheet, cells: readonly CellValue[]): ExcelJS.Row {
  return sheet.addRow(cells.map((c) => (c === null || c === undefined ? null : safeCellValue(c))));
}

export function header(sheet: ExcelJS.Worksheet, cells: readonly string[]): void {
  const row = addRow(sheet, cells);
  row.font = { bold: true };
  row.eachCell((cell) => {
    cell.fill = HEADER_FILL;
  });
}

export const pctText = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

function clockRows(sheet: ExcelJS.Worksheet, title: string, c: ReplyClock): void {
  addRow(sheet, []);
  header(sheet, [title, '件数']);
  addRow(sheet, ['应答复', c.owed]);
  addRow(sheet, ['按期答复', c.onTime]);
  addRow(sheet, ['超期答复', c.late]);
  addRow(sheet, ['逾期未答复', c.overdue]);
  addRow(sheet, ['未到期', c.pending]);
  addRow(sheet, ['无需答复', c.notOwed]);
  addRow(sheet, ['按期答复率', pctText(c.onTimePct)]);
}

/** The report's workbook: 汇总 (figures), 按检察组 (per group), 逾期明细 (each case that ran late, with why). */
export async function repliesWorkbook(r: RepliesReport, scopeName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '检网 Jianwang';
  wb.created = r.asOf;

  const summary = wb.addWorksheet('汇总');
  summary.columns = [{ width: 28 }, { width: 16 }];
  const title = addRow(summary, [`件件有回复月报 ${r.month}`]);
  title.font = { bold: true, size: 14 };
  addRow(summary, ['统计范围', `${r.from} 至 ${r.to} 受理的案件（${scopeName}）`]);
  addRow(summary, ['统计时点', `${toShanghaiDate(r.asOf)}`]);
  addRow(summary, []);
  header(summary, ['收到', '件数']);
  addRow(summary, ['合计', r.received.total]);
  for (const [kind, name] of KIND_ROWS) addRow(summary, [name, r.received[kind]]);
  clockRows(summary, '程序性回复（7个工作日内）', r.procedural);
  clockRows(summary, '实体性回复（3个月内）', r.substantive);
  addRow(summary, []);
  header(summary, ['逾期', '件数']);
  addRow(summary, ['超期或逾期案件', r.overdue.total]);
  addRow(summary, []);
  header(summary, ['满意度回访', '件数']);
  addRow(summary, ['已评价', r.satisfaction.answered]);
  addRow(summary, ['满意', r.satisfaction.satisfied]);
  addRow(summary, ['基本满意', r.satisfaction.basicallySatisfied]);
  addRow(summary, ['不满意', r.satisfaction.dissatisfied]);
  addRow(summary, ['满意率（含基本满意）', pctText(r.satisfaction.pct)]);

  const byGroup = wb.addWorksheet('按检察组');
  byGroup.columns = [12, 22, 8, 12, 12, 12, 12, 12, 12, 10].map((width) => ({ width }));
  header(byGroup, [
    '组编号',
    '检察组',
    '收到',
    '程序性应答复',
    '程序性按期',
    '程序性按期率',
    '实体性应答复',
    '实体性按期',
    '实体性按期率',
    '当前逾期',
  ]);
  for (const g of r.byGroup)
    addRow(byGroup, [
      g.group?.code ?? '—',
      g.group?.name ?? '（未分派检察组）',
      g.received,
      g.procedural.owed,
      g.procedural.onTime,
      pctText(g.procedural.onTimePct),
      g.substantive.owed,
      g.substantive.onTime,
      pctText(g.substantive.onTimePct),
      g.overdue,
    ]);

  const overdue = wb.addWorksheet('逾期明细');
  overdue.columns = [18, 12, 16, 12, 18, 40, 60].map((width) => ({ width }));
  header(overdue, ['案件编号', '收到日期', '类别', '状态', '检察组', '摘要', '逾期原因']);
  for (const c of r.overdue.items) {
    const row = addRow(overdue, [
      c.caseNo,
      toShanghaiDate(c.receivedAt),
      caseLabelInline(c.kind, c.category),
      STATUS_LABELS[c.status] ?? c.status,
      c.group?.name ?? '（未分派检察组）',
      c.summary,
      c.missed.map(missedReason).join('；'),
    ]);
    row.alignment = { wrapText: true, vertical: 'top' };
  }

  return Buffer.from(await wb.xlsx.writeBuffer());
}
