// The API application factory: wires config, database, clock and logger into a Fastify instance.
import cookie from '@fastify/cookie';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import type { Database } from '../db/create-db.js';
import { aidRoutes } from './aid/aid-routes.js';
import { attachmentsRoutes } from './attachments/attachments-routes.js';
import { auditRoutes } from './audit/audit-routes.js';
import { createAuthFailureLimit } from './auth/auth-failure-limit.js';
import { authPlugin } from './auth/auth-plugin.js';
import { createAuthService } from './auth/auth-service.js';
import { hashToken } from './auth/token-hash.js';
import { tokensRoutes } from './auth/tokens-routes.js';
import { caseActionsRoutes } from './cases/case-actions-routes.js';
import { caseNotesRoutes } from './cases/case-notes-routes.js';
import { caseReportersRoutes } from './cases/case-reporters-routes.js';
import { casesRoutes } from './cases/cases-routes.js';
import type { Clock } from './clock.js';
import type { Config } from './config/config.js';
import { consoleRoutes, DEFAULT_CONSOLE_DIST } from './console/console-routes.js';
import { SESSION_COOKIE } from './console/session-cookies.js';
import { sessionRoutes } from './console/session-routes.js';
import { demoRoutes } from './demo/demo-routes.js';
import { faqRoutes } from './faq/faq-routes.js';
import { type BotHealthSource, healthRoutes } from './health/health-routes.js';
import { errorHandlerPlugin, frameworkErrorHandler } from './http/error-handler.js';
import type { Logger } from './http/logger.js';
import { RequestLogController } from './http/request-log-controller.js';
import { unicodeSanitizerPlugin } from './http/unicode-sanitizer.js';
import { mediationRoutes } from './mediation/mediation-routes.js';
import { createRegistryParser, type MessageParser } from './messages/message-parser.js';
import { messagesRoutes } from './messages/messages-routes.js';
import { outboxRoutes } from './outbox/outbox-routes.js';
import { noticesRoutes } from './outreach/notices-routes.js';
import { outreachRoutes } from './outreach/outreach-routes.js';
import { phoneLinksRoutes } from './phone/phone-links-routes.js';
import { phoneRoutes } from './phone/phone-routes.js';
import { registryRoutes } from './registry/registry-routes.js';
import { performanceRoutes } from './reports/performance-routes.js';
import { reportsRoutes } from './reports/reports-routes.js';
import { encryptClearWords } from './security/clear-words-migration.js';
import { createServices, type Services } from './services.js';
import { dashboardRoutes } from './stats/dashboard-routes.js';
import { statsRoutes } from './stats/stats-routes.js';
import { suggestionsRoutes } from './suggestions/suggestions-routes.js';
import { earlyWarningRoutes } from './warnings/early-warning-routes.js';

export interface BuildAppOptions {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Reads inbound messages; defaults to the intents model trained on start with the registry's places. */
  parser?: MessageParser;
  /** Extra plugins registered after the API routes (e.g. the local WeChat simulator). */
  plugins?: ((app: FastifyInstance) => Promise<void>)[];
  /** The WeChat bot running in this process, for /health; absent when the bot runs elsewhere. */
  bot?: BotHealthSource | undefined;
  /** The console's built assets (default console/dist). */
  consoleDist?: string;
}

export type App = FastifyInstance & { services: Services };

export async function buildApp(options: BuildAppOptions): Promise<App> {
  const { config, database, clock, logger } = options;
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: 1024 * 1024,
    // Behind a proxy the client is named by X-Forwarded-For, but only from the proxies TRUST_PROXY names.
    trustProxy:
      typeof config.trustProxy === 'number'
        ? (
            (hops: number) => (_address: string, hop: number) =>
              hop < hops
          )(config.trustProxy)
        : config.trustProxy,
    genReqId: (req) => {
      const header = req.headers['x-request-id'];
      return typeof header === 'string' && /^[\w.-]{1,64}$/.test(header) ? header : crypto.randomUUID();
    },
    requestIdHeader: false,
    frameworkErrors: frameworkErrorHandler,
    logController: new RequestLogController(),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(errorHandlerPlugin);
  await app.register(unicodeSanitizerPlugin);
  // TLS ends at the proxy in production; upgrading sub-requests would break /docs on plain-http localhost.
  await app.register(helmet, {
    contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } },
  });
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  await app.register(swagger, {
    openapi: {
      info: {
        title: '检网 Jianwang API',
        version: '0.1.0',
        description: 'Cases, routing and clocks of the procuratorate WeChat assistant',
      },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'jw_session' },
        },
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  const parser = options.parser ?? (await createRegistryParser(database.db, logger));
  const services = createServices({ config, database, clock, logger, parser });
  // Words an older version kept in clear are encrypted before anything is served (issue 10).
  const encrypted = await encryptClearWords({
    db: database.db,
    cipher: services.registry.fieldCipher,
    keyedHash: services.keyedHash,
  });
  if (Object.values(encrypted).some((n) => n > 0))
    logger.info(encrypted, 'stored words encrypted at start-up');
  // The FAQ lives in the database: an empty one is seeded from the reviewed file, later reviews of it applied;
  // the parser answers from the database's active entries, handed over now and after every change.
  const faqFile = await services.faq.start(
    parser.setFaq ? { setFaq: parser.setFaq.bind(parser) } : undefined,
  );
  if (faqFile.added.length || faqFile.updated.length)
    logger.info(
      { added: faqFile.added.length, updated: faqFile.updated.length, kept: faqFile.kept.length },
      'legal FAQ entries applied from the reviewed file',
    );
  // A grid import here hands the parser the new street and community names before the import answers.
  const { refreshPlaces } = parser;
  if (refreshPlaces)
    services.registry.grids.onChange(() =>
      refreshPlaces().catch((err: unknown) =>
        logger.warn({ err }, 'place names not read again after a grid import'),
      ),
    );
  const auth = createAuthService({
    db: database.db,
    clock,
    adminToken: config.adminToken,
    botToken: config.botToken,
  });
  await app.register(cookie);
  await app.register(authPlugin, {
    auth,
    failures: createAuthFailureLimit({ clock, maxPerMinute: config.rateLimit.authFailuresPerMinute }),
    sessions: services.sessions,
  });
  // Runs after authentication (route-level hook), so the bot — carrying every resident's messages — is
  // exempt by role; flooding WeChat senders are limited inside POST /v1/messages instead.
  if (config.rateLimit.perMinute > 0)
    await app.register(rateLimit, {
      max: config.rateLimit.perMinute,
      timeWindow: 60_000,
      keyGenerator: (request) => {
        const bearer = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
        if (bearer) return `token:${hashToken(bearer)}`;
        // Desks in one office share an address behind its NAT: each console session has its own budget.
        const session = request.cookies[SESSION_COOKIE];
        return session ? `session:${hashToken(session)}` : `ip:${request.ip}`;
      },
      allowList: (request) => request.principal?.role === 'bot',
    });

  await app.register(healthRoutes, {
    database,
    clock,
    bot: options.bot,
    botLoginGraceMs: config.botLoginGraceSeconds * 1000,
  });
  await app.register(sessionRoutes, {
    db: database.db,
    codes: services.loginCodes,
    sessions: services.sessions,
    secureCookies: config.console.secureCookies,
    signInPerMinute: config.console.signInPerMinute,
  });
  await app.register(messagesRoutes, { messages: services.messages, clock });
  const caseRead = {
    db: database.db,
    cases: services.cases,
    clock,
    caseFile: services.caseFile,
    aid: services.aid,
  };
  await app.register(casesRoutes, caseRead);
  await app.register(caseReportersRoutes, caseRead);
  await app.register(caseActionsRoutes, {
    ...caseRead,
    caseActions: services.caseActions,
    caseTransfer: services.caseTransfer,
  });
  await app.register(aidRoutes, { ...caseRead, aid: services.aid });
  await app.register(mediationRoutes, { ...caseRead, mediation: services.mediation });
  await app.register(attachmentsRoutes, { ...caseRead, attachments: services.attachments });
  await app.register(phoneRoutes, {
    ...caseRead,
    phoneLinks: services.phoneLinks,
    commands: services.commands,
    attachments: services.attachments,
    publicUrl: config.publicUrl,
  });
  await app.register(phoneLinksRoutes, { db: database.db, clock, phoneLinks: services.phoneLinks });
  await app.register(caseNotesRoutes, {
    db: database.db,
    cases: services.cases,
    caseNotes: services.caseNotes,
    cipher: services.registry.fieldCipher,
  });
  await app.register(outboxRoutes, { outbox: services.outbox });
  await app.register(registryRoutes, { registry: services.registry });
  await app.register(statsRoutes, {
    db: database.db,
    stats: services.stats,
    suggestions: services.suggestions,
    aid: services.aid,
    mediation: services.mediation,
    clock,
  });
  await app.register(dashboardRoutes, { db: database.db, dashboard: services.dashboard });
  await app.register(reportsRoutes, { db: database.db, clock, repliesReport: services.repliesReport });
  await app.register(performanceRoutes, {
    db: database.db,
    clock,
    performanceReport: services.performanceReport,
  });
  await app.register(suggestionsRoutes, { db: database.db, clock, suggestions: services.suggestions });
  await app.register(earlyWarningRoutes, { db: database.db, clock, warnings: services.earlyWarnings });
  await app.register(demoRoutes, { db: database.db, clock });
  await app.register(outreachRoutes, { db: database.db, clock, lectures: services.lectures });
  await app.register(noticesRoutes, { db: database.db, notices: services.notices });
  await app.register(tokensRoutes, { tokens: services.tokens });
  await app.register(auditRoutes, { audit: services.audit });
  await app.register(faqRoutes, { faq: services.faq });
  await app.register(consoleRoutes, { distDir: options.consoleDist ?? DEFAULT_CONSOLE_DIST });
  // The local simulator page is inline HTML/JS: it is served without the API's content security policy.
  for (const plugin of options.plugins ?? [])
    await app.register(async (scope) => {
      scope.addHook('onRoute', (route) => {
        route.config = { ...route.config, helmet: { contentSecurityPolicy: false } } as typeof route.config;
      });
      await scope.register(plugin);
    });

  app.decorate('services', services);
  return app as unknown as App;
}
