CREATE TABLE "lecture_requests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "lecture_requests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"grid_id" integer,
	"group_id" integer,
	"topic" text NOT NULL,
	"preferred" text,
	"requester_id" integer,
	"room_id" text,
	"state" text DEFAULT 'requested' NOT NULL,
	"scheduled_at" timestamp with time zone,
	"speaker" text,
	"place" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_grid_id_grids_id_fk" FOREIGN KEY ("grid_id") REFERENCES "public"."grids"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_group_id_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."groups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lecture_requests" ADD CONSTRAINT "lecture_requests_requester_id_people_id_fk" FOREIGN KEY ("requester_id") REFERENCES "public"."people"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lecture_requests_group_state_idx" ON "lecture_requests" USING btree ("group_id","state");