// Loads and validates the Gulou grid registry seed (db/seed/gulou-registry.json); pure apart from reading the file.
import { readFileSync } from 'node:fs';
import { GULOU_TOTALS } from './gulou-registry-builder.js';
import {
  type GridLevel,
  type GridSeed,
  type GroupSeed,
  type PersonSeed,
  type RegistrySeed,
  registrySeedSchema,
} from './registry-types.js';

export type { GridLevel, GridSeed, GroupSeed, PersonSeed, RegistrySeed };
export { GULOU_TOTALS };

export const GULOU_REGISTRY_URL = new URL('./gulou-registry.json', import.meta.url);

const PARENT_LEVEL: Record<GridLevel, GridLevel | null> = {
  street: null,
  community: 'street',
  grassroots: 'community',
};

export class RegistrySeedError extends Error {
  readonly code = 'REGISTRY_SEED_INVALID';
  constructor(readonly problems: readonly string[]) {
    super(`registry seed invalid: ${problems.slice(0, 10).join('; ')}${problems.length > 10 ? ' …' : ''}`);
    this.name = 'RegistrySeedError';
  }
}

function checkGrids(grids: readonly GridSeed[], totals: Record<GridLevel, number>): string[] {
  const problems: string[] = [];
  const byCode = new Map<string, GridSeed>();
  const divisions = new Set<string>();
  for (const grid of grids) {
    if (byCode.has(grid.code)) problems.push(`duplicate grid code ${grid.code}`);
    byCode.set(grid.code, grid);
    if (grid.divisionCode === null) continue;
    if (divisions.has(grid.divisionCode)) problems.push(`duplicate division code ${grid.divisionCode}`);
    divisions.add(grid.divisionCode);
  }
  for (const grid of grids) {
    const expected = PARENT_LEVEL[grid.level];
    if (expected === null) {
      if (grid.parentCode !== null) problems.push(`street ${grid.code} must have no parent`);
      continue;
    }
    const parent = grid.parentCode === null ? undefined : byCode.get(grid.parentCode);
    if (!parent) problems.push(`${grid.level} ${grid.code} has missing parent ${grid.parentCode}`);
    else if (parent.level !== expected)
      problems.push(`${grid.level} ${grid.code} has parent ${parent.code} of level ${parent.level}`);
  }
  for (const level of Object.keys(totals) as GridLevel[]) {
    const count = grids.filter((g) => g.level === level).length;
    if (count !== totals[level]) problems.push(`expected ${totals[level]} ${level} grids, found ${count}`);
  }
  return problems;
}

function checkGroups(seed: RegistrySeed): string[] {
  const problems: string[] = [];
  const levelOf = new Map(seed.grids.map((g) => [g.code, g.level]));
  const owner = new Map<string, string>();
  const groupCodes = new Set<string>();
  for (const group of seed.groups) {
    if (groupCodes.has(group.code)) problems.push(`duplicate group code ${group.code}`);
    groupCodes.add(group.code);
    if (group.duty && group.communityCodes.length > 0) problems.push(`duty group ${group.code} owns grids`);
    for (const code of group.communityCodes) {
      if (levelOf.get(code) !== 'community') problems.push(`group ${group.code} owns non-community ${code}`);
      const previous = owner.get(code);
      if (previous) problems.push(`community ${code} owned by both ${previous} and ${group.code}`);
      owner.set(code, group.code);
    }
  }
  for (const grid of seed.grids) {
    if (grid.level === 'community' && !owner.has(grid.code))
      problems.push(`community ${grid.code} has no group`);
  }
  if (seed.groups.filter((g) => g.duty).length !== 1) problems.push('expected exactly one duty group');
  return problems;
}

function checkPeople(seed: RegistrySeed): string[] {
  const problems: string[] = [];
  const levelOf = new Map(seed.grids.map((g) => [g.code, g.level]));
  const people: PersonSeed[] = [
    ...seed.groups.flatMap((g) => [g.leader, g.liaison, ...g.members]),
    ...seed.gridMembers,
  ];
  const codes = new Set<string>();
  const wechatIds = new Set<string>();
  for (const person of people) {
    if (codes.has(person.code)) problems.push(`duplicate person code ${person.code}`);
    if (wechatIds.has(person.wechatId)) problems.push(`duplicate wechatId ${person.wechatId}`);
    codes.add(person.code);
    wechatIds.add(person.wechatId);
    if (person.gridCode !== undefined && !levelOf.has(person.gridCode))
      problems.push(`person ${person.code} has unknown grid ${person.gridCode}`);
  }
  for (const group of seed.groups) {
    for (const p of [group.leader, group.liaison, ...group.members]) {
      if (p.role !== 'prosecutor') problems.push(`group ${group.code} person ${p.code} is not a prosecutor`);
    }
  }
  for (const member of seed.gridMembers) {
    if (member.role !== 'grid_member') problems.push(`grid member ${member.code} has role ${member.role}`);
    if (member.gridCode === undefined || levelOf.get(member.gridCode) !== 'community')
      problems.push(`grid member ${member.code} needs a community gridCode`);
  }
  return problems;
}

/** Every rule the seed must satisfy, as readable problems; empty when valid. */
export function findRegistrySeedProblems(
  seed: RegistrySeed,
  totals: Record<GridLevel, number> = GULOU_TOTALS,
): string[] {
  return [...checkGrids(seed.grids, totals), ...checkGroups(seed), ...checkPeople(seed)];
}

export function parseRegistrySeed(
  data: unknown,
  totals: Record<GridLevel, number> = GULOU_TOTALS,
): RegistrySeed {
  const parsed = registrySeedSchema.safeParse(data);
  if (!parsed.success) {
    throw new RegistrySeedError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const problems = findRegistrySeedProblems(parsed.data, totals);
  if (problems.length > 0) throw new RegistrySeedError(problems);
  return parsed.data;
}

export function loadRegistrySeed(file: URL | string = GULOU_REGISTRY_URL): RegistrySeed {
  return parseRegistrySeed(JSON.parse(readFileSync(file, 'utf8')));
}
