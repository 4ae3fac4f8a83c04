ALTER TABLE "cases" RENAME COLUMN "summary" TO "summary_enc";--> statement-breakpoint
ALTER TABLE "outbox" RENAME COLUMN "text" TO "text_enc";--> statement-breakpoint
-- The parse kept beside a message no longer carries its words (they stay encrypted in messages.text).
UPDATE "messages" SET "parse" = "parse" - 'normalizedText' WHERE "parse" ? 'normalizedText';
