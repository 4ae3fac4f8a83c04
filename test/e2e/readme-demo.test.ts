// The README's demo, executed: every `<!-- demo -->` shell block of README.md runs against `npm start` on a fresh
// database, as the README tells a newcomer to run it, and each reply the README quotes below a block is checked.
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shanghaiYear } from '../../api/http/time-format.js';
import { ROOT } from '../helpers/run-script.js';
import { type SpawnedServer, spawnServer } from '../helpers/spawn-server.js';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database.js';

/** Runs a script in bash; rejects with its stderr when it fails. */
function bash(script: string, cwd: string, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('bash', ['-e', '-c', script], { cwd, env, timeout: 120_000 }, (error, stdout, stderr) =>
      error ? reject(new Error(`${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

interface DemoStep {
  /** The shell commands of one `<!-- demo -->` block, as the README prints them. */
  command: string;
  /** The block quoted right below it: `text` lines each found in a reply, or `json` found in the response. */
  expected: { lang: 'text' | 'json'; body: string } | null;
  line: number;
}

/** The demo steps of a README: a `<!-- demo -->` comment, a fenced shell block, optionally a quoted reply. */
function demoSteps(markdown: string): DemoStep[] {
  const lines = markdown.split('\n');
  const steps: DemoStep[] = [];
  const fenceAt = (from: number): { lang: string; body: string; end: number } | null => {
    let i = from;
    while (i < lines.length && lines[i]!.trim() === '') i++;
    const open = /^```(\w*)\s*$/.exec(lines[i] ?? '');
    if (!open) return null;
    const close = lines.findIndex((l, k) => k > i && l.trim() === '```');
    if (close < 0) throw new Error(`README line ${i + 1}: unclosed fence`);
    return { lang: open[1] ?? '', body: lines.slice(i + 1, close).join('\n'), end: close + 1 };
  };
  for (let i = 0; i < lines.length; i++) {
    if (lines[i]!.trim() !== '<!-- demo -->') continue;
    const block = fenceAt(i + 1);
    if (!block || !['sh', 'bash', 'shell'].includes(block.lang))
      throw new Error(`README line ${i + 1}: <!-- demo --> must be followed by a sh block`);
    const quoted = fenceAt(block.end);
    const expected =
      quoted && (quoted.lang === 'text' || quoted.lang === 'json')
        ? { lang: quoted.lang as 'text' | 'json', body: quoted.body }
        : null;
    steps.push({ command: block.body, expected, line: i + 1 });
  }
  return steps;
}

/** A quoted line as a pattern: `…` stands for anything within the line (a date that depends on the day). */
function quotedLine(line: string): RegExp {
  const parts = line.split('…').map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'));
  return new RegExp(`^${parts.join('.*?')}$`, 'u');
}

/** Every string value of a JSON response, line by line (the bot's replies are strings inside /sim/say's JSON). */
function textLines(output: string): string[] {
  const strings: string[] = [];
  const walk = (v: unknown): void => {
    if (typeof v === 'string') strings.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  try {
    walk(JSON.parse(output));
  } catch {
    strings.push(output);
  }
  return strings.flatMap((s) => s.split('\n'));
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject()));
    });
  });
}

const steps = demoSteps(readFileSync(path.join(ROOT, 'README.md'), 'utf8'));

describe('the README’s demo steps as parsed', () => {
  it('cover the token, a resident’s report, the office’s look-up and a prosecutor’s commands', () => {
    expect(steps.length).toBeGreaterThanOrEqual(6);
    const all = steps.map((s) => s.command).join('\n');
    expect(all).toContain('data/dev-tokens.json');
    expect(all).toContain('adminToken');
    expect(all).toContain('/sim/say');
    expect(all).toContain('Bearer $ADMIN_TOKEN');
    expect(all).toContain('demo-prosecutor-08');
    expect(steps.filter((s) => s.expected).length).toBeGreaterThanOrEqual(5);
  });
});

describe('the README’s demo on a fresh database', () => {
  let root: string;
  let port: number;
  let server: SpawnedServer | undefined;
  let database: TestDatabase | undefined;

  beforeAll(async () => {
    root = mkdtempSync(path.join(tmpdir(), 'jw-readme-'));
    port = await freePort();
    // On Postgres runs, a database of its own; otherwise the embedded PGlite under ./data, as for a newcomer.
    if (process.env.DATABASE_URL) database = await createTestDatabase();
    server = spawnServer({
      NODE_ENV: 'development',
      DATA_DIR: path.join(root, 'data'),
      DATABASE_URL: database?.url ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      API_URL: '',
      PUBLIC_URL: '',
      ADMIN_TOKEN: '',
      BOT_TOKEN: '',
      DATA_KEY: '',
      WECHATY_PUPPET_SERVICE_TOKEN: '',
      SIM_ENABLED: '',
      COMPONENTS: 'api,bot,jobs',
      LOG_LEVEL: 'info',
    });
    await server.waitFor((out) => out.includes('bot logged in') && out.includes('jianwang started'), 280_000);
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    await database?.close();
    if (root) rmSync(root, { recursive: true, force: true });
  }, 120_000);

  it('runs on the database the suite was asked for', () => {
    expect(server?.output()).toContain(database ? '"db":"postgres"' : '"db":"pglite"');
  });

  it('gives every reply the README quotes', async () => {
    const assignments: string[] = [];
    for (const step of steps) {
      const year = `GL-${shanghaiYear(new Date())}-`;
      const command = step.command
        .replace(/\b(?:localhost|127\.0\.0\.1):3000\b/g, `127.0.0.1:${port}`)
        .replaceAll('GL-2026-', year);
      const { ADMIN_TOKEN: _a, BOT_TOKEN: _b, DATABASE_URL: _d, ...env } = process.env;
      const stdout = await bash([...assignments, command].join('\n'), root, env);
      // Variables a step sets (ADMIN_TOKEN=…) are set again before every later step, as in one terminal.
      assignments.push(...command.split('\n').filter((l) => /^[A-Z_][A-Z0-9_]*=/.test(l)));
      if (!step.expected) continue;
      const where = `README line ${step.line}: ${command}\n→ ${stdout}`;
      if (step.expected.lang === 'json') {
        const quoted = JSON.parse(step.expected.body.replaceAll('GL-2026-', year));
        expect(JSON.parse(stdout), where).toMatchObject(quoted);
        continue;
      }
      const said = textLines(stdout);
      for (const line of step.expected.body.split('\n').filter((l) => l.trim())) {
        const pattern = quotedLine(line.replaceAll('GL-2026-', year));
        expect(
          said.some((s) => pattern.test(s)),
          `${where}\nquoted: ${line}`,
        ).toBe(true);
      }
    }
  }, 600_000);
});
