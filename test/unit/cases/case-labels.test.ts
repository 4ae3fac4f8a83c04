// Kinds and clue categories are named in Chinese in every text a person reads.
import { describe, expect, it } from 'vitest';
import { CATEGORY_LABELS, caseLabel, categoryLabel } from '../../../api/cases/case-labels.js';
import { digestText, reminderText } from '../../../api/reminders/reminder-texts.js';
import { CLUE_CATEGORIES } from '../../../intents/types.js';

describe('case labels', () => {
  it('names every clue category in Chinese', () => {
    for (const c of CLUE_CATEGORIES) expect(CATEGORY_LABELS[c]).toMatch(/^\p{Script=Han}+$/u);
    expect(categoryLabel('gambling')).toBe('赌博');
    expect(categoryLabel(null)).toBeNull();
    // A category no longer in the list is still shown in Chinese, never as stored.
    expect(categoryLabel('retired_category')).toBe('其他');
  });

  it('adds the category to clues only', () => {
    expect(caseLabel('clue', 'gambling')).toBe('线索（赌博）');
    expect(caseLabel('clue', null)).toBe('线索');
    expect(caseLabel('dispute', 'gambling')).toBe('矛盾纠纷');
  });

  it('names the category in reminders and the digest, not its code', () => {
    const now = new Date('2026-11-27T02:00:00Z');
    const text = reminderText({
      caseNo: 'GL-2026-000001',
      caseKind: 'clue',
      category: 'gambling',
      deadlineKind: 'procedural',
      reminderKind: 'due_today',
      dueAt: now,
      now,
    });
    expect(text).toContain('GL-2026-000001（线索·赌博）');
    expect(text).not.toMatch(/gambling/);
    const digest = digestText(
      '张检',
      [
        {
          caseNo: 'GL-2026-000002',
          caseKind: 'clue',
          category: 'drugs',
          deadlineKind: 'procedural',
          dueAt: now,
        },
      ],
      now,
    );
    expect(digest).toContain('GL-2026-000002 线索·毒品');
  });
});
