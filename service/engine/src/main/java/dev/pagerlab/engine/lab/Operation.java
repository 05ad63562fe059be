package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;

/**
 * A change a lab accepted, with the arguments it was asked with. A lab is deterministic: replaying its
 * {@link Lab#history()} through {@link Lab#apply(Operation)} on a fresh lab of the same {@link LabConfig} builds the
 * same lab, which is what scenario export, journals and "what if" copies rely on.
 */
public sealed interface Operation {

    /** {@link Lab#allocateRam(DataspaceRequest)}. */
    record AllocateRam(DataspaceRequest request) implements Operation {
    }

    /** {@link Lab#allocateIoMem(Addr, DataspaceRequest)}. */
    record AllocateIoMem(Addr physAddr, DataspaceRequest request) implements Operation {
    }

    /** {@link Lab#destroyDataspace(DataspaceId)}. */
    record DestroyDataspace(DataspaceId dataspace) implements Operation {
    }

    /** {@link Lab#createRegionMap(Size, String)}. */
    record CreateRegionMap(Size size, String label) implements Operation {
    }

    /** {@link Lab#destroyRegionMap(RegionMapId)}. */
    record DestroyRegionMap(RegionMapId regionMap) implements Operation {
    }

    /** {@link Lab#attach(RegionMapId, AttachRequest)}. */
    record Attach(RegionMapId regionMap, AttachRequest request) implements Operation {
    }

    /** {@link Lab#detach(RegionMapId, Addr)}. */
    record Detach(RegionMapId regionMap, Addr addr) implements Operation {
    }

    /** {@link Lab#createFaultHandler(String)}. */
    record CreateFaultHandler(String label) implements Operation {
    }

    /** {@link Lab#setFaultHandler(RegionMapId, HandlerId)}. */
    record SetFaultHandler(RegionMapId regionMap, HandlerId handler) implements Operation {
    }

    /** {@link Lab#clearFaultHandler(RegionMapId)}. */
    record ClearFaultHandler(RegionMapId regionMap) implements Operation {
    }

    /** {@link Lab#createThread(RegionMapId, String)}. */
    record CreateThread(RegionMapId regionMap, String name) implements Operation {
    }

    /** {@link Lab#fault(ThreadId, Addr, Access, Explain)}; the trace is not part of the history. */
    record SubmitFault(ThreadId thread, Addr addr, Access access) implements Operation {
    }

    /** {@link Lab#deliverSignal(HandlerId)} that delivered a signal (an empty delivery changes nothing). */
    record DeliverSignal(HandlerId handler) implements Operation {
    }
}
