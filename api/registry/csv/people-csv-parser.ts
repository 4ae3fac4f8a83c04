// Parses and validates a people import CSV. Columns (header required, any order; the last three may be omitted):
//   name,role,wechat_id,grid_code,group_code,phone
//   role: prosecutor|grid_member|group_leader|liaison (or 检察官, 网格员, 组长, 联络员); wechat_id: WeChat contact id;
//   grid_code: required for grid members, optional for prosecutors; group_code: required for group_leader and
//   liaison, optional for prosecutor, empty for grid members; phone: mainland mobile or 0591 landline.
import { readCsvTable } from './csv-table.js';
import type { CsvImportResult, CsvLineError } from './csv-types.js';
import { normalisePhone } from './phone-validator.js';

export const PERSON_CSV_ROLES = ['prosecutor', 'grid_member', 'group_leader', 'liaison'] as const;
export type PersonCsvRole = (typeof PERSON_CSV_ROLES)[number];

export interface PersonCsvRow {
  line: number;
  name: string;
  role: PersonCsvRole;
  wechatId: string;
  gridCode: string | null;
  groupCode: string | null;
  /** Normalised: `13812345678` or `0591-87654321`. */
  phone: string | null;
}

const REQUIRED = ['name', 'role', 'wechat_id'] as const;
const OPTIONAL = ['grid_code', 'group_code', 'phone'] as const;
const MAX_NAME = 32;
const WECHAT_ID_PATTERN = /^[^\s,]{1,64}$/;

const ROLE_ALIASES: Record<string, PersonCsvRole> = {
  prosecutor: 'prosecutor',
  grid_member: 'grid_member',
  group_leader: 'group_leader',
  liaison: 'liaison',
  检察官: 'prosecutor',
  网格员: 'grid_member',
  组长: 'group_leader',
  联络员: 'liaison',
};

// A group has one leader and one liaison; two in one file would silently overwrite each other.
const SINGLE_PER_GROUP: ReadonlySet<PersonCsvRole> = new Set(['group_leader', 'liaison']);

export function parsePeopleCsv(
  text: string,
  knownGridCodes: ReadonlySet<string>,
  knownGroupCodes?: ReadonlySet<string>,
): CsvImportResult<PersonCsvRow> {
  const table = readCsvTable(text, REQUIRED, OPTIONAL);
  if (!table.ok) return table;

  const errors: CsvLineError[] = [];
  const rows: PersonCsvRow[] = [];
  const wechatLine = new Map<string, number>();
  const groupRoleLine = new Map<string, number>();
  for (const { line, values } of table.rows) {
    const problems: string[] = [];
    const { name, wechat_id: wechatId, grid_code: gridCode, group_code: groupCode } = values;
    const role = ROLE_ALIASES[values.role.toLowerCase()];
    if (name === '') problems.push('name is required');
    else if ([...name].length > MAX_NAME) problems.push(`name longer than ${MAX_NAME} characters`);
    if (!role) problems.push(`role "${values.role}" must be one of ${PERSON_CSV_ROLES.join(', ')}`);
    if (wechatId === '') problems.push('wechat_id is required');
    else if (!WECHAT_ID_PATTERN.test(wechatId))
      problems.push('wechat_id must be at most 64 characters, no spaces');
    else if (wechatLine.has(wechatId))
      problems.push(`duplicate wechat_id ${wechatId} (first on line ${wechatLine.get(wechatId)})`);
    if (gridCode !== '' && !knownGridCodes.has(gridCode))
      problems.push(`grid_code ${gridCode} is not a known grid`);
    if (role === 'grid_member' && gridCode === '') problems.push('a grid member needs a grid_code');
    if (role === 'grid_member' && groupCode !== '')
      problems.push('a grid member belongs to no prosecutor group');
    if (role && SINGLE_PER_GROUP.has(role) && groupCode === '') problems.push(`a ${role} needs a group_code`);
    if (groupCode !== '' && knownGroupCodes && !knownGroupCodes.has(groupCode))
      problems.push(`group_code ${groupCode} is not a known group`);
    if (role && SINGLE_PER_GROUP.has(role) && groupCode !== '') {
      const key = `${groupCode}\u0000${role}`;
      const first = groupRoleLine.get(key);
      if (first !== undefined) problems.push(`group ${groupCode} already has a ${role} on line ${first}`);
      else groupRoleLine.set(key, line);
    }
    const phone = values.phone === '' ? null : normalisePhone(values.phone);
    if (values.phone !== '' && phone === null)
      problems.push(`phone "${values.phone}" is neither a mobile number nor a 0591 landline`);

    if (wechatId !== '' && !wechatLine.has(wechatId)) wechatLine.set(wechatId, line);
    if (problems.length > 0) {
      errors.push(...problems.map((message) => ({ line, message })));
      continue;
    }
    rows.push({
      line,
      name,
      role: role!,
      wechatId,
      gridCode: gridCode === '' ? null : gridCode,
      groupCode: groupCode === '' ? null : groupCode,
      phone,
    });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, rows };
}
