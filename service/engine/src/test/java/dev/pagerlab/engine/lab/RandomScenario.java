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
import dev.pagerlab.engine.platform.Revocation;
import dev.pagerlab.engine.model.DataspaceView;

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
        PLATFORMS.add(new PlatformProfile("custom-physical-16k", Log2.of(14), 64,
                MapSizeConstraint.PageSizes.of(14, 16, 20), Revocation.PHYSICAL, "16K pages, mapping database"));
    }

    final Random random;
    final Lab lab;
    final PlatformProfile platform;
    final Quotas quotas;
    final long page;
    final RegionMapId addressSpace;
    final List<RegionMapId> subs = new ArrayList<>();
    final List<DataspaceId> leaves = new ArrayList<>();
    final List<ThreadId> threads = new ArrayList<>();
    final List<HandlerId> handlers = new ArrayList<>();
    /** Installed mappings per address space as the events tell them. */
    final Map<RegionMapId, Set<Mapping>> mappingsFromEvents = new HashMap<>();
    /**
     * After a step that removed regions (detach, destroy of a dataspace or region map): the mappings the brute-force
     * revocation left in every region map, and what the step was; empty after other steps.
     */
    Optional<Map.Entry<String, Map<RegionMapId, Set<Mapping>>>> expectedAfterRemoval = Optional.empty();

    /** A fresh random lab with a few region maps, dataspaces, a handler and a thread. */
    public RandomScenario(Random random) {
        this(random, Quotas.DEFAULT);
    }

    /** A fresh random lab with {@code quotas} (small ones make full page tables evict). */
    public RandomScenario(Random random, Quotas quotas) {
        this.random = random;
        this.platform = PLATFORMS.get(random.nextInt(PLATFORMS.size()));
        this.page = 1L << platform.pageSize().value();
        this.quotas = quotas;
        this.lab = Lab.create(config(), this::record).orThrow();
        long asSize = random.nextBoolean() ? 1L << (22 + random.nextInt(10)) : page * (1 + random.nextInt(1 << 16));
        this.addressSpace = createRegionMap(asSize, "as");
        int subCount = 1 + random.nextInt(3);
        for (int i = 0; i < subCount; i++) {
            subs.add(createRegionMap(randomSize(16, 23), "sub"));
        }
        for (int i = 0; i < 3; i++) {
            allocateRam();
        }
        handlers.add(lab.createFaultHandler("h").orThrow().id());
        threads.add(lab.createThread(addressSpace, "").orThrow().id());
    }

    /** A region map of {@code size} bytes, sometimes asked for with a partial last page (rounded up, docs/concepts.md). */
    private RegionMapId createRegionMap(long size, String label) {
        long asked = random.nextInt(4) == 0 ? size - random.nextInt((int) page) : size;
        var created = lab.createRegionMap(Size.of(asked), label).orThrow();
        if (created.size().value() != size || created.size().value() % page != 0) {
            throw new AssertionError("region map of " + asked + " bytes became " + created.size() + ", not " + size);
        }
        return created.id();
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
        return new LabConfig(platform, LabConfig.DEFAULT_PHYSICAL_MEMORY, quotas);
    }

    /** One random operation; answers the fault step when the operation was a fault. */
    public Optional<FaultStep> step() {
        expectedAfterRemoval = Optional.empty();
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
            allocateIoMem();
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
                DataspaceId victim = leaves.remove(random.nextInt(leaves.size()));
                BruteForceRevocation oracle = new BruteForceRevocation(lab);
                oracle.destroyDataspace(victim);
                lab.destroyDataspace(victim).orThrow();
                expectedAfterRemoval = Optional.of(Map.entry("destroy " + victim, oracle.mappings()));
            }
        } else if (dice < 96) {
            if (subs.size() > 1) {
                RegionMapId victim = subs.remove(random.nextInt(subs.size()));
                BruteForceRevocation oracle = new BruteForceRevocation(lab);
                oracle.destroyRegionMap(victim);
                lab.destroyRegionMap(victim).orThrow();
                expectedAfterRemoval = Optional.of(Map.entry("destroy " + victim, oracle.mappings()));
            }
        } else {
            RegionMapId where = random.nextInt(3) == 0 ? pick(regionMaps()) : addressSpace;
            threads.add(lab.createThread(where, "").orThrow().id());
        }
        return Optional.empty();
    }

    private static final Set<String> IO_REFUSALS = Set.of("PHYS_CONFLICT", "INVALID_ARGUMENTS", "QUOTA_EXCEEDED",
            "VALIDATION_FAILED");

    /** I/O memory anywhere, or right over a live dataspace's frames, with any cache attribute (CACHED is refused). */
    private void allocateIoMem() {
        long phys = page * random.nextInt(1 << 20);
        List<DataspaceId> live = leaves.stream().filter(d -> lab.dataspace(d).isPresent()).toList();
        if (!live.isEmpty() && random.nextBoolean()) {
            phys = lab.dataspace(pick(live)).orElseThrow().physAddr().value() + page * random.nextInt(4);
        }
        Cache[] caches = {null, Cache.UNCACHED, Cache.WRITE_COMBINED, Cache.CACHED};
        Cache cache = caches[random.nextInt(caches.length)];
        Result<DataspaceView> result = lab.allocateIoMem(Addr.of(phys), new DataspaceRequest(
                Size.of(randomSize(4, 22)), random.nextBoolean(), cache));
        switch (result) {
            case Result.Ok<DataspaceView>(var v) -> {
                if (cache == Cache.CACHED || v.cache() != (cache == null ? Cache.UNCACHED : cache)) {
                    throw new AssertionError("I/O memory " + v + " asked " + cache);
                }
                leaves.add(v.id());
            }
            case Result.Refused<DataspaceView>(var failure) -> {
                if (!IO_REFUSALS.contains(failure.code().name())
                        || (cache == Cache.CACHED) != (failure.code().name().equals("INVALID_ARGUMENTS"))) {
                    throw new AssertionError("unexpected refusal " + failure + " for cache " + cache);
                }
            }
        }
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
            BruteForceRevocation oracle = new BruteForceRevocation(lab);
            oracle.detach(from, Addr.of(inside));
            lab.detach(from, Addr.of(inside)).orThrow();
            expectedAfterRemoval = Optional.of(Map.entry("detach " + from + " " + Addr.of(inside),
                    oracle.mappings()));
        }
    }

    private Optional<FaultStep> fault() {
        List<ThreadId> running = threads.stream()
                .filter(t -> lab.thread(t).orElseThrow().state() == ThreadState.RUNNING).toList();
        ThreadId thread = running.isEmpty() ? null : pick(running);
        if (thread == null) {
            thread = lab.createThread(addressSpace, "").orThrow().id();
            threads.add(thread);
        }
        RegionMapId space = lab.thread(thread).orElseThrow().addressSpace();
        List<RegionView> regions = lab.regions(space).orThrow();
        long asSize = lab.regionMap(space).orElseThrow().size().value();
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
        return Optional.of(new FaultStep(space, Addr.of(addr), access, before, report));
    }

    /** The page around {@code addr} on this platform. */
    AddrRange pageAround(Addr addr) {
        return dev.pagerlab.engine.addr.Log2Range.around(addr, platform.pageSize()).range();
    }
}
