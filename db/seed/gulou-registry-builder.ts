// Builds the Gulou District grid registry and demo groups deterministically; the JSON file is its output.
import type { GridSeed, GroupSeed, PersonSeed, RegistrySeed } from './registry-types.js';

interface StreetSpec {
  name: string;
  short: string;
  communities: number;
  /** Real community names, keyed by their 1-based position, used only where the name is certain. */
  real?: Record<number, string>;
}

// Order follows the official administrative codes 350102001…; community counts sum to 77.
const STREETS: readonly StreetSpec[] = [
  { name: '鼓东街道', short: '鼓东', communities: 9 },
  { name: '鼓西街道', short: '鼓西', communities: 9 },
  { name: '温泉街道', short: '温泉', communities: 8 },
  { name: '东街街道', short: '东街', communities: 7 },
  { name: '南街街道', short: '南街', communities: 6, real: { 1: '三坊七巷社区' } },
  { name: '安泰街道', short: '安泰', communities: 6 },
  { name: '华大街道', short: '华大', communities: 8 },
  { name: '水部街道', short: '水部', communities: 8 },
  { name: '五凤街道', short: '五凤', communities: 7 },
  { name: '洪山镇', short: '洪山', communities: 9 },
];

export const GULOU_TOTALS = { street: 10, community: 77, grassroots: 534 } as const;

const SYNTHETIC_MARK = '（示例）';
const CHINESE_ORDINALS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
// Varied so the demo looks like a real district rather than a uniform grid; adjusted to hit the total.
const GRASSROOTS_PATTERN = [7, 6, 8, 7, 5, 9, 7, 6, 8, 7, 6];

const pad = (n: number): string => String(n).padStart(2, '0');

function grassrootsCounts(communityTotal: number, grassrootsTotal: number): number[] {
  const counts = Array.from(
    { length: communityTotal },
    (_, i) => GRASSROOTS_PATTERN[i % GRASSROOTS_PATTERN.length]!,
  );
  let diff = grassrootsTotal - counts.reduce((a, b) => a + b, 0);
  for (let i = 0; diff !== 0; i = (i + 1) % communityTotal) {
    const step = Math.sign(diff);
    const next = counts[i]! + step;
    if (next >= 4 && next <= 10) {
      counts[i] = next;
      diff -= step;
    }
  }
  return counts;
}

export function buildGrids(): GridSeed[] {
  const communityTotal = STREETS.reduce((n, s) => n + s.communities, 0);
  const counts = grassrootsCounts(communityTotal, GULOU_TOTALS.grassroots);
  const grids: GridSeed[] = [];
  let communityIndex = 0;
  STREETS.forEach((street, s) => {
    const streetCode = `GL-S${pad(s + 1)}`;
    grids.push({ code: streetCode, name: street.name, level: 'street', parentCode: null, synthetic: false });
    for (let c = 1; c <= street.communities; c++) {
      const communityCode = `${streetCode}-C${pad(c)}`;
      const realName = street.real?.[c];
      const baseName = realName ?? `${street.short}第${c}社区`;
      grids.push({
        code: communityCode,
        name: realName ?? `${baseName}${SYNTHETIC_MARK}`,
        level: 'community',
        parentCode: streetCode,
        synthetic: realName === undefined,
      });
      const grassroots = counts[communityIndex++]!;
      for (let g = 1; g <= grassroots; g++) {
        grids.push({
          code: `${communityCode}-G${pad(g)}`,
          name: `${baseName}第${g}网格${SYNTHETIC_MARK}`,
          level: 'grassroots',
          parentCode: communityCode,
          synthetic: true,
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

function prosecutor(n: number): PersonSeed {
  return {
    code: `PR-${pad(n)}`,
    name: demoName(n - 1),
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

export function buildGroups(grids: readonly GridSeed[]): GroupSeed[] {
  let next = 1;
  const groups: GroupSeed[] = GROUP_STREETS.map((streets, i) => {
    const streetCodes = new Set(streets.map((s) => `GL-S${pad(s)}`));
    return {
      code: `GRP-${pad(i + 1)}`,
      name: `第${CHINESE_ORDINALS[i]}检察官办案组${SYNTHETIC_MARK}`,
      demo: true,
      duty: false,
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
    leader: prosecutor(next++),
    liaison: prosecutor(next++),
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
