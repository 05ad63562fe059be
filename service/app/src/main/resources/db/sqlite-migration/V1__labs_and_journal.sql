-- The schema of db/migration (H2, PostgreSQL) as of its V4, for the embedded SQLite default: the same tables and
-- columns, so that the same statements serve all three. SQLite differs in two ways only: times are INTEGER
-- microseconds since 1970 (its driver has no time-zone-aware type), and the journal is a WITHOUT ROWID table, whose
-- primary key is the table itself, so a commit writes one B-tree instead of a table and an index.
-- A later change to the schema gets a migration here as well as there.

-- A lab's metadata: what it was created with (config: platform, physical memory, quotas, as JSON), when it was
-- last used, and what its journal does not say (see db/migration V1 and V2).
CREATE TABLE lab (
    id                  VARCHAR(64)   NOT NULL PRIMARY KEY,
    label               VARCHAR(400)  NOT NULL,
    config              VARCHAR(4000) NOT NULL,
    created_at          INTEGER       NOT NULL,
    last_used_at        INTEGER       NOT NULL,
    events_base         BIGINT        NOT NULL DEFAULT 0,
    compacted_through   BIGINT        NOT NULL DEFAULT 0,
    compaction_tried_at BIGINT        NOT NULL DEFAULT 0
);

-- Each lab's accepted operations first_seq..last_seq, one row per commit and lab: packed bytes, or JSON text
-- (rows imported from an H2 file written before V4 there).
CREATE TABLE lab_journal (
    lab_id     VARCHAR(64) NOT NULL REFERENCES lab (id) ON DELETE CASCADE,
    first_seq  BIGINT      NOT NULL,
    last_seq   BIGINT      NOT NULL,
    operations TEXT,
    packed     BLOB,
    PRIMARY KEY (lab_id, first_seq),
    CHECK (last_seq >= first_seq),
    CONSTRAINT lab_journal_one_form CHECK ((operations IS NULL) <> (packed IS NULL))
) WITHOUT ROWID;
