// The routing table (issue 14): which kind of matter goes to which department's group. Data, reviewed like a rule list; checked row by row in test/integration/triage.test.ts (README: "The routing table").
import type { CaseKind, GroupFunction } from '../../db/schema/index.js';

export interface DepartmentRoute {
  /** A row matches when every field given matches; `minor` means a minors' matter (category or urgency rule). */
  when: { kind?: CaseKind; category?: string; minor?: true };
  /** The function of the group that handles it; `grid` = the group owning the matter's community. */
  to: GroupFunction;
  /** Also tell the grid's own group (it knows the place and the people). */
  informGridGroup: boolean;
  why: string;
}

/** First matching row wins; the last row catches the rest. */
export const DEPARTMENT_ROUTES: readonly DepartmentRoute[] = [
  {
    when: { minor: true },
    to: '未检',
    informGridGroup: false,
    why: '涉未成年人案件由未成年人检察部门统一办理（捕诉监防一体化）',
  },
  {
    when: { kind: 'petition' },
    to: '控申',
    informGridGroup: false,
    why: '信访、控告、申诉由控告申诉检察部门统一受理（《人民检察院信访工作规定》）',
  },
  {
    when: { category: 'environment' },
    to: '公益诉讼',
    informGridGroup: true,
    why: '生态环境和资源保护属公益诉讼检察领域；网格所属组知悉现场情况',
  },
  {
    when: { category: 'food_drug' },
    to: '公益诉讼',
    informGridGroup: true,
    why: '食品药品安全属公益诉讼检察领域；网格所属组知悉现场情况',
  },
  {
    when: { category: 'public_interest' },
    to: '公益诉讼',
    informGridGroup: true,
    why: '国有财产、国有土地使用权出让、英烈保护等公益线索属公益诉讼检察领域',
  },
  {
    when: {},
    to: 'grid',
    informGridGroup: false,
    why: '其余事项由所在社区的网格检察官办案组办理',
  },
];

export interface RoutingFacts {
  kind: CaseKind;
  category: string | null;
  minor: boolean;
}

/** The first row of the table the matter matches (the last row matches everything). */
export function departmentRouteFor(facts: RoutingFacts): DepartmentRoute {
  return DEPARTMENT_ROUTES.find(
    ({ when }) =>
      (when.kind === undefined || when.kind === facts.kind) &&
      (when.category === undefined || when.category === facts.category) &&
      (when.minor === undefined || facts.minor),
  )!;
}
