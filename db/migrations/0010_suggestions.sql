CREATE TABLE "suggestion_cases" (
	"suggestion_id" integer NOT NULL,
	"case_id" integer NOT NULL,
	CONSTRAINT "suggestion_cases_suggestion_id_case_id_pk" PRIMARY KEY("suggestion_id","case_id")
);
--> statement-breakpoint
CREATE TABLE "suggestions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "suggestions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"suggestion_no" text NOT NULL,
	"recipient" text NOT NULL,
	"type" text NOT NULL,
	"urgent" boolean DEFAULT false NOT NULL,
	"group_id" integer,
	"served_at" timestamp with time zone NOT NULL,
	"reply_due_at" timestamp with time zone NOT NULL,
	"due_rule" text NOT NULL,
	"outcome" text,
	"reply_text" text,
	"replied_at" timestamp with time zone,
	"follow_up_note" text,
	"follow_up_at" timestamp with time zone,
	"rating" text,
	"reminded_at" timestamp with time zone,
	"escalated_at" timestamp with time zone,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "suggestions_suggestion_no_unique" UNIQUE("suggestion_no")
);
--> statement-breakpoint
ALTER TABLE "suggestion_cases" ADD CONSTRAINT "suggestion_cases_suggestion_id_suggestions_id_fk" FOREIGN KEY ("suggestion_id") REFERENCES "public"."suggestions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestion_cases" ADD CONSTRAINT "suggestion_cases_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "suggestions" ADD CONSTRAINT "suggestions_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "suggestion_cases_case_idx" ON "suggestion_cases" USING btree ("case_id");--> statement-breakpoint
CREATE INDEX "suggestions_awaiting_due_idx" ON "suggestions" USING btree ("reply_due_at") WHERE "suggestions"."replied_at" is null;--> statement-breakpoint
CREATE INDEX "suggestions_served_idx" ON "suggestions" USING btree ("served_at");