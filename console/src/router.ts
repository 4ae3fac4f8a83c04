// Routes under /console/: sign-in is public; every other page needs a session and a role allowed to see it.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { onUnauthorized } from './api/http';
import { forgetSession, loadSession } from './api/session';
import { PAGES, pagesFor } from './pages';

const pageComponents: Record<string, RouteRecordRaw['component']> = {
  dashboard: () => import('./pages/DashboardPage.vue'),
  cases: () => import('./pages/CasesPage.vue'),
  reports: () => import('./pages/ReportsPage.vue'),
  performance: () => import('./pages/PerformancePage.vue'),
  audit: () => import('./pages/AuditPage.vue'),
  registry: () => import('./pages/RegistryPage.vue'),
  suggestions: () => import('./pages/SuggestionsPage.vue'),
};

const routes: RouteRecordRaw[] = [
  { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
  {
    path: '/',
    component: () => import('./layout/ConsoleLayout.vue'),
    children: [
      ...PAGES.map((page) => ({
        path: page.path === '/' ? '' : page.path.slice(1),
        name: page.name,
        component: pageComponents[page.name]!,
        meta: { roles: page.roles, title: page.title },
      })),
      {
        path: 'cases/:caseNo',
        name: 'case',
        component: () => import('./pages/CasePage.vue'),
        meta: { roles: PAGES.find((p) => p.name === 'cases')?.roles, title: '案件详情', menu: '/cases' },
      },
      { path: 'welcome', name: 'welcome', component: () => import('./pages/WelcomePage.vue') },
    ],
  },
  { path: '/:rest(.*)*', name: 'not-found', component: () => import('./pages/NotFoundPage.vue') },
];

export const router = createRouter({ history: createWebHistory('/console/'), routes });

router.beforeEach(async (to) => {
  if (to.meta.public) return true;
  const next = to.fullPath === '/' ? {} : { next: to.fullPath };
  let session: Awaited<ReturnType<typeof loadSession>>;
  try {
    session = await loadSession();
  } catch {
    // The server did not answer (or not as expected): the sign-in page says so rather than a blank screen.
    return { name: 'login', query: { ...next, offline: '1' } };
  }
  if (!session) return { name: 'login', query: next };
  const roles = to.meta.roles as readonly string[] | undefined;
  if (roles && !roles.includes(session.role)) {
    const first = pagesFor(session.role)[0];
    return first && first.name !== to.name ? { name: first.name } : { name: 'welcome' };
  }
  return true;
});

router.afterEach((to) => {
  const title = to.meta.title as string | undefined;
  document.title = title ? `${title} · 检网控制台` : '检网控制台';
});

onUnauthorized(() => {
  forgetSession();
  const current = router.currentRoute.value;
  if (current.name !== 'login') void router.push({ name: 'login', query: { next: current.fullPath } });
});
