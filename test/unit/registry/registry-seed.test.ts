// Tests the Gulou registry seed: counts, tree integrity, group ownership, stable codes, validator rules.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildGulouRegistry } from '../../../db/seed/gulou-registry-builder.js';
import {
  findRegistrySeedProblems,
  loadRegistrySeed,
  parseRegistrySeed,
  type RegistrySeed,
  RegistrySeedError,
} from '../../../db/seed/registry-data.js';

const seed = loadRegistrySeed();
const byCode = new Map(seed.grids.map((g) => [g.code, g]));
const clone = (): RegistrySeed => structuredClone(seed);

describe('Gulou registry seed', () => {
  it('holds 10 streets, the 69 official communities and 534 sample grassroots grids', () => {
    const count = (level: string) => seed.grids.filter((g) => g.level === level).length;
    expect([count('street'), count('community'), count('grassroots')]).toEqual([10, 69, 534]);
  });

  it('is the official 2023 division list: every street and community with its 12-digit code', () => {
    const official = readFileSync(
      new URL('../../../db/seed/gulou-divisions-2023.csv', import.meta.url),
      'utf8',
    )
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','))
      .filter(([level]) => level !== 'district');
    const seeded = seed.grids.filter((g) => g.level !== 'grassroots');
    const byDivision = (a: string[], b: string[]) => a[1]!.localeCompare(b[1]!);
    expect(seeded.map((g) => [g.name, g.divisionCode!]).sort(byDivision)).toEqual(
      official.map(([, code, name]) => [name!, code!.padEnd(12, '0')]).sort(byDivision),
    );
    expect(byCode.get('GL-S04-C01')).toMatchObject({ name: '军门社区', divisionCode: '350102004001' });
    for (const community of seeded.filter((g) => g.level === 'community')) {
      const street = byCode.get(community.parentCode!)!;
      expect(community.divisionCode!.slice(0, 9)).toBe(street.divisionCode!.slice(0, 9));
    }
    expect(seed.grids.filter((g) => g.level === 'grassroots').every((g) => g.divisionCode === null)).toBe(
      true,
    );
  });

  it('names the nine streets and one town of Gulou District', () => {
    expect(seed.grids.filter((g) => g.level === 'street').map((g) => g.name)).toEqual([
      '鼓东街道',
      '鼓西街道',
      '温泉街道',
      '东街街道',
      '南街街道',
      '安泰街道',
      '华大街道',
      '水部街道',
      '五凤街道',
      '洪山镇',
    ]);
  });

  it('is a tree: unique codes, every parent exists one level up', () => {
    expect(byCode.size).toBe(seed.grids.length);
    const up = { community: 'street', grassroots: 'community' } as const;
    for (const grid of seed.grids) {
      if (grid.level === 'street') expect(grid.parentCode).toBeNull();
      else expect(byCode.get(grid.parentCode ?? '')?.level).toBe(up[grid.level]);
    }
    const communities = seed.grids.filter((g) => g.level === 'community');
    for (const c of communities) expect(seed.grids.some((g) => g.parentCode === c.code)).toBe(true);
  });

  it('has every community owned by exactly one non-duty demo group, and one duty group', () => {
    const owners = new Map<string, number>();
    for (const group of seed.groups.filter((g) => !g.duty)) {
      for (const code of group.communityCodes) owners.set(code, (owners.get(code) ?? 0) + 1);
    }
    const communities = seed.grids.filter((g) => g.level === 'community').map((g) => g.code);
    expect([...owners.keys()].sort()).toEqual([...communities].sort());
    expect([...owners.values()].every((n) => n === 1)).toBe(true);
    expect(seed.groups.filter((g) => g.duty)).toHaveLength(1);
    expect(seed.groups.every((g) => g.demo)).toBe(true);
    expect(seed.groups.filter((g) => !g.duty).length).toBeGreaterThanOrEqual(4);
  });

  it('gives every group a prosecutor leader and liaison with demo WeChat ids', () => {
    for (const group of seed.groups) {
      for (const person of [group.leader, group.liaison]) {
        expect(person.role).toBe('prosecutor');
        expect(person.wechatId).toMatch(/^demo-prosecutor-\d{2}$/);
      }
    }
    for (const member of seed.gridMembers) expect(byCode.get(member.gridCode ?? '')?.level).toBe('community');
  });

  it('keeps codes stable', () => {
    expect(seed.grids.slice(0, 3).map((g) => g.code)).toEqual(['GL-S01', 'GL-S01-C01', 'GL-S01-C01-G01']);
    expect(byCode.get('GL-S05-C08')).toEqual({
      code: 'GL-S05-C08',
      name: '三坊七巷社区',
      level: 'community',
      parentCode: 'GL-S05',
      synthetic: false,
      divisionCode: '350102005008',
    });
    expect(byCode.get('GL-S10')?.name).toBe('洪山镇');
    // Codes follow the official ones, gaps included: 鼓东街道 has no community 003.
    expect(byCode.get('GL-S01-C03')).toBeUndefined();
    expect(byCode.get('GL-S01-C04')?.name).toBe('观风亭社区');
    expect(byCode.get('GL-S01-C04-G01')?.name).toBe('观风亭社区第1网格（示例）');
    expect(seed.grids.at(-1)?.code).toMatch(/^GL-S10-C12-G\d{2}$/);
    expect(seed.groups.map((g) => g.code)).toEqual([
      'GRP-01',
      'GRP-02',
      'GRP-03',
      'GRP-04',
      'GRP-05',
      'GRP-DUTY',
      'GRP-KS',
      'GRP-WJ',
      'GRP-GY',
      'GRP-MX',
      'GRP-XJ',
    ]);
  });

  it('marks synthetic names as such: every grassroots grid, no street or community', () => {
    for (const grid of seed.grids) {
      expect(grid.synthetic).toBe(grid.name.includes('（示例）'));
      expect(grid.synthetic).toBe(grid.level === 'grassroots');
    }
  });

  it('gives the README demo its group: 三坊七巷社区 belongs to 第三检察官办案组（示例）, liaison demo-prosecutor-08', () => {
    const group = seed.groups.find((g) => g.communityCodes.includes('GL-S05-C08'))!;
    expect(group.name).toBe('第三检察官办案组（示例）');
    expect(group.liaison.wechatId).toBe('demo-prosecutor-08');
  });

  it('matches what the generator builds, so the JSON is reproducible', () => {
    expect(buildGulouRegistry()).toEqual(seed);
  });
});

describe('registry seed validator', () => {
  it('accepts the seed', () => {
    expect(findRegistrySeedProblems(seed)).toEqual([]);
  });

  it('rejects a grid whose parent is missing or of the wrong level', () => {
    const bad = clone();
    bad.grids.find((g) => g.code === 'GL-S01-C01-G01')!.parentCode = 'GL-S02';
    bad.grids.find((g) => g.code === 'GL-S01-C01-G02')!.parentCode = 'NOPE';
    expect(() => parseRegistrySeed(bad)).toThrow(RegistrySeedError);
    expect(findRegistrySeedProblems(bad)).toEqual([
      'grassroots GL-S01-C01-G01 has parent GL-S02 of level street',
      'grassroots GL-S01-C01-G02 has missing parent NOPE',
    ]);
  });

  it('rejects a community owned twice or not at all, a division code used twice, and wrong counts', () => {
    const bad = clone();
    bad.groups[1]!.communityCodes.push('GL-S01-C01');
    bad.groups[0]!.communityCodes = bad.groups[0]!.communityCodes.filter((c) => c !== 'GL-S01-C02');
    bad.grids.find((g) => g.code === 'GL-S01-C02')!.divisionCode = '350102001001';
    bad.grids.pop();
    const problems = findRegistrySeedProblems(bad);
    expect(problems).toContain('community GL-S01-C01 owned by both GRP-01 and GRP-02');
    expect(problems).toContain('community GL-S01-C02 has no group');
    expect(problems).toContain('expected 534 grassroots grids, found 533');
    expect(problems).toContain('duplicate division code 350102001001');
  });

  it('rejects duplicate codes and unknown fields', () => {
    const bad = clone();
    bad.grids.push({ ...bad.grids[0]! });
    expect(findRegistrySeedProblems(bad)).toContain('duplicate grid code GL-S01');
    expect(() => parseRegistrySeed({ ...clone(), extra: 1 })).toThrow(RegistrySeedError);
  });
});
