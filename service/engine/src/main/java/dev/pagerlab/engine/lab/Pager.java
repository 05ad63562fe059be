package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Log2Range;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultResolution.Cause;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.TraceStep;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.jspecify.annotations.Nullable;

import java.util.List;

/**
 * Finds the best mapping for a fault (docs/concepts.md, "The best mapping"): follows the fault through nested region maps, narrowing
 * the bounds and rights at every level, then picks the largest flexpage that source and destination both allow.
 *
 * <p>It reads the lab and changes nothing of it (it only fills in its own {@link Best}); the lab applies the outcome
 * (install, reflect, stop).
 */
final class Pager {

    /** Genode's nesting limit: a fault visits at most this many region maps. */
    static final int RECURSION_LIMIT = 5;

    /** The outcome of a lookup, before anything is changed. */
    sealed interface Lookup {
        /**
         * The best mapping for the fault was found: it is in {@link #best()}, as plain values, until the next
         * lookup (a fault makes no objects for it unless someone reads it as a {@link Mapping}).
         */
        enum Found implements Lookup {
            FOUND
        }

        /** The lookup failed at {@code at}; {@code fault} is in its coordinates. */
        record Failed(RegionMap at, Fault fault, Cause cause) implements Lookup {
        }

        /** The recursion budget ran out at {@code at}. */
        record TooDeep(RegionMap at, Fault fault) implements Lookup {
        }
    }

    /**
     * The best mapping of the last lookup that found one, and the region of every level it came through, outermost
     * first: {@code through[0..levels-1]}. Reused by every lookup (the lab runs one at a time, under its lock).
     */
    static final class Best {
        long virt;
        long phys;
        int log2;
        Rights rights = Rights.ALL;
        boolean ioMem;
        Cache cache = Cache.CACHED;
        final Region[] through = new Region[RECURSION_LIMIT];
        int levels;

        /** The mapping as a value. */
        Mapping mapping() {
            return new Mapping(Addr.of(virt), Addr.of(phys), Log2.of(log2), rights, ioMem, cache);
        }
    }

    private final PlatformProfile platform;
    private final Best best = new Best();

    Pager(PlatformProfile platform) {
        this.platform = platform;
    }

    /**
     * Looks up {@code access} at {@code addr} of {@code addressSpace}; appends one step per level and the leaf to
     * {@code trace} when it is not null (the common path builds no trace).
     *
     * <p>The bounds are carried as two plain longs {@code [lo, hi]} rather than an {@link AddrRange} per level:
     * they always contain the hotspot, so they never become invalid, and the common path allocates nothing.
     */
    Lookup lookup(RegionMap addressSpace, long addr, Access access, @Nullable List<TraceStep> trace) {
        RegionMap rm = addressSpace;
        long hotspot = addr;
        Rights rights = Rights.ALL;
        long lo = 0;
        long hi = addressSpace.size.value() - 1;
        for (int depth = RECURSION_LIMIT, level = 1; ; depth--, level++) {
            if (depth == 0) {
                return new Lookup.TooDeep(rm, new Fault(access, Addr.of(hotspot)));
            }
            // Step 2: the region containing the hotspot.
            Region region = rm.regions.at(hotspot);
            Dataspace ds = region == null ? null : region.dataspace();
            if (region == null || ds == null) {
                if (trace != null) {
                    trace.add(noRegionStep(level, rm, hotspot, lo, hi, region, rights));
                }
                return new Lookup.Failed(rm, new Fault(access, Addr.of(hotspot)), Cause.NO_REGION);
            }
            best.through[level - 1] = region;
            // Step 3: into the region's coordinates; the region clips what the fault may map.
            long at = region.at().value();
            long regionLast = at + (region.size().value() - 1);
            long local = hotspot - at;
            long localLo = (Long.compareUnsigned(lo, at) >= 0 ? lo : at) - at;
            long localHi = Long.compareUnsigned(hi, regionLast) <= 0 ? hi - at : regionLast - at;
            rights = rights.intersected(region.rights());
            long offset = region.offset().value();
            if (ds.backing instanceof Backing.Managed managed) {
                // Step 4: a managed dataspace: continue in its region map, shifted by the region's offset.
                if (trace != null) {
                    trace.add(managedStep(level, rm, hotspot, lo, hi, region, ds, localLo + offset,
                            localHi + offset, rights));
                }
                rm = managed.regionMap();
                hotspot = local + offset;
                lo = localLo + offset;
                hi = localHi + offset;
                continue;
            }
            // Step 5: the leaf's own rights; reads are always allowed.
            rights = rights.intersected(Rights.of(ds.writable, true));
            if (trace != null) {
                trace.add(leafStep(level, rm, hotspot, lo, hi, region, ds, localLo, localHi, rights, access));
            }
            if (!rights.allow(access)) {
                return new Lookup.Failed(rm, new Fault(access, Addr.of(hotspot)),
                        access == Access.WRITE ? Cause.WRITE_VIOLATION : Cause.EXEC_VIOLATION);
            }
            // Step 6.
            bestMapping(addr, region, ds, local, localLo, localHi, rights, trace);
            best.levels = level;
            return Lookup.Found.FOUND;
        }
    }

    /** The best mapping of the last lookup that answered {@link Lookup.Found}. */
    Best best() {
        return best;
    }

    /**
     * The largest flexpage around the fault: the source block inside the dataspace window and every level's bounds
     * {@code [localLo, localHi]} (in the leaf region's coordinates), shrunk until virtual and physical addresses sit
     * at the same offset in it, then to what the kernel installs. Written into {@link #best}.
     */
    private void bestMapping(long addr, Region region, Dataspace ds, long local, long localLo, long localHi,
                                Rights rights, @Nullable List<TraceStep> trace) {
        long physBase = ds.physBase();
        long offset = region.offset().value();
        long src = physBase + offset + local;
        // srcBounds = ((bounds + G.offset) ∩ [0, D.size-1]) + D.physBase; the region never shows more than its
        // dataspace, so the intersection only ever trims the top.
        long dsLast = ds.size.value() - 1;
        long srcLo = localLo + offset + physBase;
        long srcHi = (Long.compareUnsigned(localHi + offset, dsLast) <= 0 ? localHi + offset : dsLast) + physBase;
        // The page around the fault always lies in srcBounds: every range on the way is page-aligned. (The search
        // on plain values: Log2Range.largestWithin would allocate a block per size it tries.)
        int blockLog2 = Log2Range.largestLog2Within(src, srcLo, srcHi, platform.pageSize().value());
        if (blockLog2 < 0) {
            throw new IllegalStateException("no page around " + Addr.of(src) + " inside "
                    + new AddrRange(srcLo, srcHi));
        }
        int common = Math.min(Long.numberOfTrailingZeros(addr ^ src), blockLog2);
        Log2 size = platform.constrain(Log2.of(common));
        // The mapping, aligned to its size on both sides.
        best.virt = addr & ~size.lowMask();
        best.phys = src & ~size.lowMask();
        best.log2 = size.value();
        best.rights = rights;
        best.ioMem = ds.backing instanceof Backing.IoMem;
        best.cache = ds.cache;
        if (trace != null) {
            trace.add(leafSummary(Addr.of(addr), ds, Addr.of(src), new AddrRange(srcLo, srcHi), Log2.of(blockLog2),
                    Log2.of(common), size, best.mapping()));
        }
    }

    // The trace's steps, out of the lookup's way: the common path never runs them.

    private static TraceStep noRegionStep(int level, RegionMap rm, long hotspot, long lo, long hi,
                                          @Nullable Region region, Rights rights) {
        Addr here = Addr.of(hotspot);
        AddrRange bounds = new AddrRange(lo, hi);
        return new TraceStep.Level(level, rm.id, here, bounds, region == null ? null : region.view(),
                AddrRange.INVALID, rights, region == null
                ? "No region of " + rm.id + " contains " + here + ": the lookup fails here."
                : "The region at " + region.at() + " of " + rm.id + " is reserved (its dataspace was"
                        + " destroyed): handled as if no region were there, the lookup fails here.");
    }

    private static TraceStep managedStep(int level, RegionMap rm, long hotspot, long lo, long hi, Region region,
                                         Dataspace ds, long nextLo, long nextHi, Rights rights) {
        RegionMap sub = ((Backing.Managed) ds.backing).regionMap();
        Addr nested = Addr.of(hotspot - region.at().value() + region.offset().value());
        return new TraceStep.Level(level, rm.id, Addr.of(hotspot), new AddrRange(lo, hi), region.view(),
                new AddrRange(nextLo, nextHi), rights,
                "Region at " + region.at() + " shows managed dataspace " + ds.id + " of " + sub.id
                        + " from offset " + region.offset() + ": continue in " + sub.id + " at "
                        + nested + ", bounds clipped to the region.");
    }

    private static TraceStep leafStep(int level, RegionMap rm, long hotspot, long lo, long hi, Region region,
                                      Dataspace ds, long localLo, long localHi, Rights rights, Access access) {
        return new TraceStep.Level(level, rm.id, Addr.of(hotspot), new AddrRange(lo, hi), region.view(),
                new AddrRange(localLo, localHi), rights,
                "Region at " + region.at() + " shows " + ds.view().kind() + " dataspace " + ds.id
                        + " from offset " + region.offset() + ": the leaf."
                        + (rights.allow(access) ? "" : " " + access + " is not allowed here: the lookup fails."));
    }

    private TraceStep leafSummary(Addr addr, Dataspace ds, Addr src, AddrRange srcBounds, Log2 sourceBlock,
                                  Log2 common, Log2 size, Mapping mapping) {
        return new TraceStep.Leaf(ds.id, src, srcBounds, sourceBlock, common, size,
                platform.mapSizes().describe(), mapping,
                "The fault is at physical " + src + ". The largest source block around it inside " + srcBounds
                        + " is 2^" + sourceBlock + "; " + addr + " and " + src + " agree in their low "
                        + common + " bits, so source and destination can share a 2^" + common + " block; "
                        + platform.name() + " installs 2^" + size + ": map " + mapping.virt() + " -> "
                        + mapping.phys() + ". " + revocationNote());
    }

    /** What will take this mapping back again: the platform's revocation rule, and why it is that one. */
    private String revocationNote() {
        return switch (platform.revocation()) {
            case PATH -> platform.name() + " unmaps by virtual range, so only detaching a region this fault came"
                    + " through flushes the mapping again.";
            case PHYSICAL -> platform.name() + " revokes through its mapping database: detaching any region that"
                    + " shows these physical frames, also one of another address space, flushes the mapping again.";
        };
    }
}
