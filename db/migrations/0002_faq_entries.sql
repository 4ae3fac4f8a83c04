CREATE TABLE "faq_entries" (
	"id" text PRIMARY KEY NOT NULL,
	"topic" text NOT NULL,
	"question" text NOT NULL,
	"alternatives" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answer" text NOT NULL,
	"sources" jsonb NOT NULL,
	"reviewed_at" timestamp with time zone NOT NULL,
	"reviewed_by" text,
	"review_notes" text,
	"retired_at" timestamp with time zone,
	"retired_by" text,
	"retired_reason" text,
	"revision" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "faq_entries_topic_idx" ON "faq_entries" USING btree ("topic");