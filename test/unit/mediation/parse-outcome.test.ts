// How a grid member's 调解结果 words are read: the outcome, a sum in yuan at the start, the rest as the note.
import { describe, expect, it } from 'vitest';
import { parseMediationCommand, parseOutcome } from '../../../api/mediation/mediation-commands.js';

describe('parseOutcome', () => {
  it.each([
    ['达成 5000 双方签订协议', { outcome: 'agreed', amountYuan: 5000, note: '双方签订协议' }],
    ['达成 5000元协议', { outcome: 'agreed', amountYuan: 5000, note: '协议' }],
    ['达成 1.2万 赔偿修缮费', { outcome: 'agreed', amountYuan: 12000, note: '赔偿修缮费' }],
    ['达成，金额5,000.50元，双方和解', { outcome: 'agreed', amountYuan: 5000.5, note: '双方和解' }],
    ['成功 3000块', { outcome: 'agreed', amountYuan: 3000 }],
    ['达成 双方握手言和', { outcome: 'agreed', note: '双方握手言和' }],
    ['达成', { outcome: 'agreed' }],
    // A bare number before a word is not a sum.
    ['达成 2026年底前搬走', { outcome: 'agreed', note: '2026年底前搬走' }],
    ['未达成 2次协商都失败', { outcome: 'failed', note: '2次协商都失败' }],
    ['未达成 对方拒绝赔偿', { outcome: 'failed', note: '对方拒绝赔偿' }],
  ])('%s', (text, expected) => {
    expect(parseOutcome(text)).toEqual(expected);
  });

  it('refuses in words: no outcome, no reason for a failure, an amount on a failure, fractions of a fen', () => {
    expect(parseOutcome('好了')).toContain('用法：调解结果');
    expect(parseOutcome('未达成')).toContain('请写明未达成的原因');
    expect(parseOutcome('未达成 3000 对方拒绝')).toBe('未达成协议时不填写金额。');
    expect(parseOutcome('达成 5000.123')).toContain('金额请写数字');
    expect(parseOutcome(`达成 ${'字'.repeat(501)}`)).toContain('最多 500 字');
  });
});

describe('parseMediationCommand', () => {
  it('reads the longer verb first and needs a separator or a case number after it', () => {
    expect(parseMediationCommand('调解结果 GL-2026-000123 达成')).toEqual({
      verb: '调解结果',
      caseNo: 'GL-2026-000123',
      argument: '达成',
    });
    expect(parseMediationCommand('确认调解 gl2026000123')).toMatchObject({
      verb: '确认调解',
      caseNo: 'GL-2026-000123',
    });
    expect(parseMediationCommand('调解 GL-2026-000123 请协助')).toMatchObject({
      verb: '调解',
      argument: '请协助',
    });
    expect(parseMediationCommand('调解一下邻里纠纷')).toBeNull();
  });
});
