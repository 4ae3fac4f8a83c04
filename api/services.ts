// Builds the domain services once from their dependencies; routes, jobs and scripts share them.
import type { Database } from '../db/create-db.js';
import { createAidCommands } from './aid/aid-commands.js';
import { createAidService } from './aid/aid-service.js';
import { createAttachmentStore } from './attachments/attachment-store.js';
import { createAuditService } from './audit/audit-service.js';
import { createTokensService } from './auth/tokens-service.js';
import { createCaseActionsService } from './cases/case-actions-service.js';
import { createCaseFile } from './cases/case-file.js';
import { createCaseNotesService } from './cases/case-notes.js';
import { createCaseService } from './cases/case-service.js';
import { createCaseTransferService } from './cases/case-transfer-service.js';
import type { Clock } from './clock.js';
import { chainCommands } from './commands/command-chain.js';
import { createLoginCommand } from './commands/login-command.js';
import { createProsecutorCommands } from './commands/prosecutor-commands.js';
import type { Config } from './config/config.js';
import { createLoginCodes } from './console/login-codes.js';
import { createSessionService } from './console/session-service.js';
import { createDeadlineRules } from './deadlines/deadline-rules.js';
import { createReminderPlanner } from './deadlines/reminder-plan.js';
import { createWorkingCalendar } from './deadlines/working-calendar.js';
import { createFaqService } from './faq/faq-service.js';
import { createRegistrationOffer } from './faq/registration-offer.js';
import type { Logger } from './http/logger.js';
import { createMediationCommands } from './mediation/mediation-commands.js';
import { createMediationService } from './mediation/mediation-service.js';
import { createClarifyDialogue } from './messages/clarify-dialogue.js';
import { createFollowUps } from './messages/follow-up.js';
import { type MessageParser, noParser } from './messages/message-parser.js';
import { createMessageService } from './messages/message-service.js';
import { createSenderRateLimit } from './messages/sender-rate-limit.js';
import { createOutboxService } from './outbox/outbox-service.js';
import { createLectureRequests } from './outreach/lecture-requests.js';
import { createNoticeCommands } from './outreach/notice-commands.js';
import { createNotices } from './outreach/notices.js';
import { createPhoneLinks, phoneLinkMarker } from './phone/phone-links.js';
import { createRegistryServices } from './registry/registry-services.js';
import { createDeadlineSweep } from './reminders/deadline-sweep-service.js';
import { createMorningDigest } from './reminders/morning-digest-service.js';
import { createPerformanceReportService } from './reports/performance-report-service.js';
import { createRepliesReportService } from './reports/replies-report-service.js';
import { createMessageRetention } from './retention/message-retention-service.js';
import { createCommunityDialogue } from './routing/community-dialogue.js';
import { createKeyedHash } from './security/keyed-hash.js';
import { createDashboardService } from './stats/dashboard-service.js';
import { createStatsService } from './stats/stats-service.js';
import { createSuggestionsService } from './suggestions/suggestions-service.js';
import { createReturnVisits } from './surveys/return-visit-service.js';
import { createSurveyService } from './surveys/survey-service.js';
import { createEarlyWarningService } from './warnings/early-warning-service.js';
import { createMyCluesCommand } from './work/my-clues-command.js';
import { createWorkRecordCommand } from './work/work-record-command.js';

export function createServices(deps: {
  config: Config;
  database: Database;
  clock: Clock;
  logger: Logger;
  /** Absent in processes that read no WeChat messages (the sweep CLI): a message reaching one is refused. */
  parser?: MessageParser;
}) {
  const { config, database, clock } = deps;
  const db = database.db;
  // One calendar, so its remembered working days serve the deadline rules, the planner and the sweep alike.
  const calendar = createWorkingCalendar();
  const deadlines = createDeadlineRules({}, calendar);
  const registry = createRegistryServices({ config, db, clock, logger: deps.logger });
  const cipher = registry.fieldCipher;
  const keyedHash = createKeyedHash({ db, cipher });
  const phoneLinks = createPhoneLinks({
    clock,
    publicUrl: config.publicUrl,
    minutes: config.phoneLinkMinutes,
  });
  const outbox = createOutboxService({
    db,
    clock,
    leaseSeconds: config.outbox.leaseSeconds,
    cipher,
    render: phoneLinks.render,
  });
  const cases = createCaseService({
    clock,
    cipher,
    keyedHash,
    deadlines,
    outbox,
    duplicateWindowHours: config.routing.duplicateWindowHours,
  });
  const aid = createAidService({
    clock,
    calendar,
    outbox,
    cipher,
    ttlMinutes: config.routing.dialogueTtlMinutes,
  });
  const dialogue = createCommunityDialogue({
    clock,
    cases,
    ttlMinutes: config.routing.dialogueTtlMinutes,
    // An aid request whose community had to be asked gets its pre-screen once routed.
    afterRouted: (tx, wechatId, row) =>
      row.kind === 'aid_request'
        ? aid.prescreen.start(tx, { wechatId, caseId: row.id, caseNo: row.caseNo })
        : Promise.resolve(null),
  });
  const faq = createFaqService({ db, clock });
  const offers = createRegistrationOffer({ clock, ttlMinutes: config.routing.dialogueTtlMinutes });
  const caseActions = createCaseActionsService({ clock, deadlines, outbox, cipher });
  // The new liaison's notice marks where its phone link goes; the link is made when the bot sends it.
  const caseTransfer = createCaseTransferService({
    clock,
    outbox,
    cipher,
    caseLink: async (_tx, caseNo) => phoneLinkMarker(caseNo),
  });
  const loginCodes = createLoginCodes({
    clock,
    ttlMinutes: config.console.loginCodeTtlMinutes,
    maxAttempts: config.console.loginCodeMaxAttempts,
  });
  const sessions = createSessionService({ db, clock, idleMinutes: config.console.sessionIdleMinutes });
  const caseNotes = createCaseNotesService({ clock, cipher: registry.fieldCipher });
  const suggestions = createSuggestionsService({ clock, outbox });
  const earlyWarnings = createEarlyWarningService({ clock, outbox });
  const lectures = createLectureRequests({ clock, outbox });
  const prosecutorCommands = createProsecutorCommands({
    clock,
    cases,
    caseActions,
    caseTransfer,
    caseNotes,
    phoneLinks,
  });
  const planner = createReminderPlanner(
    {
      reminderTime: config.schedule.reminderTime,
      digestTime: config.schedule.digestTime,
      quietHours: { start: config.schedule.quietHoursStart, end: config.schedule.quietHoursEnd },
    },
    calendar,
  );
  const returnVisits = createReturnVisits({ clock, outbox, planner, calendar });
  const mediation = createMediationService({
    clock,
    outbox,
    cipher,
    cases,
    caseActions,
    pushAt: (now) => planner.nextPushWindowStart(now),
    calendar,
    outcomeReminder: {
      afterWorkingDays: config.mediation.remindAfterWorkingDays,
      time: config.schedule.reminderTime,
    },
  });
  const mediationCommands = createMediationCommands({ mediation });
  const notices = createNotices({
    clock,
    outbox,
    roomIntervalSeconds: config.outbox.noticeRoomIntervalSeconds,
    nextPushWindowStart: (instant) => planner.nextPushWindowStart(instant),
  });
  const staffCommands = chainCommands([
    // Before the case commands: 批准 通知 TZ-n is not a case number.
    { roles: ['prosecutor'], handler: createNoticeCommands({ notices, clock }) },
    { roles: ['prosecutor'], handler: prosecutorCommands },
    { roles: ['prosecutor'], handler: createWorkRecordCommand({ clock, cipher }) },
    { roles: ['grid_member'], handler: createMyCluesCommand() },
    { roles: ['prosecutor'], handler: returnVisits.command() },
    { roles: ['prosecutor', 'grid_member'], handler: createAidCommands({ aid }) },
    { roles: ['prosecutor'], handler: mediationCommands.prosecutor },
    { roles: ['grid_member'], handler: mediationCommands.gridMember },
  ]);
  const surveys = createSurveyService({ clock, returnVisits });
  const messages = createMessageService({
    db,
    clock,
    cipher: registry.fieldCipher,
    keyedHash,
    cases,
    parser: deps.parser ?? noParser,
    logger: deps.logger,
    dialogue,
    faq,
    offers,
    commands: staffCommands,
    login: createLoginCommand({ codes: loginCodes, ttlMinutes: config.console.loginCodeTtlMinutes }),
    surveys,
    followUps: createFollowUps({
      clock,
      cipher,
      outbox,
      windowMinutes: config.routing.followUpWindowMinutes,
      dialogueTtlMinutes: config.routing.dialogueTtlMinutes,
    }),
    maxTextChars: config.limits.maxTextChars,
    senderLimit: createSenderRateLimit({ perMinute: config.rateLimit.senderMessagesPerMinute }),
    // Issue 13: at most 10% of messages may be asked about, whatever the data (the thresholds aim at 8%).
    lectures,
    aid,
    clarify: createClarifyDialogue({ clock, ttlMinutes: config.routing.dialogueTtlMinutes, maxShare: 0.1 }),
  });
  const sweep = createDeadlineSweep({
    db,
    clock,
    planner,
    outbox,
    logger: deps.logger,
    calendar,
    routing: { dialogue, cases, dialogueTtlMinutes: config.routing.dialogueTtlMinutes },
  });
  const digest = createMorningDigest({ db, clock, planner, outbox, logger: deps.logger });
  const retention = createMessageRetention({
    db,
    clock,
    logger: deps.logger,
    retentionDays: config.retentionDays,
  });
  const attachments = createAttachmentStore({ db, cipher: registry.fieldCipher });
  const caseFile = createCaseFile({ cipher: registry.fieldCipher, attachments });
  const tokens = createTokensService({ db, clock });
  const stats = createStatsService({ db, clock });
  const dashboard = createDashboardService({ db, clock });
  const audit = createAuditService({ db });
  const repliesReport = createRepliesReportService({ db, clock, cipher });
  const performanceReport = createPerformanceReportService({ db, clock });
  return {
    aid,
    phoneLinks,
    commands: prosecutorCommands,
    faq,
    offers,
    attachments,
    caseFile,
    deadlines,
    outbox,
    cases,
    dialogue,
    caseActions,
    caseTransfer,
    caseNotes,
    suggestions,
    earlyWarnings,
    lectures,
    notices,
    surveys,
    returnVisits,
    mediation,
    messages,
    registry,
    planner,
    sweep,
    digest,
    retention,
    tokens,
    stats,
    dashboard,
    audit,
    repliesReport,
    performanceReport,
    keyedHash,
    loginCodes,
    sessions,
  };
}

export type Services = ReturnType<typeof createServices>;
