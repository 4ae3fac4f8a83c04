// The rules of who may lead or liaise a group: two different people, and no change leaves a seat empty.
import { describe, expect, it } from 'vitest';
import { seatProblems, seatsAfter } from '../../../api/registry/group-seats.js';

const where = { group: 'GRP-03', sameChange: 'request' };
const current = { leader: 'PR-07', liaison: 'PR-08' };
const problems = (wanted: { leader?: string | null; liaison?: string | null }) =>
  seatProblems(current, wanted, (k) => k, where);

describe('group seats', () => {
  it('lets a new person take either seat; the old holder stays a member', () => {
    expect(seatsAfter(current, { leader: 'PR-09' })).toEqual({ leader: 'PR-09', liaison: 'PR-08' });
    expect(problems({ leader: 'PR-09' })).toEqual([]);
    expect(problems({ liaison: 'PR-09' })).toEqual([]);
  });

  it('refuses the liaison moved up to leader unless a new liaison is named in the same change', () => {
    expect(seatsAfter(current, { leader: 'PR-08' })).toEqual({ leader: 'PR-08', liaison: null });
    expect(problems({ leader: 'PR-08' })).toEqual([
      {
        code: 'seat_left_empty',
        cause: 'leader',
        message:
          "PR-08 is GRP-03's liaison and would become its leader; name a new liaison in the same request",
      },
    ]);
    expect(problems({ leader: 'PR-08', liaison: 'PR-09' })).toEqual([]);
  });

  it('refuses the leader moved to liaison alone, and allows the two swapping seats', () => {
    expect(problems({ liaison: 'PR-07' })).toMatchObject([{ code: 'seat_left_empty', cause: 'liaison' }]);
    expect(seatsAfter(current, { leader: 'PR-08', liaison: 'PR-07' })).toEqual({
      leader: 'PR-08',
      liaison: 'PR-07',
    });
    expect(problems({ leader: 'PR-08', liaison: 'PR-07' })).toEqual([]);
  });

  it('refuses one person in both seats', () => {
    expect(problems({ leader: 'PR-09', liaison: 'PR-09' })).toMatchObject([{ code: 'same_person' }]);
  });

  it('lets a new group fill its seats one at a time', () => {
    expect(seatProblems({ leader: null, liaison: null }, { leader: 'PR-01' }, (k) => k, where)).toEqual([]);
  });
});
