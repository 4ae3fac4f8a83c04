// Parses and validates a grid import CSV. Columns (header required, any order; division_code may be omitted):
//   code,name,level,parent_code,division_code — level: street|community|grassroots (or 街道/镇, 社区/村, 网格);
//   parent_code empty for a street, a street for a community, a community for a grassroots grid;
//   division_code: the official 12-digit 统计用区划代码, an empty cell keeps the grid's current one.
import type { GridLevel } from '../../../db/seed/registry-types.js';
import { readCsvTable } from './csv-table.js';
import type { CsvImportResult, CsvLineError } from './csv-types.js';

export interface GridCsvRow {
  line: number;
  code: string;
  name: string;
  level: GridLevel;
  parentCode: string | null;
  /** null: keep what the registry has. */
  divisionCode: string | null;
}

/** Codes already in the registry; pass a Map to also check their levels against the file. */
export type ExistingGrids = ReadonlySet<string> | ReadonlyMap<string, GridLevel>;

const COLUMNS = ['code', 'name', 'level', 'parent_code'] as const;
const OPTIONAL = ['division_code'] as const;
const DIVISION_CODE = /^\d{12}$/;
const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const MAX_NAME = 64;

const LEVEL_ALIASES: Record<string, GridLevel> = {
  street: 'street',
  community: 'community',
  grassroots: 'grassroots',
  街道: 'street',
  镇: 'street',
  乡: 'street',
  社区: 'community',
  村: 'community',
  网格: 'grassroots',
};

const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = {
  street: null,
  community: 'street',
  grassroots: 'community',
};

const existingLevel = (existing: ExistingGrids, code: string): GridLevel | undefined =>
  existing instanceof Map ? existing.get(code) : undefined;

export function parseGridsCsv(text: string, existingCodes: ExistingGrids): CsvImportResult<GridCsvRow> {
  const table = readCsvTable(text, COLUMNS, OPTIONAL);
  if (!table.ok) return table;

  const errors: CsvLineError[] = [];
  const rows: GridCsvRow[] = [];
  const firstLine = new Map<string, number>();
  const fileLevel = new Map<string, GridLevel>();
  for (const { line, values } of table.rows) {
    const problems: string[] = [];
    const { code, name, parent_code: parent, division_code: divisionCode } = values;
    const level = LEVEL_ALIASES[values.level.toLowerCase()];
    if (code === '') problems.push('code is required');
    else if (!CODE_PATTERN.test(code)) problems.push(`code "${code}" may use only letters, digits, - and _`);
    else if (firstLine.has(code))
      problems.push(`duplicate code ${code} (first on line ${firstLine.get(code)})`);
    if (name === '') problems.push('name is required');
    else if ([...name].length > MAX_NAME) problems.push(`name longer than ${MAX_NAME} characters`);
    if (!level) problems.push(`level "${values.level}" must be street, community or grassroots`);
    if (level && level === 'street' && parent !== '') problems.push('a street has no parent_code');
    if (level && level !== 'street' && parent === '') problems.push(`a ${level} grid needs a parent_code`);
    if (parent !== '' && parent === code) problems.push('a grid cannot be its own parent');
    if (divisionCode !== '' && !DIVISION_CODE.test(divisionCode))
      problems.push(`division_code "${divisionCode}" must be the 12-digit official code`);
    const before = existingLevel(existingCodes, code);
    if (level && before && before !== level)
      problems.push(`grid ${code} already exists as ${before}; its level cannot change`);

    if (code !== '' && !firstLine.has(code)) firstLine.set(code, line);
    if (problems.length > 0) {
      errors.push(...problems.map((message) => ({ line, message })));
      continue;
    }
    fileLevel.set(code, level!);
    rows.push({
      line,
      code,
      name,
      level: level!,
      parentCode: parent === '' ? null : parent,
      divisionCode: divisionCode === '' ? null : divisionCode,
    });
  }

  // Parents may appear later in the file, so they are checked once every row is known.
  for (const row of rows) {
    if (row.parentCode === null) continue;
    const wanted = PARENT_LEVEL[row.level];
    const inFile = firstLine.has(row.parentCode);
    const level = fileLevel.get(row.parentCode) ?? existingLevel(existingCodes, row.parentCode);
    if (!inFile && !existingCodes.has(row.parentCode)) {
      errors.push({
        line: row.line,
        message: `parent_code ${row.parentCode} is neither in this file nor in the registry`,
      });
    } else if (level && level !== wanted) {
      errors.push({
        line: row.line,
        message: `parent ${row.parentCode} is a ${level}; a ${row.level} needs a ${wanted}`,
      });
    }
  }
  if (errors.length > 0) return { ok: false, errors: errors.sort((a, b) => a.line - b.line) };
  return { ok: true, rows };
}
