// Who is calling: the role a bearer token carries and, for people, which person it belongs to.
import type { TokenRole } from '../../db/schema/index.js';

export type Role = TokenRole;

export interface Principal {
  role: Role;
  personId: number | null;
  /** Stable label for audit trails: `admin:env`, `token:12`, … */
  actor: string;
}
