package dev.pagerlab.app.storage;

import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Operation;
import org.jspecify.annotations.Nullable;

/**
 * A lab's listener that journals each accepted operation before anything else hears of it: it is called under the
 * lab's lock, so the journal's order is the lab's order, and the next listener (the lab's streams, which publish an
 * operation's events on {@code accepted}) sees it only once it is durable. While the lab is rebuilt from its
 * journal nothing is written and live-only listeners (metrics) are not told.
 */
public final class Journal implements LabEventListener {

    private final String labId;
    private final LabStore store;
    private LabEventListener next = LabEventListener.NONE;
    private volatile boolean replaying;
    private volatile boolean quiet;
    private volatile boolean retired;
    private volatile @Nullable StorageUnavailableException broken;

    private final Runnable used;

    Journal(String labId, LabStore store, Runnable used) {
        this.labId = labId;
        this.store = store;
        this.used = used;
    }

    /** {@code listener}, silenced while the journal is replayed: for what must count live operations only. */
    public LabEventListener live(LabEventListener listener) {
        return event -> {
            if (!replaying) {
                listener.on(event);
            }
        };
    }

    /** This journal in front of {@code listener}: the listener to create the lab with. */
    public LabEventListener before(LabEventListener listener) {
        this.next = listener;
        return this;
    }

    void replaying(boolean on) {
        replaying = on;
    }

    /**
     * While on, the lab's events go nowhere: for operations of a compacted history, which rebuild the lab but are not
     * the operations whose events the streams handed out (their ids are accounted for in {@code events_base}).
     */
    void quiet(boolean on) {
        quiet = on;
    }

    /** A reset gave the lab a new journal: what the old lab still does is not the lab's history any more. */
    void retire() {
        retired = true;
    }

    /** Why the lab cannot be used until a restart, if its journal failed; null while all is well. */
    @Nullable StorageUnavailableException broken() {
        return broken;
    }

    @Override
    public void on(LabEvent event) {
        if (!quiet) {
            next.on(event);
        }
    }

    @Override
    public void accepted(long sequence, Operation operation) {
        if (!replaying && !retired) {
            if (broken != null) {
                throw broken;
            }
            try {
                store.append(labId, sequence, operation);
                used.run();
            } catch (RuntimeException e) {
                broken = new StorageUnavailableException("the journal of lab " + labId + " did not take operation "
                        + sequence + "; the lab is unavailable until the service restarts", e);
                throw broken;
            }
        }
        next.accepted(sequence, operation);
    }
}
