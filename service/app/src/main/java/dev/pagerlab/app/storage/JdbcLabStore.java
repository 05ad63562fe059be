package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import javax.sql.DataSource;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Labs in a relational database (SQLite, H2 or PostgreSQL; schema in {@code db/migration}, SQLite's in
 * {@code db/sqlite-migration}). Every method commits before it returns, so journal rows are durable when
 * {@link #appendAll} returns. A journal row holds a run of a lab's consecutive operations ({@link JournalRow}): what
 * one commit appended for the lab, or a stretch of a compacted history.
 */
final class JdbcLabStore implements LabStore {

    /**
     * Journal rows fetched at a time on replay: bounded memory for a journal of any length (a row holds at most
     * {@link JournalRow#MAX_BYTES} bytes).
     */
    private static final int FETCH = 200;

    private final JdbcClient jdbc;
    private final JdbcTemplate streaming;
    private final TransactionTemplate transactions;
    private final StoredFormat format = new StoredFormat();
    /** Times as INTEGER microseconds since 1970 (SQLite) instead of TIMESTAMP WITH TIME ZONE. */
    private final boolean sqlite;

    JdbcLabStore(DataSource dataSource, PlatformTransactionManager transactionManager) {
        this.jdbc = JdbcClient.create(dataSource);
        this.streaming = new JdbcTemplate(dataSource);
        this.streaming.setFetchSize(FETCH);
        this.transactions = new TransactionTemplate(transactionManager);
        this.sqlite = Sqlite.is(dataSource);
    }

    @Override
    public List<StoredLab> labs() {
        return jdbc.sql("SELECT id, label, config, created_at, last_used_at, events_base, compacted_through,"
                        + " compaction_tried_at FROM lab ORDER BY created_at, id")
                .query((rs, row) -> new StoredLab(rs.getString(1), rs.getString(2), format.readConfig(rs.getString(3)),
                        time(rs, 4), time(rs, 5), rs.getLong(6), rs.getLong(7),
                        rs.getLong(8)))
                .list();
    }

    @Override
    public void create(StoredLab lab) {
        jdbc.sql("INSERT INTO lab (id, label, config, created_at, last_used_at, events_base, compacted_through,"
                        + " compaction_tried_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                .params(lab.id(), lab.label(), format.write(lab.config()), utc(lab.createdAt()),
                        utc(lab.lastUsedAt()), lab.eventsBase(), lab.compactedThrough(), lab.compactionTriedAt())
                .update();
    }

    @Override
    public void appendAll(List<Append> appends) {
        List<JournalRow> rows = JournalRow.of(appends, format);
        if (rows.size() == 1) {
            // A lone request's row: one statement is its own transaction (the pool's connections commit each
            // statement), without a transaction's begin, commit and clean-up around it, which cost SQLite as much
            // as the insert.
            insert(rows);
            return;
        }
        // One statement batch in one transaction: one commit (one SQLite or PostgreSQL log flush, one H2 chunk) for
        // them all.
        transactions.executeWithoutResult(status -> insert(rows));
    }

    private void insert(List<JournalRow> rows) {
        streaming.batchUpdate("INSERT INTO lab_journal (lab_id, first_seq, last_seq, packed) VALUES (?, ?, ?, ?)",
                rows, rows.size(), (statement, row) -> {
                    statement.setString(1, row.labId());
                    statement.setLong(2, row.firstSeq());
                    statement.setLong(3, row.lastSeq());
                    statement.setBytes(4, row.packed());
                });
    }

    @Override
    public void operations(String labId, Consumer<Operation> each) {
        // One ordered query, streamed: a read-only transaction lets the PostgreSQL driver use a cursor of FETCH rows
        // instead of holding the whole journal in memory; SQLite and H2 read it along the primary key.
        long[] next = {1};
        transactions.executeWithoutResult(status -> streaming.query(
                "SELECT first_seq, last_seq, packed, operations FROM lab_journal WHERE lab_id = ? ORDER BY first_seq",
                (RowCallbackHandler) rs -> {
                    long first = rs.getLong(1);
                    long last = rs.getLong(2);
                    List<Operation> operations;
                    try {
                        operations = format.readRow(rs.getBytes(3), rs.getString(4), last - first + 1);
                    } catch (RuntimeException unreadable) {
                        // Written by another version or damaged: this lab is not served, the others are.
                        throw new LabStorage.ReplayMismatch("lab " + labId + ": journal row " + first + ".." + last
                                + " cannot be read: " + unreadable.getMessage());
                    }
                    // A gap or an overlap would replay another history than the one acknowledged: refuse the lab.
                    if (first != next[0] || last - first + 1 != operations.size()) {
                        throw new LabStorage.ReplayMismatch("lab " + labId + ": journal row " + first + ".." + last
                                + " holds " + operations.size() + " operations where operation " + next[0]
                                + " comes next");
                    }
                    operations.forEach(each);
                    next[0] = last + 1;
                }, labId));
    }

    @Override
    public void lastUsed(Map<String, Instant> times) {
        times.forEach((id, time) -> jdbc.sql("UPDATE lab SET last_used_at = ? WHERE id = ? AND last_used_at < ?")
                .params(utc(time), id, utc(time))
                .update());
    }

    @Override
    public void delete(String labId) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM lab_journal WHERE lab_id = ?").param(labId).update();
            jdbc.sql("DELETE FROM lab WHERE id = ?").param(labId).update();
        });
    }

    @Override
    public void compact(String labId, List<Operation> operations, long eventsBase) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM lab_journal WHERE lab_id = ?").param(labId).update();
            insert(JournalRow.of(List.of(new Append(labId, 1, operations)), format));
            jdbc.sql("UPDATE lab SET events_base = ?, compacted_through = ?, compaction_tried_at = ? WHERE id = ?")
                    .params(eventsBase, operations.size(), operations.size(), labId).update();
        });
    }

    @Override
    public void compactionTried(String labId, long length) {
        jdbc.sql("UPDATE lab SET compaction_tried_at = ? WHERE id = ?").params(length, labId).update();
    }

    @Override
    public void reset(String labId, long eventsBase) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM lab_journal WHERE lab_id = ?").param(labId).update();
            jdbc.sql("UPDATE lab SET events_base = ?, compacted_through = 0, compaction_tried_at = 0 WHERE id = ?")
                    .params(eventsBase, labId).update();
        });
    }

    /** {@code time} as this database stores it: microseconds are what H2 and PostgreSQL keep too. */
    private Object utc(Instant time) {
        return sqlite ? ChronoUnit.MICROS.between(Instant.EPOCH, time) : time.atOffset(ZoneOffset.UTC);
    }

    private Instant time(ResultSet rs, int column) throws SQLException {
        return sqlite ? Instant.EPOCH.plus(rs.getLong(column), ChronoUnit.MICROS)
                : rs.getObject(column, OffsetDateTime.class).toInstant();
    }
}
