-- Journal rows packed (docs/durability.md, "What is stored"): a row's operations as bytes, a fault in about 6 of them,
-- instead of JSON text, which H2 writes a character at a time and which cost a durable fault batch more than its
-- commit did. New rows fill "packed"; rows written before keep their text in "operations", and replay reads either.
ALTER TABLE lab_journal ADD COLUMN packed BYTEA;
ALTER TABLE lab_journal ALTER COLUMN operations DROP NOT NULL;
ALTER TABLE lab_journal ADD CONSTRAINT lab_journal_one_form CHECK ((operations IS NULL) <> (packed IS NULL));
