// The whole drizzle schema, re-exported for createDb() and drizzle-kit.
export * from './attachments-schema.js';
export * from './case-notes-schema.js';
export * from './cases-schema.js';
export * from './console-schema.js';
export * from './early-warnings-schema.js';
export * from './faq-schema.js';
export * from './jobs-schema.js';
export * from './lectures-schema.js';
export * from './messages-schema.js';
export * from './notices-schema.js';
export * from './outbox-schema.js';
export * from './phone-links-schema.js';
export * from './registry-schema.js';
export * from './return-visits-schema.js';
export * from './security-schema.js';
export * from './suggestions-schema.js';
export * from './work-records-schema.js';
