package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.platform.MapSizeConstraint;
import dev.pagerlab.engine.platform.PlatformProfile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * A random lab driven by random operations: nested and self-attached region maps, RAM and I/O memory with odd
 * offsets, handlers coming and going, threads faulting anywhere. Refused operations are part of the mix.
 *
 * <p>Public (in the engine's test-jar) so that the scenario module's export round trip runs over the same labs.
 */
public final class RandomScenario {

    /** A fault that happened, with the oracle taken just before it. */
    record FaultStep(RegionMapId addressSpace, Addr addr, Access access, BruteForcePager before, FaultReport report) {
    }

    private static final List<PlatformProfile> PLATFORMS = new ArrayList<>(PlatformProfile.builtIns());

    static {
        PLATFORMS.add(new PlatformProfile("custom-16k", Log2.of(14), 64, MapSizeConstraint.PageSizes.of(14, 16, 21),
                "16K pages"));
        PLATFORMS.add(new PlatformProfile("custom-flex18", Log2.of(12), 64,
                new MapSizeConstraint.Flexpage(Log2.of(18)), "flexpages up to 2^18"));
    }

    final Random random;
    final Lab lab;
    final PlatformProfile platform;
    final long page;
    final RegionMapId addressSpace;
    final List<RegionMapId> subs = new ArrayList<>();
    final List<DataspaceId> leaves = new ArrayList<>();
    final List<ThreadId> threads = new ArrayList<>();
    final List<HandlerId> handlers = new ArrayList<>();
    /** Installed mappings per address space as the events tell them. */
    final Map<RegionMapId, Set<Mapping>> mappingsFromEvents = new HashMap<>();

    /** A fresh random lab with a few region maps, dataspaces, a handler and a thread. */
    public RandomScenario(Random random) {
        this.random = random;
        this.platform = PLATFORMS.get(random.nextInt(PLATFORMS.size()));
        this.page = 1L << platform.pageSize().value();
        this.lab = Lab.create(LabConfig.of(platform), this::record).orThrow();
        long asSize = random.nextBoolean() ? 1L << (22 + random.nextInt(10)) : page * (1 + random.nextInt(1 << 16));
        this.addressSpace = lab.createRegionMap(Size.of(asSize), "as").orThrow().id();
        int subCount = 1 + random.nextInt(3);
        for (int i = 0; i < subCount; i++) {
            subs.add(lab.createRegionMap(Size.of(randomSize(16, 23)), "sub").orThrow().id());
        }
        for (int i = 0; i < 3; i++) {
            allocateRam();
        }
        handlers.add(lab.createFaultHandler("h").orThrow().id());
        threads.add(lab.createThread(addressSpace, "").orThrow().id());
    }

    private void record(LabEvent event) {
        switch (event) {
            case LabEvent.MappingInstalled(RegionMapId as, ThreadId t, Mapping m) ->
                    mappingsFromEvents.computeIfAbsent(as, k -> new HashSet<>()).add(m);
            case LabEvent.MappingFlushed(RegionMapId as, Mapping m) ->
                    mappingsFromEvents.computeIfAbsent(as, k -> new HashSet<>()).remove(m);
            default -> { }
        }
    }

    List<RegionMapId> regionMaps() {
        List<RegionMapId> all = new ArrayList<>(subs);
        all.addFirst(addressSpace);
        return all;
    }

    /** Page-aligned: either a power of two between the page and 2^maxLog2, or a few pages. */
    private long randomSize(int pagesLog2Max, int maxLog2) {
        if (random.nextBoolean()) {
            return 1L << (platform.pageSize().value() + random.nextInt(maxLog2 - platform.pageSize().value() + 1));
        }
        return page * (1 + random.nextInt(1 << Math.min(pagesLog2Max, 5)));
    }

    private <T> T pick(List<T> from) {
        return from.get(random.nextInt(from.size()));
    }

    /** The lab being driven. */
    public Lab lab() {
        return lab;
    }

    /** The configuration the lab was created with. */
    public LabConfig config() {
        return LabConfig.of(platform);
    }

    /** One random operation; answers the fault step when the operation was a fault. */
    public Optional<FaultStep> step() {
        int dice = random.nextInt(100);
        if (dice < 40) {
            return fault();
        } else if (dice < 60) {
            attach(pick(leaves));
        } else if (dice < 70) {
            attach(lab.regionMap(pick(subs)).map(v -> v.dataspace()).orElseThrow());
        } else if (dice < 76) {
            allocateRam();
        } else if (dice < 78) {
            lab.allocateIoMem(Addr.of(page * random.nextInt(1 << 20)), new DataspaceRequest(Size.of(randomSize(4, 22)),
                    random.nextBoolean(), Cache.UNCACHED)).map(v -> leaves.add(v.id()));
        } else if (dice < 87) {
            detach();
        } else if (dice < 92) {
            RegionMapId rm = pick(regionMaps());
            if (random.nextBoolean()) {
                lab.setFaultHandler(rm, pick(handlers));
            } else {
                lab.clearFaultHandler(rm);
            }
        } else if (dice < 95) {
            if (leaves.size() > 1) {
                lab.destroyDataspace(leaves.remove(random.nextInt(leaves.size()))).orThrow();
            }
        } else if (dice < 96) {
            if (subs.size() > 1) {
                lab.destroyRegionMap(subs.remove(random.nextInt(subs.size()))).orThrow();
            }
        } else {
            threads.add(lab.createThread(addressSpace, "").orThrow().id());
        }
        return Optional.empty();
    }

    private void allocateRam() {
        lab.allocateRam(new DataspaceRequest(Size.of(randomSize(4, 23)), random.nextInt(4) > 0, Cache.CACHED))
                .map(v -> leaves.add(v.id()));
    }

    private void attach(DataspaceId ds) {
        RegionMapId into = pick(regionMaps());
        long dsSize = lab.dataspace(ds).orElseThrow().size().value();
        long dsPages = dsSize / page;
        long offset = random.nextInt(3) == 0 ? page * (long) random.nextInt((int) Math.min(dsPages, 1 << 20)) : 0;
        long size = random.nextInt(3) == 0 ? page * (1 + random.nextInt((int) Math.min(dsPages, 1 << 20))) : 0;
        AttachRequest request = new AttachRequest(ds, Size.of(size), Size.of(offset), Optional.empty(),
                new Rights(random.nextInt(4) > 0, random.nextBoolean()));
        if (random.nextBoolean()) {
            long rmSize = lab.regionMap(into).orElseThrow().size().value();
            long align = random.nextBoolean() ? page : 1L << (platform.pageSize().value() + random.nextInt(10));
            long slots = Math.max(1, rmSize / align);
            request = request.at(Addr.of(align * (long) random.nextInt((int) Math.min(slots, 1 << 24))));
        }
        Result<?> attached = lab.attach(into, request);
        if (attached instanceof Result.Refused<?>(var failure)) {
            if (!Set.of("REGION_CONFLICT", "INVALID_ARGUMENTS", "QUOTA_EXCEEDED").contains(failure.code().name())) {
                throw new AssertionError("unexpected refusal " + failure);
            }
        }
    }

    private void detach() {
        RegionMapId from = pick(regionMaps());
        List<RegionView> regions = lab.regions(from).orThrow();
        if (!regions.isEmpty()) {
            RegionView victim = pick(regions);
            long inside = victim.at().value() + (long) (random.nextDouble() * victim.size().value()) / page * page;
            lab.detach(from, Addr.of(inside)).orThrow();
        }
    }

    private Optional<FaultStep> fault() {
        ThreadId thread = threads.stream().filter(t -> lab.thread(t).orElseThrow().state() == ThreadState.RUNNING)
                .findAny().orElseGet(() -> {
                    ThreadId fresh = lab.createThread(addressSpace, "").orThrow().id();
                    threads.add(fresh);
                    return fresh;
                });
        List<RegionView> regions = lab.regions(addressSpace).orThrow();
        long asSize = lab.regionMap(addressSpace).orElseThrow().size().value();
        long addr;
        if (!regions.isEmpty() && random.nextInt(5) > 0) {
            RegionView target = pick(regions);
            addr = target.at().value() + (long) (random.nextDouble() * target.size().value());
        } else {
            addr = (long) (random.nextDouble() * asSize);
        }
        Access access = Access.values()[random.nextInt(3)];
        BruteForcePager before = new BruteForcePager(lab);
        FaultReport report = lab.fault(thread, Addr.of(addr), access, Explain.NO_TRACE).orThrow();
        return Optional.of(new FaultStep(addressSpace, Addr.of(addr), access, before, report));
    }

    /** The page around {@code addr} on this platform. */
    AddrRange pageAround(Addr addr) {
        return dev.pagerlab.engine.addr.Log2Range.around(addr, platform.pageSize()).range();
    }
}
