-- A prosecutor's work-record note may name residents: kept encrypted with the data key (issue 10). Old clear notes are sealed by the start-up pass (clear-words-migration.ts).
ALTER TABLE "work_records" RENAME COLUMN "note" TO "note_enc";
