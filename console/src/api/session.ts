// The signed-in person: role, name and what the console shows them (GET/POST/DELETE /v1/session).
import { reactive } from 'vue';
import { ApiError, getJson, sendJson, setCsrfToken } from './http';

export type Role = 'admin' | 'office' | 'group_leader' | 'prosecutor';

export interface Session {
  role: Role;
  person: { id: number; name: string; code: string | null } | null;
  actor: string;
  csrfToken: string;
  idleTimeoutSeconds: number;
  expiresAt: string;
}

export type SignIn = { name: string; code: string } | { token: string };

export const sessionState = reactive<{ current: Session | null; checked: boolean }>({
  current: null,
  checked: false,
});

function remember(session: Session | null): Session | null {
  sessionState.current = session;
  sessionState.checked = true;
  setCsrfToken(session?.csrfToken ?? null);
  return session;
}

/** The current session, asked once per page load (and again after sign-in or sign-out). */
export async function loadSession(): Promise<Session | null> {
  if (sessionState.checked) return sessionState.current;
  try {
    return remember(await getJson<Session>('/v1/session'));
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return remember(null);
    throw error;
  }
}

export async function signIn(credentials: SignIn): Promise<Session> {
  return remember(await sendJson<Session>('POST', '/v1/session', credentials)) as Session;
}

export async function signOut(): Promise<void> {
  try {
    await sendJson<void>('DELETE', '/v1/session');
  } finally {
    remember(null);
  }
}

export function forgetSession(): void {
  remember(null);
}

export const ROLE_LABELS: Record<Role, string> = {
  admin: '管理员',
  office: '办公室',
  group_leader: '组长',
  prosecutor: '检察官',
};
