// Who may lead or liaise a prosecutor group, defined once for the groups API and the people CSV import.

/** Who holds a group's two seats; K identifies a person (a person id, or a WeChat id in an import). */
export interface Seats<K> {
  leader: K | null;
  liaison: K | null;
}

export interface SeatProblem {
  code: 'same_person' | 'seat_left_empty';
  /** The seat the change names someone for that causes the problem. */
  cause: 'leader' | 'liaison';
  message: string;
}

const SEAT_NAME = { leader: 'leader', liaison: 'liaison' } as const;

/**
 * The seats after a change: the people named take their seats; whoever held a seat before stays in the
 * group as a member; someone moved to the other seat leaves their old one empty.
 */
export function seatsAfter<K>(current: Seats<K>, wanted: Partial<Seats<K>>): Seats<K> {
  let leader = wanted.leader ?? current.leader;
  let liaison = wanted.liaison ?? current.liaison;
  if (wanted.leader != null && wanted.liaison == null && current.liaison === wanted.leader) liaison = null;
  if (wanted.liaison != null && wanted.leader == null && current.leader === wanted.liaison) leader = null;
  return { leader, liaison };
}

/**
 * Why a change of seats is refused, or [] when it is allowed. The leader and the liaison are two different
 * people, and a change never leaves a seat empty that was filled: moving the liaison up to leader needs a
 * new liaison named in the same change (request or file), and the other way round.
 */
export function seatProblems<K>(
  current: Seats<K>,
  wanted: Partial<Seats<K>>,
  who: (person: K) => string,
  where: { group: string; sameChange: string },
): SeatProblem[] {
  if (wanted.leader != null && wanted.leader === wanted.liaison)
    return [
      {
        code: 'same_person',
        cause: 'liaison',
        message: 'the leader and the liaison must be different people',
      },
    ];
  const after = seatsAfter(current, wanted);
  const problems: SeatProblem[] = [];
  for (const seat of ['leader', 'liaison'] as const) {
    const before = current[seat];
    if (before == null || after[seat] != null) continue;
    const other = seat === 'leader' ? 'liaison' : 'leader';
    problems.push({
      code: 'seat_left_empty',
      cause: other,
      message: `${who(before)} is ${where.group}'s ${SEAT_NAME[seat]} and would become its ${SEAT_NAME[other]}; name a new ${SEAT_NAME[seat]} in the same ${where.sameChange}`,
    });
  }
  return problems;
}
