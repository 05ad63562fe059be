package dev.pagerlab.engine.event;

import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Revoked;
import dev.pagerlab.engine.model.ThreadId;

/** Something that happened in a lab. */
public sealed interface LabEvent {

    /** The event's name on the wire, such as {@code region-attached}. */
    String kind();

    /** A dataspace was allocated (RAM, I/O memory) or came with a new region map (managed). */
    record DataspaceCreated(DataspaceView dataspace) implements LabEvent {
        @Override
        public String kind() {
            return "dataspace-created";
        }
    }

    /** A dataspace was freed, after being detached everywhere. */
    record DataspaceDestroyed(DataspaceView dataspace) implements LabEvent {
        @Override
        public String kind() {
            return "dataspace-destroyed";
        }
    }

    /** A region map was created. */
    record RegionMapCreated(RegionMapId regionMap) implements LabEvent {
        @Override
        public String kind() {
            return "rm-session-created";
        }
    }

    /** A region map was destroyed. */
    record RegionMapDestroyed(RegionMapId regionMap) implements LabEvent {
        @Override
        public String kind() {
            return "rm-session-destroyed";
        }
    }

    /** A dataspace was attached into a region map. */
    record RegionAttached(RegionMapId regionMap, RegionView region) implements LabEvent {
        @Override
        public String kind() {
            return "region-attached";
        }
    }

    /**
     * A region was detached from a region map; {@code revoked} says how its mappings were taken back (the
     * {@code mapping-flushed} events before this one list them).
     */
    record RegionDetached(RegionMapId regionMap, RegionView region, Revoked revoked) implements LabEvent {
        @Override
        public String kind() {
            return "region-detached";
        }
    }

    /**
     * The dataspace of a region was destroyed: its mappings were flushed as a detach would, and the region stays,
     * reserved, until it is detached ({@code region} is the reserved region).
     */
    record RegionReserved(RegionMapId regionMap, RegionView region, Revoked revoked) implements LabEvent {
        @Override
        public String kind() {
            return "region-reserved";
        }
    }

    /** A mapping was installed in an address space to resolve a thread's fault. */
    record MappingInstalled(RegionMapId addressSpace, ThreadId thread, Mapping mapping) implements LabEvent {
        @Override
        public String kind() {
            return "mapping-installed";
        }
    }

    /** An installed mapping was removed: its region went away, or a new mapping replaced it. */
    record MappingFlushed(RegionMapId addressSpace, Mapping mapping) implements LabEvent {
        @Override
        public String kind() {
            return "mapping-flushed";
        }
    }

    /** A thread's fault was answered (resolved, reflected, or stopped the thread); also for retried faults. */
    record FaultAnswered(ThreadId thread, dev.pagerlab.engine.addr.Addr addr,
                         dev.pagerlab.engine.model.Access access,
                         dev.pagerlab.engine.model.FaultResolution resolution) implements LabEvent {
        @Override
        public String kind() {
            return "fault-answered";
        }
    }

    /** A fault was reflected to the fault handler of a region map; the thread waits in its queue. */
    record FaultReflected(ThreadId thread, RegionMapId regionMap, Fault fault) implements LabEvent {
        @Override
        public String kind() {
            return "fault-reflected";
        }
    }

    /** A signal was submitted to a fault handler; {@code undelivered} counts the ones not yet delivered. */
    record SignalSubmitted(HandlerId handler, RegionMapId regionMap, long undelivered) implements LabEvent {
        @Override
        public String kind() {
            return "signal-submitted";
        }
    }

    /** A fault handler was registered at, or removed from, a region map ({@code handler} null when removed). */
    record FaultHandlerChanged(RegionMapId regionMap, @org.jspecify.annotations.Nullable HandlerId handler)
            implements LabEvent {
        @Override
        public String kind() {
            return "fault-handler-changed";
        }
    }

    /** A thread was created in an address space. */
    record ThreadCreated(ThreadId thread, RegionMapId addressSpace) implements LabEvent {
        @Override
        public String kind() {
            return "thread-created";
        }
    }

    /** A thread stopped for good. */
    record ThreadStopped(ThreadId thread, String reason) implements LabEvent {
        @Override
        public String kind() {
            return "thread-stopped";
        }
    }

    /** A faulted thread was woken by an attach and retries its fault. */
    record ThreadResumed(ThreadId thread, RegionMapId regionMap) implements LabEvent {
        @Override
        public String kind() {
            return "thread-resumed";
        }
    }
}
