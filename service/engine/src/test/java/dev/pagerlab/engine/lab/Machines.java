package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;

import java.util.ArrayList;
import java.util.List;

/** A fresh machine of the worked checks of docs/concepts.md and short verbs for building layouts in tests. */
final class Machines {

    final Lab lab;
    final List<LabEvent> events = new ArrayList<>();

    private Machines(String platform, Quotas quotas) {
        PlatformProfile profile = PlatformProfile.builtIn(platform).orElseThrow();
        this.lab = Lab.create(new LabConfig(profile, LabConfig.DEFAULT_PHYSICAL_MEMORY, quotas), events::add)
                .orThrow();
    }

    /** A {@code foc} machine with other limits. */
    static Machines withQuotas(Quotas quotas) {
        return new Machines("foc", quotas);
    }

    /** 4 GiB of physical memory at 0, P = 12, on {@code platform}. */
    static Machines fresh(String platform) {
        return new Machines(platform, Quotas.DEFAULT);
    }

    /** The default machine: {@code foc}. */
    static Machines fresh() {
        return fresh("foc");
    }

    static Addr a(long value) {
        return Addr.of(value);
    }

    static Size s(long value) {
        return Size.of(value);
    }

    DataspaceId ram(long size) {
        return lab.allocateRam(DataspaceRequest.of(s(size))).orThrow().id();
    }

    RegionMapId rm(long size) {
        return lab.createRegionMap(s(size), "").orThrow().id();
    }

    DataspaceId managed(RegionMapId rm) {
        return lab.regionMap(rm).map(RegionMapView::dataspace).orElseThrow();
    }

    RegionView attach(RegionMapId into, AttachRequest request) {
        return lab.attach(into, request).orThrow().region();
    }

    RegionView attach(RegionMapId into, DataspaceId ds) {
        return attach(into, AttachRequest.of(ds));
    }

    ThreadId thread(RegionMapId addressSpace) {
        return lab.createThread(addressSpace, "").orThrow().id();
    }

    HandlerId handlerAt(RegionMapId rm) {
        HandlerId h = lab.createFaultHandler("").orThrow().id();
        lab.setFaultHandler(rm, h).orThrow();
        return h;
    }

    FaultReport read(ThreadId t, long addr) {
        return lab.fault(t, a(addr), Access.READ, Explain.TRACE).orThrow();
    }

    FaultReport write(ThreadId t, long addr) {
        return lab.fault(t, a(addr), Access.WRITE, Explain.TRACE).orThrow();
    }
}
