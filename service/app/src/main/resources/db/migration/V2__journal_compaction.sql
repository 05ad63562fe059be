-- A compacted journal (docs/durability.md, "Compaction verified by replay"): its first compacted_through operations
-- rebuild the lab but are not the operations that handed out the events stream's ids, so they are replayed without
-- publishing events, and events_base is the id of the last event handed out before the operation after them.
ALTER TABLE lab ADD COLUMN compacted_through BIGINT NOT NULL DEFAULT 0;
-- The journal's length when a start last tried to compact it: a history that did not compact is tried again only
-- once it has grown by pagerlab.journal.compact-above operations more.
ALTER TABLE lab ADD COLUMN compaction_tried_at BIGINT NOT NULL DEFAULT 0;
