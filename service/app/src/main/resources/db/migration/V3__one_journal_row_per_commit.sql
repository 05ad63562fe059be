-- One journal row per commit and lab (docs/durability.md, "What is stored"): a row holds the lab's operations
-- first_seq..last_seq, in order, as one JSON array of the stored operation format. A commit of a fault batch thus
-- inserts a few rows instead of one per fault, which is what the database spent its time on.
CREATE TABLE lab_journal (
    lab_id     VARCHAR(64)      NOT NULL REFERENCES lab (id) ON DELETE CASCADE,
    first_seq  BIGINT           NOT NULL,
    last_seq   BIGINT           NOT NULL,
    operations VARCHAR(1000000) NOT NULL,
    PRIMARY KEY (lab_id, first_seq),
    CHECK (last_seq >= first_seq)
);

-- A journal of the previous version, one row per operation, becomes rows of one operation each: the same history.
INSERT INTO lab_journal (lab_id, first_seq, last_seq, operations)
    SELECT lab_id, seq, seq, '[' || operation || ']' FROM lab_operation;

DROP TABLE lab_operation;
