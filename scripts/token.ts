// Token administration from the shell: create (printed once), list, revoke — against the configured database, or through the running server that holds the embedded one.
import { parseArgs } from 'node:util';
import { createTokensService, DEFAULT_TOKEN_DAYS } from '../api/auth/tokens-service.js';
import { systemClock } from '../api/clock.js';
import { loadConfig } from '../api/config/config.js';
import { AppError } from '../api/http/domain-errors.js';
import { toIsoShanghai, toIsoShanghaiOrNull } from '../api/http/time-format.js';
import { TOKEN_ROLES, type TokenRole } from '../db/schema/index.js';
import { cliErrorMessage, openCliData } from './cli/cli-data.js';
import { createTokensOverHttp, type TokenOperations } from './cli/tokens-over-http.js';

const USAGE = `usage:
  npm run --silent token -- create --role <${TOKEN_ROLES.join('|')}> [--person <id|code>] [--days ${DEFAULT_TOKEN_DAYS}] [--label <text>]
  npm run --silent token -- list
  npm run --silent token -- revoke <id>`;

const ACTOR = 'cli:token';

function fail(message: string): never {
  process.stderr.write(`token: ${message}\n${USAGE}\n`);
  process.exit(2);
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        role: { type: 'string' },
        person: { type: 'string' },
        days: { type: 'string' },
        label: { type: 'string' },
      },
    });
  } catch (error) {
    fail((error as Error).message);
  }
}

type Command = (tokens: TokenOperations) => Promise<void>;

function command(argv: string[]): Command {
  const { values, positionals } = parse(argv);
  const [name, ...rest] = positionals;
  if (name === 'create') {
    if (rest.length) fail(`unexpected argument ${rest[0]}`);
    const role = values.role;
    if (!role || !(TOKEN_ROLES as readonly string[]).includes(role))
      fail('--role is required and must be a known role');
    const days = values.days === undefined ? DEFAULT_TOKEN_DAYS : Number(values.days);
    if (!Number.isInteger(days)) fail('--days must be a whole number');
    return async (tokens) => {
      const created = await tokens.create(
        { role: role as TokenRole, person: values.person, label: values.label, expiresInDays: days },
        ACTOR,
      );
      // The value goes to stdout alone, so it can be piped; the rest is context on stderr.
      process.stderr.write(
        `token ${created.id} (${created.role}${created.personId ? `, person ${created.personId}` : ''}) expires ${toIsoShanghai(created.expiresAt)}; it is shown only now:\n`,
      );
      process.stdout.write(`${created.token}\n`);
    };
  }
  if (Object.values(values).some((v) => v !== undefined)) fail(`${name ?? 'the command'} takes no options`);
  if (name === 'list') {
    if (rest.length) fail(`unexpected argument ${rest[0]}`);
    return async (tokens) => {
      for (let offset = 0; ; offset += 500) {
        const page = await tokens.list({ limit: 500, offset });
        for (const t of page.items)
          process.stdout.write(
            `${JSON.stringify({
              id: t.id,
              role: t.role,
              person: t.person?.code ?? t.person?.id ?? null,
              label: t.label,
              expiresAt: toIsoShanghaiOrNull(t.expiresAt),
              revokedAt: toIsoShanghaiOrNull(t.revokedAt),
            })}\n`,
          );
        if (offset + page.items.length >= page.total || page.items.length === 0) break;
      }
    };
  }
  if (name === 'revoke') {
    const id = Number(rest[0]);
    if (rest.length !== 1 || !Number.isInteger(id) || id < 1) fail('revoke takes one token id');
    return async (tokens) => {
      const revoked = await tokens.revoke(id, ACTOR);
      process.stderr.write(`token ${revoked.id} revoked at ${toIsoShanghai(revoked.revokedAt)}\n`);
    };
  }
  fail(name ? `unknown command ${name}` : 'a command is required');
}

async function main(): Promise<void> {
  const run = command(process.argv.slice(2));
  const config = loadConfig();
  const data = await openCliData(config, 'npm run token', { viaServer: true });
  if (data.kind === 'server') {
    process.stderr.write(`token: through the running server at ${data.apiUrl}\n`);
    await run(createTokensOverHttp(data));
    return;
  }
  try {
    await run(createTokensService({ db: data.database.db, clock: systemClock }));
  } finally {
    await data.database.close();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`token: ${cliErrorMessage(error)}\n`);
  process.exit(error instanceof AppError && error.statusCode < 500 ? 2 : 1);
});
