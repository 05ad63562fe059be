package dev.pagerlab.engine.model;

import org.jspecify.annotations.Nullable;

/**
 * A thread as seen from outside. A {@code FAULTED} thread names the region map whose queue it waits in and the
 * fault there ({@code waitingAt}, {@code pendingFault}); a {@code STOPPED} one says why ({@code stopReason}).
 */
public record ThreadView(ThreadId id, String name, RegionMapId addressSpace, ThreadState state,
                         @Nullable RegionMapId waitingAt, @Nullable Fault pendingFault, @Nullable String stopReason) {
}
