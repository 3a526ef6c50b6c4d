CREATE TABLE "slug_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE INDEX "slug_words_word_trgm_idx" ON "slug_words" USING gin ("word" gin_trgm_ops);--> statement-breakpoint
-- Triggers rather than repository code keep the vocabulary whole whatever inserts the rows (imports, bulk seeds,
-- fixtures, SQL by hand). Statement-level with a transition table: one INSERT per statement, not per row. Slugs are
-- never updated, so inserts are all there is to follow.
CREATE FUNCTION "add_slug_words"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO "slug_words" ("word")
    SELECT DISTINCT w.word FROM new_rows, unnest(string_to_array(new_rows.slug, '-')) AS w(word)
     WHERE w.word <> ''
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER "terms_add_slug_words" AFTER INSERT ON "terms"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "add_slug_words"();
--> statement-breakpoint
CREATE TRIGGER "term_aliases_add_slug_words" AFTER INSERT ON "term_aliases"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "add_slug_words"();
--> statement-breakpoint
INSERT INTO "slug_words" ("word")
  SELECT DISTINCT w.word
    FROM (SELECT "slug" FROM "terms" UNION ALL SELECT "slug" FROM "term_aliases") s,
         unnest(string_to_array(s."slug", '-')) AS w(word)
   WHERE w.word <> ''
  ON CONFLICT DO NOTHING;
