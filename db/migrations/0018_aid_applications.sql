CREATE TABLE "aid_applications" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "aid_applications_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"status" text NOT NULL,
	"prescreen" jsonb,
	"materials" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision" text,
	"stage_due_at" timestamp with time zone,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"review_started_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	CONSTRAINT "aid_applications_case_id_unique" UNIQUE("case_id")
);
--> statement-breakpoint
ALTER TABLE "aid_applications" ADD CONSTRAINT "aid_applications_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "aid_applications_stage_due_idx" ON "aid_applications" USING btree ("stage_due_at") WHERE "aid_applications"."stage_due_at" is not null;--> statement-breakpoint
CREATE INDEX "aid_applications_decided_idx" ON "aid_applications" USING btree ("decided_at");