-- A lab's metadata: what it was created with (config: platform, physical memory, quotas, as JSON) and when it was
-- last used. Its state is not stored: it is the replay of its journal.
CREATE TABLE lab (
    id           VARCHAR(64)  NOT NULL PRIMARY KEY,
    label        VARCHAR(400) NOT NULL,
    config       VARCHAR(4000) NOT NULL,
    created_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Ids of the lab's events stream already handed out before the journal's first operation (by a reset).
    events_base  BIGINT NOT NULL DEFAULT 0
);

-- Each lab's accepted operations in the lab's order (seq = 1, 2, 3, ... as the engine numbers them).
CREATE TABLE lab_operation (
    lab_id    VARCHAR(64)   NOT NULL REFERENCES lab (id) ON DELETE CASCADE,
    seq       BIGINT        NOT NULL,
    operation VARCHAR(4000) NOT NULL,
    PRIMARY KEY (lab_id, seq)
);
