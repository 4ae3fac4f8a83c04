CREATE TABLE "early_warnings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "early_warnings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer NOT NULL,
	"category" text NOT NULL,
	"group_id" integer,
	"clue_count" integer NOT NULL,
	"window_start" timestamp with time zone NOT NULL,
	"proposed_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "meetings" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "meetings_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"group_id" integer,
	"grid_id" integer,
	"warning_id" integer,
	"held_on" date NOT NULL,
	"attendees" text NOT NULL,
	"outcome" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "early_warnings" ADD CONSTRAINT "early_warnings_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "early_warnings" ADD CONSTRAINT "early_warnings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "meetings" ADD CONSTRAINT "meetings_warning_id_early_warnings_id_fk" FOREIGN KEY ("warning_id") REFERENCES "public"."early_warnings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "early_warnings_grid_category_idx" ON "early_warnings" USING btree ("grid_id","category","proposed_at");--> statement-breakpoint
CREATE INDEX "meetings_held_idx" ON "meetings" USING btree ("held_on");