ALTER TABLE "messages" ALTER COLUMN "from_wechat_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "case_reports" ADD COLUMN "sender_hash" text;--> statement-breakpoint
ALTER TABLE "case_reports" ADD COLUMN "receipt_no" text;--> statement-breakpoint
ALTER TABLE "messages" ADD COLUMN "sender_hash" text;--> statement-breakpoint
CREATE INDEX "messages_sender_hash_idx" ON "messages" USING btree ("sender_hash");--> statement-breakpoint
ALTER TABLE "case_reports" ADD CONSTRAINT "case_reports_receipt_no_unique" UNIQUE("receipt_no");