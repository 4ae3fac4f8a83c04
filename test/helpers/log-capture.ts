// A pino logger (the API's, with its masking) whose JSON lines are kept in memory for assertions.
import { Writable } from 'node:stream';
import { createLogger, type Logger } from '../../api/http/logger.js';

export interface LogLine {
  level: number;
  msg?: string;
  [key: string]: unknown;
}

export interface CapturedLogs {
  logger: Logger;
  lines: LogLine[];
  /** Lines at or above a pino level (30 info, 40 warn, 50 error). */
  atLeast(level: number): LogLine[];
}

export function captureLogs(level = 'debug'): CapturedLogs {
  const lines: LogLine[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n')) if (line) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  return {
    logger: createLogger({ level, destination }),
    lines,
    atLeast: (min) => lines.filter((line) => line.level >= min),
  };
}
