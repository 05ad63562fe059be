package dev.pagerlab.app.storage;

import dev.pagerlab.engine.lab.Operation;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** {@code pagerlab.storage=memory}: nothing is kept, so a restart starts with no labs but {@code default}. */
class MemoryLabStore implements LabStore {

    @Override
    public List<StoredLab> labs() {
        return List.of();
    }

    @Override
    public boolean keepsOperations() {
        return false;
    }

    @Override
    public void create(StoredLab lab) {
    }

    @Override
    public void appendAll(List<Append> appends) {
    }

    @Override
    public void operations(String labId, Consumer<Operation> each) {
    }

    @Override
    public void lastUsed(Map<String, Instant> times) {
    }

    @Override
    public void delete(String labId) {
    }

    @Override
    public void compact(String labId, List<Operation> operations, long eventsBase) {
    }

    @Override
    public void compactionTried(String labId, long length) {
    }

    @Override
    public void reset(String labId, long eventsBase) {
    }
}
