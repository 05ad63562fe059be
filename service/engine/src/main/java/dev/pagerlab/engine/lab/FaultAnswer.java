package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadState;
import org.jspecify.annotations.Nullable;

/**
 * The answer to the last fault of {@link Lab#fault(dev.pagerlab.engine.model.ThreadId, long,
 * dev.pagerlab.engine.model.Access, FaultAnswer)}, overwritten by the next: a holder the caller reuses, so that
 * answering a resolved fault makes no objects. The mapping of a resolved fault is kept as plain values;
 * {@link #resolution()} and {@link #mapping()} make values of it on request.
 *
 * <p>Not thread-safe: one holder per caller thread.
 */
public final class FaultAnswer {

    private @Nullable Failure refusal;
    private @Nullable ThreadState threadState;
    /** The outcome when it was not {@code RESOLVED}; null when it was (then the mapping fields hold it). */
    private @Nullable FaultResolution unresolved;
    private long virt;
    private long phys;
    private int log2;
    private Rights rights = Rights.ALL;
    private boolean ioMem;
    private Cache cache = Cache.CACHED;

    /** An empty holder, for the first fault. */
    public FaultAnswer() {
    }

    void refused(Failure failure) {
        refusal = failure;
        threadState = null;
        unresolved = null;
    }

    void resolved(ThreadState state, long virt, long phys, int log2, Rights rights, boolean ioMem, Cache cache) {
        refusal = null;
        threadState = state;
        unresolved = null;
        this.virt = virt;
        this.phys = phys;
        this.log2 = log2;
        this.rights = rights;
        this.ioMem = ioMem;
        this.cache = cache;
    }

    void answered(ThreadState state, FaultResolution resolution) {
        refusal = null;
        threadState = state;
        unresolved = resolution;
    }

    /** Why the fault was refused (nothing changed), or null when it was accepted. */
    public @Nullable Failure refusal() {
        return refusal;
    }

    /** Whether the fault was accepted and resolved: a mapping was installed. */
    public boolean isResolved() {
        return refusal == null && threadState != null && unresolved == null;
    }

    /** The thread's state after an accepted fault. */
    public ThreadState threadState() {
        if (threadState == null) {
            throw new IllegalStateException("no fault was accepted: " + refusal);
        }
        return threadState;
    }

    /** How the accepted fault was answered, as the value {@link Lab#fault} reports. */
    public FaultResolution resolution() {
        threadState();
        return unresolved != null ? unresolved : new FaultResolution.Resolved(mapping());
    }

    /** The virtual address of the installed mapping; valid when {@link #isResolved()}. */
    public long virt() {
        return virt;
    }

    /** The physical address of the installed mapping; valid when {@link #isResolved()}. */
    public long phys() {
        return phys;
    }

    /** The log2 size of the installed mapping; valid when {@link #isResolved()}. */
    public int sizeLog2() {
        return log2;
    }

    /** The rights of the installed mapping; valid when {@link #isResolved()}. */
    public Rights rights() {
        return rights;
    }

    /** Whether the installed mapping is of I/O memory; valid when {@link #isResolved()}. */
    public boolean ioMem() {
        return ioMem;
    }

    /** The caching of the installed mapping; valid when {@link #isResolved()}. */
    public Cache cache() {
        return cache;
    }

    /** The installed mapping as a value; only when {@link #isResolved()}. */
    public Mapping mapping() {
        if (!isResolved()) {
            throw new IllegalStateException("the fault was not resolved");
        }
        return new Mapping(Addr.of(virt), Addr.of(phys), Log2.of(log2), rights, ioMem, cache);
    }
}
