CREATE TABLE "case_reminders" (
	"case_id" integer PRIMARY KEY NOT NULL,
	"next_reminder_at" timestamp with time zone
);
--> statement-breakpoint
-- Back-fill: every case keeps the instant the sweep had stored for it.
INSERT INTO "case_reminders" ("case_id", "next_reminder_at")
  SELECT "id", "next_reminder_at" FROM "cases" WHERE "next_reminder_at" IS NOT NULL;--> statement-breakpoint
ALTER TABLE "case_reminders" ADD CONSTRAINT "case_reminders_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "case_reminders_next_idx" ON "case_reminders" USING btree ("next_reminder_at","case_id") WHERE "case_reminders"."next_reminder_at" is not null;--> statement-breakpoint
DROP TRIGGER "cases_replan_reminders" ON "cases";--> statement-breakpoint
DROP FUNCTION "cases_replan_reminders"();--> statement-breakpoint
DROP INDEX "cases_next_reminder_idx";--> statement-breakpoint
ALTER TABLE "cases" DROP COLUMN "next_reminder_at";--> statement-breakpoint
-- A new case with an open deadline (cases.next_due_at, from api/deadlines/open-deadlines.ts) is planned at the
-- next sweep. One statement-level trigger: a bulk insert writes its reminder rows in one insert.
CREATE FUNCTION "cases_plan_new_reminders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "case_reminders" ("case_id", "next_reminder_at")
    SELECT "id", 'epoch'::timestamptz FROM "new_cases" WHERE "next_due_at" IS NOT NULL;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "cases_plan_new_reminders" AFTER INSERT ON "cases" REFERENCING NEW TABLE AS "new_cases"
  FOR EACH STATEMENT EXECUTE FUNCTION "cases_plan_new_reminders"();--> statement-breakpoint
-- Any change to a column the deadline rules read (DEADLINE_COLUMNS in api/deadlines/open-deadlines.ts; a test
-- compares the two) re-plans the case at the next sweep, or takes it out of the sweep once nothing is owed.
-- If the sweep holds the case's row (planning it), this waits for the sweep to commit, then marks it again.
CREATE FUNCTION "cases_replan_reminders"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW."next_due_at" IS NULL THEN
    UPDATE "case_reminders" SET "next_reminder_at" = NULL
      WHERE "case_id" = NEW."id" AND "next_reminder_at" IS NOT NULL;
  ELSE
    INSERT INTO "case_reminders" ("case_id", "next_reminder_at") VALUES (NEW."id", 'epoch')
      ON CONFLICT ("case_id") DO UPDATE SET "next_reminder_at" = 'epoch';
  END IF;
  RETURN NULL;
END
$$;--> statement-breakpoint
CREATE TRIGGER "cases_replan_reminders" AFTER UPDATE OF kind, status, no_reply_reason, procedural_due_at, procedural_replied_at, substantive_due_at, substantive_replied_at, next_progress_due_at, aid_notice_due_at ON "cases"
  FOR EACH ROW WHEN ((OLD.kind, OLD.status, OLD.no_reply_reason, OLD.procedural_due_at, OLD.procedural_replied_at, OLD.substantive_due_at, OLD.substantive_replied_at, OLD.next_progress_due_at, OLD.aid_notice_due_at) IS DISTINCT FROM (NEW.kind, NEW.status, NEW.no_reply_reason, NEW.procedural_due_at, NEW.procedural_replied_at, NEW.substantive_due_at, NEW.substantive_replied_at, NEW.next_progress_due_at, NEW.aid_notice_due_at))
  EXECUTE FUNCTION "cases_replan_reminders"();
