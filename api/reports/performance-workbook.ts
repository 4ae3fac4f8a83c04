// The monthly performance review as an .xlsx workbook (exceljs), with the replies report's cell rule: no cell starts a formula.
import ExcelJS from 'exceljs';
import { WORK_KINDS } from '../../db/schema/index.js';
import { toShanghaiDate } from '../deadlines/shanghai-time.js';
import {
  CLUE_OUTCOME_NAMES,
  CLUE_OUTCOMES,
  type PerformanceReport,
  validPct,
} from './performance-report-service.js';
import { addRow, header, pctText } from './replies-workbook.js';

/** 说明 (scope and definitions), 检察官 (one row per prosecutor), 网格 (one row per grid). */
export async function performanceWorkbook(r: PerformanceReport, scopeName: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '检网 Jianwang';
  wb.created = r.asOf;

  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 16 }, { width: 90 }];
  const title = addRow(about, [`月度绩效考评 ${r.month}`]);
  title.font = { bold: true, size: 14 };
  addRow(about, ['统计范围', `${r.from} 至 ${r.to}（${scopeName}）`]);
  addRow(about, ['统计时点', toShanghaiDate(r.asOf)]);
  addRow(about, []);
  header(about, ['项目', '口径']);
  addRow(about, ['办理案件', '本月受理、指派给该检察官的案件；在办、逾期按统计时点计']);
  addRow(about, ['按期答复率', '与件件有回复月报、统计接口相同：程序性回复7个工作日内，实体性回复3个月内']);
  addRow(about, ['满意率', '（满意＋基本满意）÷ 已评价，本月受理案件的回访结果']);
  addRow(about, ['实地工作', `检察官在微信中“记录”的本月工作，按类别：${WORK_KINDS.join('、')}`]);
  addRow(about, ['普法讲座', '本月已举行、主讲人写有该检察官姓名的讲座预约']);
  addRow(about, [
    '网格线索',
    '本月收到、由该网格网格员报送或转报的线索；有效线索＝已受理（办理中、已办结）或已转交有关部门',
  ]);

  const byProsecutor = wb.addWorksheet('检察官');
  byProsecutor.columns = [
    10,
    12,
    22,
    8,
    8,
    8,
    10,
    10,
    12,
    10,
    10,
    12,
    8,
    10,
    ...WORK_KINDS.map(() => 8),
    8,
    10,
  ].map((width) => ({ width }));
  header(byProsecutor, [
    '编号',
    '检察官',
    '所属检察组',
    '办理案件',
    '在办',
    '逾期',
    '程序性应答复',
    '程序性按期',
    '程序性按期率',
    '实体性应答复',
    '实体性按期',
    '实体性按期率',
    '已评价',
    '满意率',
    ...WORK_KINDS,
    '实地工作合计',
    '普法讲座',
  ]);
  for (const p of r.prosecutors)
    addRow(byProsecutor, [
      p.person.code ?? '—',
      p.person.name,
      p.groups.join('、') || '—',
      p.cases.handled,
      p.cases.open,
      p.cases.overdue,
      p.procedural.owed,
      p.procedural.onTime,
      pctText(p.procedural.onTimePct),
      p.substantive.owed,
      p.substantive.onTime,
      pctText(p.substantive.onTimePct),
      p.satisfaction.answered,
      pctText(p.satisfaction.pct),
      ...WORK_KINDS.map((k) => p.fieldWork[k]),
      p.fieldWork.total,
      p.lecturesGiven,
    ]);

  const byGrid = wb.addWorksheet('网格');
  byGrid.columns = [14, 22, 8, 8, 10, 10, ...CLUE_OUTCOMES.map(() => 12)].map((width) => ({ width }));
  header(byGrid, [
    '网格编号',
    '网格',
    '网格员',
    '线索',
    '有效线索',
    '有效率',
    ...CLUE_OUTCOMES.map((o) => CLUE_OUTCOME_NAMES[o]),
  ]);
  for (const g of r.grids)
    addRow(byGrid, [
      g.grid.code,
      g.grid.name,
      g.members,
      g.clues,
      g.valid,
      pctText(validPct(g)),
      ...CLUE_OUTCOMES.map((o) => g.outcomes[o]),
    ]);

  return Buffer.from(await wb.xlsx.writeBuffer());
}
