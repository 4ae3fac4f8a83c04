// npm run bench:e2e — 1,000 messages from 100 simulated WeChat contacts through the mock puppet, the bot and the API with the real parser.
import { randomBytes } from 'node:crypto';
import type { EventEmitter } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pino from 'pino';
import type { mock } from 'wechaty-puppet-mock';
import { buildApp } from '../api/app.js';
import { systemClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { createLogger } from '../api/http/logger.js';
import { createApiClient } from '../bot/api-client.js';
import { createBot } from '../bot/create-bot.js';
import { botQueueKey } from '../bot/delivery/queue-key.js';
import { createPuppet } from '../bot/puppet-factory.js';
import { createDb, type Database } from '../db/create-db.js';
import { createParser } from '../intents/index.js';
import { prepareBenchRegistry } from './bench/bench-fixtures.js';
import { flag, machineSummary, numberFlag, percentile, printTable } from './bench/bench-stats.js';
import { benchServerUrl, createScratchDatabase, type ScratchDatabase } from './bench/scratch-database.js';

const argv = process.argv.slice(2);
const contacts = numberFlag(argv, 'contacts', 100, 1, 1000);
const perContact = numberFlag(argv, 'messages', 10, 1, 100);
const replyTimeoutMs = numberFlag(argv, 'timeout', 120, 1, 300) * 1000;
const dbKind = flag(argv, 'db') === 'postgres' ? 'postgres' : 'pglite';
const BOT_TOKEN = `bench-bot-${randomBytes(8).toString('hex')}`;

type MessageMock = ReturnType<mock.Mocker['MessageMock']['load']>;

function textsFor(contact: number, places: string[]): string[] {
  const place = places[contact % places.length]!;
  const pool = [
    '你好',
    '被拖欠工资怎么办？',
    `我住${place}，邻居装修漏水到我家，协商不成，第${contact}号楼`,
    '我反映的事情办得怎么样了',
    `举报：${place}门口有人聚众赌博，${contact}号门面`,
    '好的谢谢',
    '老板拖欠工资三个月了，我想申请法律援助',
    '在吗',
    '什么是司法救助',
    `${place}有人在河道偷倒建筑垃圾，已经好几天了`,
  ];
  return Array.from({ length: perContact }, (_, i) => pool[(i + contact) % pool.length]!);
}

async function openDatabase(): Promise<{ database: Database; scratch: ScratchDatabase | null }> {
  if (dbKind === 'pglite') return { database: await createDb({ dataDir: 'memory' }), scratch: null };
  const scratch = await createScratchDatabase(benchServerUrl());
  return { database: await createDb({ databaseUrl: scratch.url }), scratch };
}

async function main(): Promise<void> {
  process.stdout.write(`machine: ${machineSummary()}\ndb: ${dbKind}; training the intent parser…\n`);
  const parser = await createParser();
  const { database, scratch } = await openDatabase();
  const queueDir = await mkdtemp(path.join(tmpdir(), 'jw-bench-e2e-'));
  const fixture = await prepareBenchRegistry(database.db);
  const config = loadConfig({ NODE_ENV: 'development', ADMIN_TOKEN: 'bench-admin', BOT_TOKEN });
  const app = await buildApp({
    config,
    database,
    clock: systemClock,
    logger: createLogger({ level: 'silent' }),
    parser,
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const created = createPuppet({});
  if (created.kind !== 'mock') throw new Error('expected the mock puppet');
  const bot = createBot({
    puppet: created.puppet,
    api: createApiClient({ apiUrl: `http://127.0.0.1:${port}`, botToken: BOT_TOKEN }),
    logger: pino({ level: 'silent' }),
    queueDir,
    queueKey: botQueueKey({ botToken: BOT_TOKEN }),
    pacing: { minGapMs: 0, jitterMs: 0, maxPerMinute: 1_000_000, perChatGapMs: 0 },
    outbox: { enabled: false },
  });
  try {
    await bot.start();
    await bot.loggedIn(AbortSignal.timeout(10_000));
    const { mocker } = created;
    const botUser = mocker.ContactMock.load(created.botUserId);

    // One message in flight per contact (people wait for the answer), so a reply belongs to that message.
    const outstanding = new Map<string, { messageId: string; sentAt: number; resolve: () => void }>();
    const replies = new Map<string, number>();
    const latencies: number[] = [];
    let strayReplies = 0;
    (botUser as unknown as EventEmitter).on('message', (message: MessageMock) => {
      if (message.talker().id !== botUser.id) return;
      const to = message.payload.listenerId ?? '';
      const waiting = outstanding.get(to);
      if (!waiting) {
        strayReplies++;
        return;
      }
      replies.set(waiting.messageId, (replies.get(waiting.messageId) ?? 0) + 1);
      if (replies.get(waiting.messageId) === 1) {
        latencies.push(performance.now() - waiting.sentAt);
        waiting.resolve();
      }
    });

    const people = Array.from({ length: contacts }, (_, i) =>
      mocker.createContact({ id: `wxid_e2e_${i}`, name: `居民${i}` }),
    );
    let lost = 0;
    const sentIds: string[] = [];
    const started = performance.now();
    await Promise.all(
      people.map(async (person, i) => {
        for (const text of textsFor(i, fixture.places)) {
          let messageId = '';
          const onMessage = ({ messageId: id }: { messageId: string }) => {
            messageId ||= id;
          };
          const answered = new Promise<void>((resolve) => {
            const sentAt = performance.now();
            mocker.puppet.on('message', onMessage);
            try {
              person.say(text).to(botUser);
            } finally {
              mocker.puppet.off('message', onMessage);
            }
            outstanding.set(person.id, { messageId, sentAt, resolve });
          });
          sentIds.push(messageId);
          const timedOut = await Promise.race([
            answered.then(() => false),
            new Promise<boolean>((r) => setTimeout(() => r(true), replyTimeoutMs).unref()),
          ]);
          if (timedOut) lost++;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    // Late or repeated replies would show up here.
    await new Promise((r) => setTimeout(r, 1000));
    outstanding.clear();

    const q = async (sql: string) => Number((await database.executeSql(sql)).rows[0]?.n ?? -1);
    const stored = await q('select count(*)::int as n from messages');
    const distinct = await q('select count(distinct message_id)::int as n from messages');
    const caseRows = await q('select count(*)::int as n from cases');
    const casesReferenced = await q(
      'select count(distinct case_id)::int as n from messages where case_id is not null',
    );
    const reports = await q('select count(*)::int as n from case_reports');
    const withCase = await q('select count(*)::int as n from messages where case_id is not null');
    const duplicated = [...replies.values()].filter((n) => n > 1).length;
    latencies.sort((a, b) => a - b);

    printTable(
      [
        'db',
        'contacts',
        'messages',
        'messages/s',
        'p50 ms',
        'p99 ms',
        'lost',
        'dup replies',
        'stored',
        'cases',
      ],
      [
        [
          dbKind,
          contacts,
          sentIds.length,
          sentIds.length / elapsed,
          percentile(latencies, 50),
          percentile(latencies, 99),
          lost,
          duplicated + strayReplies,
          stored,
          caseRows,
        ],
      ],
    );
    const problems: string[] = [];
    if (lost) problems.push(`${lost} messages got no reply within ${replyTimeoutMs / 1000} s`);
    if (duplicated || strayReplies)
      problems.push(`${duplicated} messages answered twice, ${strayReplies} stray replies`);
    if (stored !== sentIds.length) problems.push(`${stored} messages stored for ${sentIds.length} sent`);
    if (distinct !== stored) problems.push(`${stored - distinct} message ids stored twice`);
    if (caseRows !== casesReferenced)
      problems.push(`${caseRows} cases but ${casesReferenced} referenced by messages`);
    if (reports !== withCase)
      problems.push(`${reports} case reports for ${withCase} messages carrying a case`);
    if (problems.length) {
      process.stdout.write(`\nPROBLEMS:\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
      process.exitCode = 1;
    } else {
      process.stdout.write(
        `\nzero lost, zero duplicated: ${stored} messages stored once each, one reply each; ${caseRows} cases, ${reports} reports\n`,
      );
    }
  } finally {
    await bot.stop();
    await app.close();
    await database.close();
    await scratch?.drop();
    await rm(queueDir, { recursive: true, force: true });
  }
}

main()
  .then(() => process.exit(process.exitCode ?? 0))
  .catch((error: unknown) => {
    process.stderr.write(`bench:e2e failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  });
