ALTER TABLE "cases" ADD COLUMN "next_due_at" timestamp with time zone GENERATED ALWAYS AS (least(case when ("cases"."no_reply_reason" is null and "cases"."procedural_replied_at" is null and "cases"."status" <> 'closed') then "cases"."procedural_due_at" end, case when ("cases"."no_reply_reason" is null and "cases"."substantive_replied_at" is null and "cases"."status" not in ('closed', 'not_accepted', 'transferred')) then "cases"."substantive_due_at" end, "cases"."next_progress_due_at", case when ("cases"."status" = 'received' and "cases"."kind" = 'aid_request') then "cases"."aid_notice_due_at" end)) STORED;--> statement-breakpoint
ALTER TABLE "cases" ADD COLUMN "next_reminder_at" timestamp with time zone;--> statement-breakpoint
-- Existing cases with an open deadline are planned at the first sweep; the others owe no reminder.
UPDATE "cases" SET "next_reminder_at" = 'epoch' WHERE "next_due_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "cases" ALTER COLUMN "next_reminder_at" SET DEFAULT 'epoch';--> statement-breakpoint
CREATE INDEX "cases_next_reminder_idx" ON "cases" USING btree ("next_reminder_at") WHERE "cases"."next_reminder_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_assignee_next_due_idx" ON "cases" USING btree ("assignee_id","next_due_at") WHERE "cases"."next_due_at" is not null;--> statement-breakpoint
CREATE INDEX "cases_untaken_group_next_due_idx" ON "cases" USING btree ("group_id","next_due_at") WHERE "cases"."assignee_id" is null and "cases"."next_due_at" is not null;--> statement-breakpoint
-- Any change to a column the deadline rules read (DEADLINE_COLUMNS in api/deadlines/open-deadlines.ts; a test
-- compares the two) marks the case for re-planning at the next sweep, unless the same update sets next_reminder_at.
CREATE FUNCTION "cases_replan_reminders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.next_reminder_at IS NOT DISTINCT FROM OLD.next_reminder_at THEN
    NEW.next_reminder_at := 'epoch';
  END IF;
  RETURN NEW;
END
$$;--> statement-breakpoint
CREATE TRIGGER "cases_replan_reminders" BEFORE UPDATE OF kind, status, no_reply_reason, procedural_due_at, procedural_replied_at, substantive_due_at, substantive_replied_at, next_progress_due_at, aid_notice_due_at ON "cases"
  FOR EACH ROW WHEN ((OLD.kind, OLD.status, OLD.no_reply_reason, OLD.procedural_due_at, OLD.procedural_replied_at, OLD.substantive_due_at, OLD.substantive_replied_at, OLD.next_progress_due_at, OLD.aid_notice_due_at) IS DISTINCT FROM (NEW.kind, NEW.status, NEW.no_reply_reason, NEW.procedural_due_at, NEW.procedural_replied_at, NEW.substantive_due_at, NEW.substantive_replied_at, NEW.next_progress_due_at, NEW.aid_notice_due_at))
  EXECUTE FUNCTION "cases_replan_reminders"();
