package dev.pagerlab.engine.model;

/**
 * How the pager answered a fault. Every case but {@link Resolved} and {@link Reflected} stopped the thread.
 */
public sealed interface FaultResolution {

    /** The API's outcome name, such as {@code RESOLVED}. */
    String outcome();

    /** A mapping was found and installed in the thread's address space. */
    record Resolved(Mapping mapping) implements FaultResolution {
        @Override
        public String outcome() {
            return "RESOLVED";
        }
    }

    /**
     * The fault was reflected to the fault handler of {@code regionMap}, where the lookup failed; the thread waits
     * in its faulter queue. {@code cause} is what the outcome would have been without a handler.
     */
    record Reflected(RegionMapId regionMap, Fault fault, Cause cause) implements FaultResolution {
        @Override
        public String outcome() {
            return "REFLECTED";
        }
    }

    /** An outcome that stopped the thread: where the lookup failed, and the fault in that region map's terms. */
    sealed interface Stopped extends FaultResolution permits NoRegion, WriteViolation, ExecViolation, RecursionLimit {
        RegionMapId regionMap();

        Fault fault();
    }

    /** No region at the address in {@code regionMap}, which has no fault handler. */
    record NoRegion(RegionMapId regionMap, Fault fault) implements Stopped {
        @Override
        public String outcome() {
            return Cause.NO_REGION.name();
        }
    }

    /** A write where some level denies writing, and the region map there has no fault handler. */
    record WriteViolation(RegionMapId regionMap, Fault fault) implements Stopped {
        @Override
        public String outcome() {
            return Cause.WRITE_VIOLATION.name();
        }
    }

    /** An execution where some level denies it, and the region map there has no fault handler. */
    record ExecViolation(RegionMapId regionMap, Fault fault) implements Stopped {
        @Override
        public String outcome() {
            return Cause.EXEC_VIOLATION.name();
        }
    }

    /** Nesting deeper than the recursion limit, for example a region map attached into itself. */
    record RecursionLimit(RegionMapId regionMap, Fault fault) implements Stopped {
        @Override
        public String outcome() {
            return "RECURSION_LIMIT";
        }
    }

    /** Why a lookup failed at a region map. */
    enum Cause {
        NO_REGION, WRITE_VIOLATION, EXEC_VIOLATION
    }
}
