CREATE TABLE "mediations" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "mediations_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"case_id" integer NOT NULL,
	"community_id" integer NOT NULL,
	"mediator_id" integer,
	"referred_by" text NOT NULL,
	"referred_by_id" integer,
	"referred_at" timestamp with time zone NOT NULL,
	"state" text DEFAULT 'referred' NOT NULL,
	"amount_yuan" numeric(14, 2),
	"outcome_event_id" integer,
	"reported_by" text,
	"reported_at" timestamp with time zone,
	"signed_off_by" text,
	"signed_off_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "mediations" ADD CONSTRAINT "mediations_case_id_cases_id_fk" FOREIGN KEY ("case_id") REFERENCES "public"."cases"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediations" ADD CONSTRAINT "mediations_community_id_grids_id_fk" FOREIGN KEY ("community_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediations" ADD CONSTRAINT "mediations_mediator_id_people_id_fk" FOREIGN KEY ("mediator_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediations" ADD CONSTRAINT "mediations_referred_by_id_people_id_fk" FOREIGN KEY ("referred_by_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "mediations" ADD CONSTRAINT "mediations_outcome_event_id_case_events_id_fk" FOREIGN KEY ("outcome_event_id") REFERENCES "public"."case_events"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "mediations_case_idx" ON "mediations" USING btree ("case_id","referred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "mediations_open_case_uq" ON "mediations" USING btree ("case_id") WHERE "mediations"."state" in ('referred', 'agreed');