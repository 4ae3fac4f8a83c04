// The API's logger masks phone and ID numbers however they are grouped, in messages, fields, URLs and errors.
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../api/http/logger.js';

function capture() {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      done();
    },
  });
  return { lines, logger: createLogger({ level: 'trace', destination }) };
}

const SPELLINGS = [
  '139.1234.5678',
  '139 1234 5678',
  '139-1234-5678',
  '+86 139 1234 5678',
  '１３９－１２３４－５６７８',
  '350102 19800101 1234',
  '3501 0219 8001 0112 34',
  '３５０１０２１９８００１０１１２３４',
];

describe('log masking of grouped numbers', () => {
  it.each(SPELLINGS)('hides the middle of %s in every place a log line carries it', (spelled) => {
    const { lines, logger } = capture();
    logger.info(`来电 ${spelled} 已登记`);
    logger.info({ note: `号码 ${spelled}`, nested: { list: [`又是 ${spelled}`] } }, 'fields');
    logger.info({ req: { method: 'GET', url: `/v1/people?q=${encodeURIComponent(spelled)}` } }, 'request');
    logger.error({ err: new Error(`failed for ${spelled}`) }, 'error');
    expect(lines).toHaveLength(4);
    for (const line of lines) {
      // The line's own numbers (time, pid, level) are not what is checked.
      const { time: _time, pid: _pid, level: _level, ...logged } = JSON.parse(line);
      const digits = JSON.stringify(logged).replace(/[^\d*]/g, '');
      expect(digits).not.toContain('1234567');
      expect(digits).not.toContain('19800101');
    }
  });
});
