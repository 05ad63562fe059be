package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.ThreadView;
import org.jspecify.annotations.Nullable;

/**
 * A thread and its pager object (Genode's {@code Rm_client}): runs in one address space and, while faulted, waits in
 * the queue of the region map where its fault was reflected (that region map's {@code Rm_faulter}).
 */
final class PagedThread {

    final ThreadId id;
    final String name;
    final RegionMap addressSpace;
    ThreadState state = ThreadState.RUNNING;
    /** The access that faulted, in the address space's coordinates: what a wake-up executes again. */
    @Nullable Fault pendingAccess;
    /** Where the thread waits, and its fault there, in that region map's coordinates. */
    @Nullable RegionMap waitingAt;
    @Nullable Fault waitingFault;
    @Nullable String stopReason;

    PagedThread(ThreadId id, String name, RegionMap addressSpace) {
        this.id = id;
        this.name = name;
        this.addressSpace = addressSpace;
    }

    ThreadView view() {
        return new ThreadView(id, name, addressSpace.id, state, waitingAt == null ? null : waitingAt.id, waitingFault,
                stopReason);
    }
}
