// The console's pages and which roles see each (the API enforces the same roles on its data).
import type { Role } from './api/session';

export interface PageEntry {
  name: string;
  path: string;
  title: string;
  roles: readonly Role[];
}

export const PAGES: readonly PageEntry[] = [
  { name: 'dashboard', path: '/', title: '总览', roles: ['admin', 'office', 'group_leader'] },
  { name: 'cases', path: '/cases', title: '案件', roles: ['admin', 'office', 'group_leader', 'prosecutor'] },
  { name: 'reports', path: '/reports', title: '报表', roles: ['admin', 'office', 'group_leader'] },
  { name: 'performance', path: '/performance', title: '绩效', roles: ['admin', 'office', 'group_leader'] },
  {
    name: 'suggestions',
    path: '/suggestions',
    title: '检察建议',
    roles: ['admin', 'office', 'group_leader', 'prosecutor'],
  },
  { name: 'registry', path: '/registry', title: '网格与人员', roles: ['admin', 'office'] },
  { name: 'audit', path: '/audit', title: '审计', roles: ['admin'] },
];

export function pagesFor(role: Role): PageEntry[] {
  return PAGES.filter((page) => page.roles.includes(role));
}
