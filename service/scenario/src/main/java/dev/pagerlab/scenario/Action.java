package dev.pagerlab.scenario;

import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.tlb.MemoryAccess;
import dev.pagerlab.engine.tlb.PagerPolicy;
import dev.pagerlab.engine.tlb.TlbPolicy;
import dev.pagerlab.engine.tlb.TracePattern;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * What a scenario step does, with names where the API has ids. Numbers are unsigned 64-bit bit patterns; an
 * absent optional argument is null.
 */
public sealed interface Action {

    /** The step's key in the document, such as {@code attach}. */
    String key();

    /** {@code dataspace: {name, type, size, physAddr?, writable?, cache?}}. */
    record NewDataspace(String name, boolean ioMem, long size, @Nullable Long physAddr, @Nullable Boolean writable,
                        @Nullable Cache cache) implements Action {
        @Override
        public String key() {
            return "dataspace";
        }
    }

    /** {@code rmSession: {name, size, label?}}. */
    record NewRmSession(String name, long size, @Nullable String label) implements Action {
        @Override
        public String key() {
            return "rmSession";
        }
    }

    /** {@code destroy: {dataspace: n}} or {@code destroy: {rmSession: n}}. */
    record Destroy(boolean rmSession, String name) implements Action {
        @Override
        public String key() {
            return "destroy";
        }
    }

    /** {@code attach: {rmSession, dataspace, size?, offset?, at?, writable?, executable?}}. */
    record Attach(String rmSession, String dataspace, @Nullable Long size, @Nullable Long offset, @Nullable Long at,
                  @Nullable Boolean writable, @Nullable Boolean executable) implements Action {
        @Override
        public String key() {
            return "attach";
        }
    }

    /** {@code detach: {rmSession, addr}}: the region containing {@code addr}. */
    record Detach(String rmSession, long addr) implements Action {
        @Override
        public String key() {
            return "detach";
        }
    }

    /** {@code faultHandler: {name, label?}}. */
    record NewFaultHandler(String name, @Nullable String label) implements Action {
        @Override
        public String key() {
            return "faultHandler";
        }
    }

    /** {@code setFaultHandler: {rmSession, handler}}; a null handler unregisters. */
    record SetFaultHandler(String rmSession, @Nullable String handler) implements Action {
        @Override
        public String key() {
            return "setFaultHandler";
        }
    }

    /** {@code thread: {name, rmSession, label?}}; {@code label} is the thread's name in the lab when it differs. */
    record NewThread(String name, String rmSession, @Nullable String label) implements Action {
        @Override
        public String key() {
            return "thread";
        }
    }

    /** {@code fault: {thread, addr, type}}. */
    record Fault(String thread, long addr, Access type) implements Action {
        @Override
        public String key() {
            return "fault";
        }
    }

    /** {@code deliverSignal: {handler}}: a client takes the handler's pending signals, as the SSE stream does. */
    record DeliverSignal(String handler) implements Action {
        @Override
        public String key() {
            return "deliverSignal";
        }
    }

    /** {@code check: {}}: changes nothing; its answer is the whole state of the lab. */
    record Check() implements Action {
        @Override
        public String key() {
            return "check";
        }
    }

    /**
     * {@code traceRun: {thread, accesses | trace | pattern, tlb?: {entries, policy}, pagers?}}: replays the thread's
     * accesses through a TLB once per pager, on copies of the lab; changes nothing, so it is no part of the history.
     * Exactly one of {@code accesses}, {@code trace} (the text form) and {@code pattern} is given; absent TLB fields
     * and pagers take the trace-run defaults (64 entries, LRU, BEST and SINGLE_PAGE).
     */
    record TraceRun(String thread, @Nullable List<MemoryAccess> accesses, @Nullable String trace,
                    @Nullable Pattern pattern, @Nullable Integer tlbEntries, @Nullable TlbPolicy tlbPolicy,
                    @Nullable List<PagerPolicy> pagers) implements Action {

        /** The lists are copied. */
        public TraceRun {
            accesses = accesses == null ? null : List.copyOf(accesses);
            pagers = pagers == null ? null : List.copyOf(pagers);
        }

        @Override
        public String key() {
            return "traceRun";
        }
    }

    /** A named access pattern ({@code sequential}, {@code strided}, ...) with the parameters the step gives. */
    record Pattern(String name, TracePattern.Parameters parameters) {
    }
}
