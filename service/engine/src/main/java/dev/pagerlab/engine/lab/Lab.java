package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.event.LabEvent;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Attached;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.DataspaceView;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.HandlerView;
import dev.pagerlab.engine.model.LabSummary;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.RegionMapView;
import dev.pagerlab.engine.model.RegionView;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.Revoked;
import dev.pagerlab.engine.model.Signal;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.model.TraceStep;
import dev.pagerlab.engine.platform.PlatformProfile;
import dev.pagerlab.engine.platform.Revocation;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * One simulated machine: a platform, physical memory, and the dataspaces, region maps, threads and fault handlers
 * created in it. The engine's only entry point.
 *
 * <p>Every operation is atomic with respect to the others (one lock per lab; labs are independent). A refused
 * operation changes nothing. Events reach the listener in the order they happen, while the lock is held.
 */
public final class Lab {

    private final PlatformProfile platform;
    private final Quotas quotas;
    private final PhysicalMemory ram;
    private final Pager pager;
    /** Every installed mapping of every address space, as primitive columns. */
    private final MappingTable installed = new MappingTable();
    /** The installed mappings by physical address, kept on platforms that revoke by physical range. */
    private final PhysicalIndex physical = new PhysicalIndex(installed);
    private final LabEventListener listener;
    /**
     * Whether anyone hears the events: without a listener the fault path builds neither events nor the operation
     * value for {@link LabEventListener#accepted}.
     */
    private final boolean listening;
    private final ReentrantLock lock = new ReentrantLock();

    // Insertion order is id order, which the API promises for listings.
    private final Map<DataspaceId, Dataspace> dataspaces = new LinkedHashMap<>();
    private final Map<RegionMapId, RegionMap> regionMaps = new LinkedHashMap<>();
    private final Map<ThreadId, PagedThread> threads = new LinkedHashMap<>();
    private final Map<HandlerId, FaultHandler> handlers = new LinkedHashMap<>();
    private int nextDataspace = 1;
    private int nextRegionMap = 1;
    private int nextThread = 1;
    private int nextHandler = 1;
    private int regionCount;
    private int mappingCount;
    private int leafDataspaces;
    private final OperationLog history = new OperationLog();
    /**
     * While a fault's events are not built ({@link LabEventListener#wantsFaultEvents} said no), the mappings it has
     * flushed so far, told to the listener instead of their events; -1 otherwise.
     */
    private int unheardFlushes = -1;
    /** {@link #forget} as a consumer made once, so that flushing an address space's range allocates nothing. */
    private final IntConsumer forget = this::forget;
    /** {@link #flush} as a consumer made once. */
    private final IntConsumer flush = this::flush;

    private Lab(LabConfig config, LabEventListener listener) {
        this.platform = config.platform();
        this.quotas = config.quotas();
        this.ram = new PhysicalMemory(config.physicalMemory(), platform.pageSize());
        this.pager = new Pager(platform);
        this.listener = listener;
        this.listening = listener != LabEventListener.NONE;
    }

    /**
     * A new, empty lab; refused when the physical memory is not page-aligned or does not fit the platform's
     * address width.
     */
    public static Result<Lab> create(LabConfig config, LabEventListener listener) {
        PlatformProfile p = config.platform();
        AddrRange mem = config.physicalMemory();
        if (!mem.valid() || !mem.start().alignedTo(p.pageSize())
                || ((mem.last() + 1) & p.pageSize().lowMask()) != 0) {
            return Result.refused(Code.INVALID_ARGUMENTS, "physical memory " + mem + " must be whole pages of 2^"
                    + p.pageSize());
        }
        if (!mem.end().fitsBits(p.addressBits())) {
            return Result.refused(Code.VALIDATION_FAILED, "physical memory " + mem + " does not fit "
                    + p.addressBits() + "-bit addresses of " + p.name());
        }
        return Result.ok(new Lab(config, listener));
    }

    /** The platform this lab simulates. */
    public PlatformProfile platform() {
        return platform;
    }

    /** The limits of this lab. */
    public Quotas quotas() {
        return quotas;
    }

    // ---------------------------------------------------------------- dataspaces

    /** Allocates a RAM dataspace from physical memory (docs/concepts.md, "Dataspaces"): naturally aligned first, lowest address. */
    public Result<DataspaceView> allocateRam(DataspaceRequest request) {
        return recorded(new Operation.AllocateRam(request), () -> {
            Result<Size> size = leafDataspaceSize(request.size());
            if (size instanceof Result.Refused<Size>(var failure)) {
                return new Result.Refused<>(failure);
            }
            Size pages = size.orThrow();
            Optional<Addr> base = ram.allocate(pages);
            if (base.isEmpty()) {
                return Result.refused(Code.OUT_OF_RAM, "no free " + pages + " bytes left in physical memory "
                        + ram.range() + " (" + ram.inUse() + " in use)");
            }
            return Result.ok(register(pages, request, new Backing.Ram(base.get())));
        });
    }

    /** Creates an I/O-memory dataspace over the caller's physical range, which must be page-aligned and addressable. */
    public Result<DataspaceView> allocateIoMem(Addr physAddr, DataspaceRequest request) {
        return recorded(new Operation.AllocateIoMem(physAddr, request), () -> {
            Result<Size> size = leafDataspaceSize(request.size());
            if (size instanceof Result.Refused<Size>(var failure)) {
                return new Result.Refused<>(failure);
            }
            if (!physAddr.alignedTo(platform.pageSize())) {
                return Result.refused(Code.INVALID_ARGUMENTS, "physAddr " + physAddr + " is not page-aligned");
            }
            AddrRange range = AddrRange.of(physAddr, size.orThrow());
            if (!range.valid() || !range.end().fitsBits(platform.addressBits())) {
                return Result.refused(Code.VALIDATION_FAILED, "I/O memory at " + physAddr + " of " + size.orThrow()
                        + " bytes does not fit " + platform.addressBits() + "-bit physical addresses");
            }
            if (request.cache() == Cache.CACHED) {
                return Result.refused(Code.INVALID_ARGUMENTS, "I/O memory is never cached: use UNCACHED (the"
                        + " default) or WRITE_COMBINED");
            }
            if (!ram.claimIo(range)) {
                return Result.refused(Code.PHYS_CONFLICT, "I/O memory " + range + " overlaps the physical range of"
                        + " a live RAM or I/O-memory dataspace");
            }
            return Result.ok(register(size.orThrow(), request, new Backing.IoMem(physAddr)));
        });
    }

    private Result<Size> leafDataspaceSize(Size requested) {
        if (leafDataspaces >= quotas.dataspaces()) {
            return Result.refused(Code.QUOTA_EXCEEDED, "this lab holds its limit of " + quotas.dataspaces()
                    + " dataspaces");
        }
        if (requested.isZero()) {
            return Result.refused(Code.INVALID_ARGUMENTS, "a dataspace needs a size above zero");
        }
        Optional<Size> pages = requested.alignedUp(platform.pageSize());
        if (pages.isEmpty() || !pages.get().fitsBits(platform.addressBits())) {
            return Result.refused(Code.VALIDATION_FAILED, "size " + requested + " does not fit "
                    + platform.addressBits() + "-bit addresses");
        }
        return Result.ok(pages.get());
    }

    private DataspaceView register(Size size, DataspaceRequest request, Backing backing) {
        Cache cache = request.cache() != null ? request.cache()
                : backing instanceof Backing.IoMem ? Cache.UNCACHED : Cache.CACHED;
        Dataspace ds = new Dataspace(new DataspaceId(nextDataspace++), size, request.writable(), cache, backing);
        dataspaces.put(ds.id, ds);
        leafDataspaces++;
        emit(new LabEvent.DataspaceCreated(ds.view()));
        return ds.view();
    }

    /** Every dataspace, by id, managed ones included. */
    public List<DataspaceView> dataspaces() {
        return locked(() -> dataspaces.values().stream().map(Dataspace::view).toList());
    }

    /** The dataspace {@code id}, if it exists. */
    public Optional<DataspaceView> dataspace(DataspaceId id) {
        return locked(() -> Optional.ofNullable(dataspaces.get(id)).map(Dataspace::view));
    }

    /**
     * Frees a RAM or I/O-memory dataspace (docs/fidelity.md, revocation): flushes the mappings of every region that shows it, as a detach
     * would, and leaves those regions reserved until they are detached. A managed dataspace goes with its region
     * map only.
     */
    public Result<DataspaceView> destroyDataspace(DataspaceId id) {
        return recorded(new Operation.DestroyDataspace(id), () -> {
            Dataspace ds = dataspaces.get(id);
            if (ds == null) {
                return Result.refused(Code.NOT_FOUND, "no dataspace " + id);
            }
            if (ds.backing instanceof Backing.Managed(RegionMap rm)) {
                return Result.refused(Code.INVALID_ARGUMENTS, id + " is the managed dataspace of " + rm.id
                        + ": destroy the region map instead");
            }
            for (Region region : ds.attachments()) {
                // Genode's _reserve_and_flush: the core-local address is taken while the region still shows ds.
                Revoked revoked = revoke(region);
                region.markAsReserved();
                emit(new LabEvent.RegionReserved(region.regionMap.id, region.view(), revoked));
            }
            ds.clearAttachments();
            // Not a switch over record patterns: JDK 21's javac (21.0.13) emits stack maps the verifier refuses for
            // one inside this lambda (VerifyError), and the project builds with any JDK from 21 (README; the image
            // too, with BUILDER_IMAGE=pagerlab-builder:21).
            if (ds.backing instanceof Backing.Ram r) {
                ram.free(r.base());
            } else if (ds.backing instanceof Backing.IoMem io) {
                ram.releaseIo(io.base());
            }
            dataspaces.remove(id);
            leafDataspaces--;
            DataspaceView gone = ds.view();
            emit(new LabEvent.DataspaceDestroyed(gone));
            return Result.ok(gone);
        });
    }

    private void detachEverywhere(Dataspace ds) {
        for (Region region : ds.attachments()) {
            removeRegion(region.regionMap, region);
        }
    }

    // ---------------------------------------------------------------- region maps

    /**
     * Creates a region map over {@code [0, size-1]} with its managed dataspace; the size is rounded up to whole pages,
     * as Genode does, and must not be zero.
     */
    public Result<RegionMapView> createRegionMap(Size requested, String label) {
        return recorded(new Operation.CreateRegionMap(requested, label), () -> {
            if (regionMaps.size() >= quotas.regionMaps()) {
                return Result.refused(Code.QUOTA_EXCEEDED, "this lab holds its limit of " + quotas.regionMaps()
                        + " region maps");
            }
            if (requested.isZero()) {
                return Result.refused(Code.INVALID_ARGUMENTS, "a region map needs a size above zero");
            }
            Optional<Size> pages = requested.alignedUp(platform.pageSize());
            if (pages.isEmpty() || !pages.get().fitsBits(platform.addressBits())) {
                return Result.refused(Code.VALIDATION_FAILED, "region map size " + requested + " exceeds the "
                        + platform.addressBits() + "-bit address space of " + platform.name());
            }
            Size size = pages.get();
            RegionMap rm = new RegionMap(new RegionMapId(nextRegionMap++), label, size, installed);
            rm.dataspace = new Dataspace(new DataspaceId(nextDataspace++), size, true,
                    Cache.CACHED, new Backing.Managed(rm));
            regionMaps.put(rm.id, rm);
            dataspaces.put(rm.dataspace.id, rm.dataspace);
            emit(new LabEvent.RegionMapCreated(rm.id));
            emit(new LabEvent.DataspaceCreated(rm.dataspace.view()));
            return Result.ok(rm.view());
        });
    }

    /** Every region map, by id. */
    public List<RegionMapView> regionMaps() {
        return locked(() -> regionMaps.values().stream().map(RegionMap::view).toList());
    }

    /** The region map {@code id}, if it exists. */
    public Optional<RegionMapView> regionMap(RegionMapId id) {
        return locked(() -> Optional.ofNullable(regionMaps.get(id)).map(RegionMap::view));
    }

    /**
     * Destroys a region map (docs/fidelity.md, revocation): detaches its regions and its managed dataspace wherever that is attached, stops
     * the threads running in it and the faulters waiting in its queue.
     */
    public Result<RegionMapView> destroyRegionMap(RegionMapId id) {
        return recorded(new Operation.DestroyRegionMap(id), () -> withRegionMap(id, rm -> {
                RegionMapView gone = rm.view();
                for (Region region : List.copyOf(rm.regions.values())) {
                    removeRegion(rm, region);
                }
                detachEverywhere(rm.dataspace);
                for (PagedThread t : List.copyOf(rm.threads)) {
                    stop(t, "its address space " + id + " was destroyed");
                }
                for (PagedThread t : List.copyOf(rm.faulters)) {
                    stop(t, "region map " + id + " was destroyed while the thread waited in it");
                }
                flushMappings(rm, rm.range());
                regionMaps.remove(id);
                dataspaces.remove(rm.dataspace.id);
                emit(new LabEvent.RegionMapDestroyed(id));
                return Result.ok(gone);
        }));
    }

    /**
     * Attaches a dataspace (docs/concepts.md, "Region maps"): checks the arguments, places the region at {@code at} or at the address best for
     * later mappings, then wakes every faulter of this region map whose fault it covers and retries its fault.
     */
    public Result<Attached> attach(RegionMapId id, AttachRequest request) {
        return recorded(new Operation.Attach(id, request), () -> withRegionMap(id, rm -> {
                Dataspace ds = dataspaces.get(request.dataspace());
                if (ds == null) {
                    return Result.refused(Code.INVALID_DATASPACE, "no dataspace " + request.dataspace());
                }
                if (regionCount >= quotas.regions()) {
                    return Result.refused(Code.QUOTA_EXCEEDED, "this lab holds its limit of " + quotas.regions()
                            + " regions");
                }
                Log2 page = platform.pageSize();
                Size offset = request.offset();
                if (!offset.alignedTo(page) || !ds.size.exceeds(offset)) {
                    return Result.refused(Code.INVALID_ARGUMENTS, "offset " + offset + " must be page-aligned and below"
                            + " the dataspace size " + ds.size);
                }
                Size available = ds.size.minus(offset).orElseThrow();
                Size size;
                if (request.size().isZero()) {
                    size = available;
                } else {
                    Optional<Size> pages = request.size().alignedUp(page);
                    if (pages.isEmpty() || pages.get().exceeds(available)) {
                        return Result.refused(Code.INVALID_ARGUMENTS, "offset " + offset + " + size " + request.size()
                                + " exceeds dataspace " + ds.id + " of " + ds.size + " bytes");
                    }
                    size = pages.get();
                }
                Addr at;
                if (request.at().isPresent()) {
                    at = request.at().get();
                    if (!at.alignedTo(page)) {
                        return Result.refused(Code.INVALID_ARGUMENTS, "at " + at + " is not page-aligned");
                    }
                    AddrRange wanted = AddrRange.of(at, size);
                    if (!rm.range().contains(wanted) || rm.regions.overlapsAny(wanted)) {
                        return Result.refused(Code.REGION_CONFLICT, "[" + at + ", +" + size + ") leaves " + id
                                + " of " + rm.size + " bytes or overlaps a region");
                    }
                } else {
                    OptionalLong best = bestPlace(rm, size, ds.physBase() + offset.value());
                    if (best.isEmpty()) {
                        return Result.refused(Code.REGION_CONFLICT, "no room for " + size + " bytes in " + id);
                    }
                    at = Addr.of(best.getAsLong());
                }
                Region region = new Region(rm, at, size, ds, offset, request.rights());
                rm.regions.put(region.range(), region);
                ds.attached(region);
                regionCount++;
                emit(new LabEvent.RegionAttached(rm.id, region.view()));
                return Result.ok(new Attached(rm.id, region.view(), wakeFaulters(rm, region.range())));
        }));
    }

    /**
     * The lowest address with the strongest alignment the backing store shares (docs/concepts.md, "Region maps"): alignments the physical
     * address of the first shown byte lacks cannot help later mappings, so they are skipped.
     */
    private OptionalLong bestPlace(RegionMap rm, Size size, long firstBytePhys) {
        for (int align = size.log2Floor().value(); align >= platform.pageSize().value(); align--) {
            if ((firstBytePhys & Log2.of(align).lowMask()) != 0) {
                continue;
            }
            OptionalLong at = rm.regions.lowestFit(rm.range(), size, Log2.of(align));
            if (at.isPresent()) {
                return at;
            }
        }
        return OptionalLong.empty();
    }

    private List<FaultReport> wakeFaulters(RegionMap rm, AddrRange covered) {
        List<PagedThread> woken = new ArrayList<>();
        rm.faulters.removeIf(t -> {
            boolean covers = covered.contains(java.util.Objects.requireNonNull(t.waitingFault).addr());
            if (covers) {
                woken.add(t);
            }
            return covers;
        });
        List<FaultReport> retried = new ArrayList<>();
        for (PagedThread t : woken) {
            Fault again = java.util.Objects.requireNonNull(t.pendingAccess);
            t.state = ThreadState.RUNNING;
            t.waitingAt = null;
            t.waitingFault = null;
            t.pendingAccess = null;
            emit(new LabEvent.ThreadResumed(t.id, rm.id));
            retried.add(resolve(t, again.addr().value(), again.type(), Explain.NO_TRACE));
        }
        return retried;
    }

    /** Removes the region that contains {@code addr} and flushes every mapping it made possible (docs/fidelity.md, revocation). */
    public Result<RegionView> detach(RegionMapId id, Addr addr) {
        return recorded(new Operation.Detach(id, addr), () -> withRegionMap(id, rm -> {
                Region region = rm.regions.at(addr.value());
                if (region == null) {
                    return Result.refused(Code.NOT_FOUND, "no region of " + id + " contains " + addr);
                }
                removeRegion(rm, region);
                return Result.ok(region.view());
        }));
    }

    private void removeRegion(RegionMap rm, Region region) {
        rm.regions.remove(region.at().value());
        Dataspace ds = region.dataspace();
        if (ds != null) {
            ds.detached(region);
        }
        regionCount--;
        // Genode's detach frees the region before it flushes, so a lookup during the flush no longer finds it.
        Revoked revoked = revoke(region);
        emit(new LabEvent.RegionDetached(rm.id, region.view(), revoked));
    }

    /**
     * Takes back the mappings {@code region} made possible (docs/fidelity.md, revocation), by the platform's rule: on a path-revoking kernel
     * exactly the mappings resolved through the region (each lists the regions it came through, so the cost is what
     * is flushed, never the number of attachment paths); on a kernel with a mapping database every mapping, in every
     * address space, of the physical frames at the region's core-local address.
     */
    private Revoked revoke(Region region) {
        int before = mappingCount;
        if (region.reserved()) {
            return new Revoked(platform.revocation(), AddrRange.INVALID, 0, "A reserved region shows no dataspace:"
                    + " its mappings were flushed when its dataspace was destroyed.");
        }
        return switch (platform.revocation()) {
            case PATH -> {
                region.flushThrough(installed, flush);
                yield new Revoked(Revocation.PATH, AddrRange.INVALID, before - mappingCount, platform.name()
                        + " unmaps by virtual range: every mapping resolved through this region is flushed, in"
                        + " every address space that sees it; mappings of the same frames made through other"
                        + " regions stay.");
            }
            case PHYSICAL -> {
                OptionalLong coreLocal = coreLocalAddr(region);
                if (coreLocal.isEmpty()) {
                    yield new Revoked(Revocation.PHYSICAL, AddrRange.INVALID, 0, platform.name() + " revokes by"
                            + " physical range, but the managed dataspace shows no leaf dataspace at offset "
                            + region.offset() + " within " + Pager.RECURSION_LIMIT + " levels (no region there,"
                            + " a reserved one, or a cycle): nothing is flushed.");
                }
                long first = coreLocal.getAsLong();
                long last = first + (region.size().value() - 1);
                AddrRange frames = new AddrRange(first, Long.compareUnsigned(last, first) < 0 ? -1L : last);
                for (int slot : physical.overlapping(frames)) {
                    flush(slot);
                }
                yield new Revoked(Revocation.PHYSICAL, frames, before - mappingCount, platform.name() + " has"
                        + " no direct unmap: Genode core flushes the region's core-local range " + frames
                        + ", and the kernel's mapping database revokes every mapping of those frames in every"
                        + " address space, also those made through other regions.");
            }
        };
    }

    /**
     * Genode's {@code _core_local_addr}: for a leaf dataspace its physical base plus the region's offset; for a
     * managed one, that of the region at the offset in the nested region map, recursively. Empty when there is no
     * region there, a reserved one, or no leaf within the recursion limit (a cycle, where Genode would not stop).
     */
    private static OptionalLong coreLocalAddr(Region region) {
        Region g = region;
        for (int level = 1; level <= Pager.RECURSION_LIMIT; level++) {
            Dataspace ds = g.dataspace();
            if (ds == null) {
                return OptionalLong.empty();
            }
            if (!(ds.backing instanceof Backing.Managed(RegionMap nested))) {
                return OptionalLong.of(ds.physBase() + g.offset().value());
            }
            g = nested.regions.at(g.offset().value());
            if (g == null) {
                return OptionalLong.empty();
            }
        }
        return OptionalLong.empty();
    }

    /** Removes the mappings of address space {@code rm} that overlap {@code range}, each with its event. */
    private void flushMappings(RegionMap rm, AddrRange range) {
        rm.mappings.removeOverlapping(range.first(), range.last(), forget);
    }

    /** Removes the installed mapping in {@code slot} from its address space and the indexes, with its event. */
    private void flush(int slot) {
        installed.owner(slot).mappings.remove(installed.virt(slot));
        forget(slot);
    }

    /** Takes a mapping its address space no longer holds out of the other indexes, with its event; frees its slot. */
    private void forget(int slot) {
        if (platform.revocation() == Revocation.PHYSICAL) {
            physical.remove(slot);
        }
        mappingCount--;
        if (unheardFlushes >= 0) {
            unheardFlushes++;
        } else if (listening) {
            emit(new LabEvent.MappingFlushed(installed.owner(slot).id, installed.mapping(slot)));
        }
        installed.free(slot);
    }

    /** The regions of a region map, by address. */
    public Result<List<RegionView>> regions(RegionMapId id) {
        return locked(() -> withRegionMap(id, rm -> Result.ok(rm.regions.values().stream().map(Region::view)
                .toList())));
    }

    /** The region of {@code id} that starts at {@code at}. */
    public Result<RegionView> region(RegionMapId id, Addr at) {
        return locked(() -> {
            RegionMap rm = regionMaps.get(id);
            Region region = rm == null ? null : rm.regions.at(at.value());
            if (region == null || !region.at().equals(at)) {
                return Result.refused(Code.NOT_FOUND, "no region starts at " + at + " in " + id);
            }
            return Result.ok(region.view());
        });
    }

    /** Genode's {@code fault()}: the fault of the first faulter waiting in the region map, or empty for READY. */
    public Result<Optional<Fault>> state(RegionMapId id) {
        return locked(() -> withRegionMap(id, rm -> Result.ok(rm.view().state())));
    }

    /** The mappings installed in the address space {@code id}, by virtual address. */
    public Result<List<Mapping>> mappings(RegionMapId id) {
        return locked(() -> withRegionMap(id, rm -> Result.ok(Arrays.stream(rm.mappings.values())
                .mapToObj(installed::mapping).toList())));
    }

    /** Runs {@code work} on the region map {@code id}; refused with NOT_FOUND when there is none. */
    private <T> Result<T> withRegionMap(RegionMapId id, Function<RegionMap, Result<T>> work) {
        RegionMap rm = regionMaps.get(id);
        return rm == null ? Result.refused(Code.NOT_FOUND, "no region map " + id) : work.apply(rm);
    }

    // ---------------------------------------------------------------- fault handlers

    /** Creates a fault handler (signal context). */
    public Result<HandlerView> createFaultHandler(String label) {
        return recorded(new Operation.CreateFaultHandler(label), () -> {
            if (handlers.size() >= quotas.faultHandlers()) {
                return Result.refused(Code.QUOTA_EXCEEDED, "this lab holds its limit of " + quotas.faultHandlers()
                        + " fault handlers");
            }
            FaultHandler h = new FaultHandler(new HandlerId(nextHandler++), label);
            handlers.put(h.id, h);
            return Result.ok(view(h));
        });
    }

    /** Every fault handler, by id. */
    public List<HandlerView> faultHandlers() {
        return locked(() -> handlers.values().stream().map(this::view).toList());
    }

    /** The fault handler {@code id}, if it exists. */
    public Optional<HandlerView> faultHandler(HandlerId id) {
        return locked(() -> Optional.ofNullable(handlers.get(id)).map(this::view));
    }

    private HandlerView view(FaultHandler h) {
        List<RegionMapId> served = regionMaps.values().stream().filter(rm -> rm.handler == h).map(rm -> rm.id)
                .toList();
        return new HandlerView(h.id, h.label, served, h.submitted, h.undelivered);
    }

    /** Registers {@code handler} at the region map, replacing any earlier one; waiting faulters stay queued. */
    public Result<RegionMapView> setFaultHandler(RegionMapId id, HandlerId handler) {
        return recorded(new Operation.SetFaultHandler(id, handler), () -> withRegionMap(id, rm -> {
                FaultHandler h = handlers.get(handler);
                if (h == null) {
                    return Result.refused(Code.INVALID_HANDLER, "no fault handler " + handler);
                }
                rm.handler = h;
                emit(new LabEvent.FaultHandlerChanged(id, handler));
                return Result.ok(rm.view());
        }));
    }

    /** Removes the region map's fault handler: later failed lookups there stop their threads. */
    public Result<RegionMapView> clearFaultHandler(RegionMapId id) {
        return recorded(new Operation.ClearFaultHandler(id), () -> withRegionMap(id, rm -> {
                rm.handler = null;
                emit(new LabEvent.FaultHandlerChanged(id, null));
                return Result.ok(rm.view());
        }));
    }

    /**
     * Takes the handler's undelivered signals as one delivery, counted as Genode counts them; empty when none wait.
     */
    public Result<Optional<Signal>> deliverSignal(HandlerId id) {
        return locked(() -> {
            FaultHandler h = handlers.get(id);
            if (h == null) {
                return Result.refused(Code.NOT_FOUND, "no fault handler " + id);
            }
            if (h.undelivered == 0 || h.lastSource == null) {
                return Result.ok(Optional.<Signal>empty());
            }
            Signal signal = new Signal(h.id, h.lastSource.id, h.undelivered, h.lastSource.view().state());
            h.undelivered = 0;
            accept(new Operation.DeliverSignal(id));
            return Result.ok(Optional.of(signal));
        });
    }

    // ---------------------------------------------------------------- threads and faults

    /** Creates a running thread whose address space is the region map {@code id}. */
    public Result<ThreadView> createThread(RegionMapId id, String name) {
        return recorded(new Operation.CreateThread(id, name), () -> withRegionMap(id, rm -> {
                if (threads.size() >= quotas.threads()) {
                    return Result.refused(Code.QUOTA_EXCEEDED, "this lab holds its limit of " + quotas.threads()
                            + " threads");
                }
                ThreadId tid = new ThreadId(nextThread++);
                PagedThread t = new PagedThread(tid, name.isEmpty() ? tid.toString() : name, rm);
                threads.put(tid, t);
                rm.threads.add(t);
                emit(new LabEvent.ThreadCreated(tid, id));
                return Result.ok(t.view());
        }));
    }

    /** Every thread, by id, stopped ones included. */
    public List<ThreadView> threads() {
        return locked(() -> threads.values().stream().map(PagedThread::view).toList());
    }

    /** The thread {@code id}, if it exists. */
    public Optional<ThreadView> thread(ThreadId id) {
        return locked(() -> Optional.ofNullable(threads.get(id)).map(PagedThread::view));
    }

    /**
     * A page fault of thread {@code id} (docs/concepts.md, "The best mapping"): resolves it into an installed mapping, reflects it to a fault handler,
     * or stops the thread. Refused for a thread that is not running and for an address the platform cannot name.
     */
    public Result<FaultReport> fault(ThreadId id, Addr addr, Access access, Explain explain) {
        // Not through recorded(): the busiest operation takes the lock itself, so that it allocates no closures,
        // and goes into the history as three primitive columns.
        lock.lock();
        try {
            PagedThread t = threads.get(id);
            Failure refusal = refusal(t, id, addr.value());
            if (refusal != null) {
                return new Result.Refused<>(refusal);
            }
            FaultReport report = resolve(t, addr.value(), access, explain);
            accepted(id, addr.value(), access);
            return Result.ok(report);
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@link #fault(ThreadId, Addr, Access, Explain)} without a trace, for callers that answer many faults in a
     * row: the answer goes into {@code answer}, which the caller reuses, instead of into new objects, so that a
     * resolved fault allocates nothing. Answers whether the fault was accepted; the refusal is in the answer
     * otherwise.
     */
    public boolean fault(ThreadId id, long addr, Access access, FaultAnswer answer) {
        lock.lock();
        try {
            PagedThread t = threads.get(id);
            Failure refusal = refusal(t, id, addr);
            if (refusal != null) {
                answer.refused(refusal);
                return false;
            }
            FaultResolution unresolved = answer(t, addr, access, null);
            if (unresolved == null) {
                Pager.Best best = pager.best();
                answer.resolved(t.state, best.virt, best.phys, best.log2, best.rights, best.ioMem, best.cache);
            } else {
                answer.answered(t.state, unresolved);
            }
            accepted(id, addr, access);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Why a fault of thread {@code t} ({@code id}) at {@code addr} is refused, or null when it is not. */
    private @Nullable Failure refusal(@Nullable PagedThread t, ThreadId id, long addr) {
        if (t == null) {
            return new Failure(Code.NOT_FOUND, "no thread " + id);
        }
        if (t.state != ThreadState.RUNNING) {
            return new Failure(Code.THREAD_NOT_RUNNING, t.id + " is " + t.state
                    + (t.state == ThreadState.STOPPED ? " (" + t.stopReason + ")" : " waiting in "
                    + java.util.Objects.requireNonNull(t.waitingAt).id));
        }
        if (!Addr.of(addr).fitsBits(platform.addressBits())) {
            return new Failure(Code.VALIDATION_FAILED, Addr.of(addr) + " does not fit the "
                    + platform.addressBits() + "-bit addresses of " + platform.name());
        }
        return null;
    }

    /** A fault goes into the history as three primitive columns; the listener gets it as an operation. */
    private void accepted(ThreadId id, long addr, Access access) {
        history.addFault(id.number(), addr, access);
        if (listening) {
            listener.accepted(history.size(), new Operation.SubmitFault(id, Addr.of(addr), access));
        }
    }

    /** A fault answered as a {@link FaultReport}, with its trace when asked for. */
    private FaultReport resolve(PagedThread t, long addr, Access access, Explain explain) {
        List<TraceStep> trace = explain == Explain.TRACE ? new ArrayList<>() : null;
        FaultResolution unresolved = answer(t, addr, access, trace);
        FaultResolution resolution = unresolved != null ? unresolved
                : new FaultResolution.Resolved(pager.best().mapping());
        if (trace == null) {
            return new FaultReport(t.id, t.state, resolution, List.of());
        }
        if (unresolved != null) {
            trace.add(new TraceStep.Verdict(resolution.outcome(), verdictNote(resolution, t)));
        }
        return new FaultReport(t.id, t.state, resolution, trace);
    }

    /**
     * Answers a fault: installs the best mapping and answers null (the mapping stays in {@link Pager#best()}), or
     * reflects the fault to a handler or stops the thread and answers how. Emits the fault's events.
     */
    private @Nullable FaultResolution answer(PagedThread t, long addr, Access access,
                                             @Nullable List<TraceStep> trace) {
        Pager.Lookup lookup = pager.lookup(t.addressSpace, addr, access, trace);
        // The common case first and small, so that it compiles into the caller; the others are out of line.
        if (lookup == Pager.Lookup.Found.FOUND) {
            if (listening && !listener.wantsFaultEvents()) {
                resolveUnheard(t);
                return null;
            }
            install(t, pager.best());
            if (listening) {
                emit(new LabEvent.FaultAnswered(t.id, Addr.of(addr), access,
                        new FaultResolution.Resolved(pager.best().mapping())));
            }
            return null;
        }
        FaultResolution resolution = notFound(t, Addr.of(addr), access, lookup);
        emit(new LabEvent.FaultAnswered(t.id, Addr.of(addr), access, resolution));
        return resolution;
    }

    /** Installs the mapping found for {@code t}'s fault without building its events, and tells the listener so. */
    private void resolveUnheard(PagedThread t) {
        unheardFlushes = 0;
        try {
            install(t, pager.best());
            listener.resolvedUnheard(unheardFlushes, pager.best().log2);
        } finally {
            unheardFlushes = -1;
        }
    }

    /** A lookup that found no mapping: reflect the fault to a handler or stop the thread. */
    private FaultResolution notFound(PagedThread t, Addr addr, Access access, Pager.Lookup lookup) {
        return switch (lookup) {
            case Pager.Lookup.Found found -> throw new IllegalArgumentException("found " + pager.best().mapping());
            case Pager.Lookup.Failed(RegionMap at, Fault fault, Cause cause) ->
                    reflectOrStop(t, new Fault(access, addr), at, fault, cause);
            case Pager.Lookup.TooDeep(RegionMap at, Fault fault) -> {
                stop(t, "nesting deeper than " + Pager.RECURSION_LIMIT + " region maps at " + at.id);
                yield new FaultResolution.RecursionLimit(at.id, fault);
            }
        };
    }

    private static String verdictNote(FaultResolution resolution, PagedThread t) {
        return switch (resolution) {
            case FaultResolution.Reflected r -> r.cause() + " at " + r.regionMap() + ": its fault handler gets a"
                    + " signal and " + t.id + " waits in its faulter queue with " + r.fault().type() + " "
                    + r.fault().addr() + " until an attach covers that address.";
            case FaultResolution.RecursionLimit r -> "Nesting deeper than " + Pager.RECURSION_LIMIT
                    + " region maps (at " + r.regionMap() + "): " + t.id + " stops.";
            default -> resolution.outcome() + ": no fault handler is registered where the lookup failed, so " + t.id
                    + " stops (the classic segmentation fault).";
        };
    }

    /** Step 7: installs the best mapping in the thread's address space, replacing what it overlaps. */
    private void install(PagedThread t, Pager.Best best) {
        RegionMap as = t.addressSpace;
        // A mapping is aligned to its size, so it never wraps.
        long first = best.virt;
        long last = first | ((1L << best.log2) - 1);
        int present = platform.revocation() == Revocation.PHYSICAL ? as.mappings.at(first) : -1;
        if (present >= 0 && installed.holds(present, first, best.phys, best.log2, best.rights, best.ioMem, best.cache)) {
            // A fault on a page whose mapping is installed as it would be again (a fault batch repeats many): the
            // flush and install below would leave the address space as it is (the freed slot is the one reused) and
            // only move the mapping behind others of the same frame in the physical index, which orders a later
            // revocation's flushes; so only that and what they emit is done. Not where revocation goes by path:
            // there a reinstall moves the mapping to the end of its regions' lists instead.
            physical.remove(present);
            physical.add(present);
            if (unheardFlushes >= 0) {
                unheardFlushes++;
            } else if (listening) {
                emit(new LabEvent.MappingFlushed(as.id, installed.mapping(present)));
                emit(new LabEvent.MappingInstalled(as.id, t.id, best.mapping()));
            }
            return;
        }
        as.mappings.removeOverlapping(first, last, forget);
        if (as.mappings.size() >= quotas.mappingsPerAddressSpace()) {
            // A full page table still answers the fault: the lowest-address mapping makes room, as a TLB would.
            int evicted = as.mappings.first();
            if (evicted >= 0) {
                flush(evicted);
            }
        }
        int slot = installed.add(first, best.phys, best.log2, best.rights, best.ioMem, best.cache, as);
        as.mappings.put(first, last, slot);
        // Only the index the platform's revocation rule reads is kept, so each mapping costs one of them.
        if (platform.revocation() == Revocation.PHYSICAL) {
            physical.add(slot);
        } else {
            long handle = installed.handle(slot);
            for (int i = 0; i < best.levels; i++) {
                best.through[i].recordThrough(handle, installed);
            }
        }
        mappingCount++;
        if (listening && unheardFlushes < 0) {
            emit(new LabEvent.MappingInstalled(as.id, t.id, best.mapping()));
        }
    }

    private FaultResolution reflectOrStop(PagedThread t, Fault original, RegionMap at, Fault local, Cause cause) {
        FaultHandler h = at.handler;
        if (h != null) {
            t.state = ThreadState.FAULTED;
            t.pendingAccess = original;
            t.waitingAt = at;
            t.waitingFault = local;
            at.faulters.addLast(t);
            emit(new LabEvent.FaultReflected(t.id, at.id, local));
            h.submit(at);
            emit(new LabEvent.SignalSubmitted(h.id, at.id, h.undelivered));
            return new FaultResolution.Reflected(at.id, local, cause);
        }
        stop(t, cause + " at " + at.id + " (" + local.type() + " " + local.addr()
                + ") and no fault handler registered there");
        return switch (cause) {
            case NO_REGION -> new FaultResolution.NoRegion(at.id, local);
            case WRITE_VIOLATION -> new FaultResolution.WriteViolation(at.id, local);
            case EXEC_VIOLATION -> new FaultResolution.ExecViolation(at.id, local);
        };
    }

    private void stop(PagedThread t, String reason) {
        if (t.state == ThreadState.STOPPED) {
            return;
        }
        if (t.waitingAt != null) {
            t.waitingAt.faulters.remove(t);
        }
        t.state = ThreadState.STOPPED;
        t.waitingAt = null;
        t.waitingFault = null;
        t.pendingAccess = null;
        t.stopReason = reason;
        emit(new LabEvent.ThreadStopped(t.id, reason));
    }

    // ---------------------------------------------------------------- history

    /** How many operations this lab accepted: the length of {@link #history()}, without copying it. */
    public long historyLength() {
        return locked(history::size);
    }

    /** The operations this lab accepted, oldest first; refused ones are not part of it. */
    public List<Operation> history() {
        return locked(history::snapshot);
    }

    /**
     * Runs {@code operation} as the method it names would; replaying another lab's {@link #history()} on a fresh lab
     * of the same configuration builds the same lab.
     */
    public Result<?> apply(Operation operation) {
        return switch (operation) {
            case Operation.AllocateRam(DataspaceRequest request) -> allocateRam(request);
            case Operation.AllocateIoMem(Addr physAddr, DataspaceRequest request) -> allocateIoMem(physAddr, request);
            case Operation.DestroyDataspace(DataspaceId dataspace) -> destroyDataspace(dataspace);
            case Operation.CreateRegionMap(Size size, String label) -> createRegionMap(size, label);
            case Operation.DestroyRegionMap(RegionMapId regionMap) -> destroyRegionMap(regionMap);
            case Operation.Attach(RegionMapId regionMap, AttachRequest request) -> attach(regionMap, request);
            case Operation.Detach(RegionMapId regionMap, Addr addr) -> detach(regionMap, addr);
            case Operation.CreateFaultHandler(String label) -> createFaultHandler(label);
            case Operation.SetFaultHandler(RegionMapId regionMap, HandlerId handler) ->
                    setFaultHandler(regionMap, handler);
            case Operation.ClearFaultHandler(RegionMapId regionMap) -> clearFaultHandler(regionMap);
            case Operation.CreateThread(RegionMapId regionMap, String name) -> createThread(regionMap, name);
            case Operation.SubmitFault(ThreadId thread, Addr addr, Access access) ->
                    fault(thread, addr, access, Explain.NO_TRACE);
            case Operation.DeliverSignal(HandlerId handler) -> deliverSignal(handler);
        };
    }

    /** Runs {@code work} under the lock and, when it is accepted, appends {@code operation} to the history. */
    private <T> Result<T> recorded(Operation operation, Supplier<Result<T>> work) {
        return locked(() -> {
            Result<T> result = work.get();
            if (result instanceof Result.Ok<T>) {
                accept(operation);
            }
            return result;
        });
    }

    private void accept(Operation operation) {
        history.add(operation);
        listener.accepted(history.size(), operation);
    }

    // ---------------------------------------------------------------- the whole lab

    /** Counts of what the lab holds. */
    public LabSummary summary() {
        return locked(() -> new LabSummary(platform.name(), ram.range(), ram.inUse(), dataspaces.size(),
                regionMaps.size(), regionCount, threads.size(), handlers.size(), mappingCount));
    }

    /**
     * Runs {@code work} atomically with respect to every operation of this lab, for a caller that must read several
     * views as one consistent snapshot.
     */
    public <T> T atomically(Supplier<T> work) {
        return locked(work);
    }

    private void emit(LabEvent event) {
        listener.on(event);
    }

    private <T> T locked(Supplier<T> work) {
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
