package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.addr.Log2Range;
import dev.pagerlab.engine.model.Access;
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
 * <p>Pure: it reads the lab and changes nothing; the lab applies the outcome (install, reflect, stop).
 */
final class Pager {

    /** Genode's nesting limit: a fault visits at most this many region maps. */
    static final int RECURSION_LIMIT = 5;

    /** The outcome of a lookup, before anything is changed. */
    sealed interface Lookup {
        /** The best mapping for the fault, and the region of every level it came through, outermost first. */
        record Found(Mapping mapping, Region[] through) implements Lookup {
        }

        /** The lookup failed at {@code at}; {@code fault} is in its coordinates. */
        record Failed(RegionMap at, Fault fault, Cause cause) implements Lookup {
        }

        /** The recursion budget ran out at {@code at}. */
        record TooDeep(RegionMap at, Fault fault) implements Lookup {
        }
    }

    private final PlatformProfile platform;

    Pager(PlatformProfile platform) {
        this.platform = platform;
    }

    /**
     * Looks up {@code access} at {@code addr} of {@code addressSpace}; appends one step per level and the leaf to
     * {@code trace} when it is not null (the common path builds no trace).
     */
    Lookup lookup(RegionMap addressSpace, Addr addr, Access access, @Nullable List<TraceStep> trace) {
        RegionMap rm = addressSpace;
        long hotspot = addr.value();
        Rights rights = Rights.ALL;
        AddrRange bounds = addressSpace.range();
        Region[] through = new Region[RECURSION_LIMIT];
        for (int depth = RECURSION_LIMIT, level = 1; ; depth--, level++) {
            Fault here = new Fault(access, Addr.of(hotspot));
            if (depth == 0) {
                return new Lookup.TooDeep(rm, here);
            }
            Region region = rm.regions.at(hotspot);
            Dataspace ds = region == null ? null : region.dataspace();
            if (region == null || ds == null) {
                if (trace != null) {
                    trace.add(new TraceStep.Level(level, rm.id, here.addr(), bounds,
                            region == null ? null : region.view(), AddrRange.INVALID, rights, region == null
                            ? "No region of " + rm.id + " contains " + here.addr() + ": the lookup fails here."
                            : "The region at " + region.at() + " of " + rm.id + " is reserved (its dataspace was"
                                    + " destroyed): handled as if no region were there, the lookup fails here."));
                }
                return new Lookup.Failed(rm, here, Cause.NO_REGION);
            }
            through[level - 1] = region;
            // Into the region's coordinates: the region clips what the fault may map.
            AddrRange inRegion = bounds.intersected(region.range()).reducedBy(region.at().value());
            long local = hotspot - region.at().value();
            rights = rights.intersected(region.rights());
            if (ds.backing instanceof Backing.Managed(RegionMap sub)) {
                long offset = region.offset().value();
                AddrRange next = inRegion.increasedBy(offset);
                if (trace != null) {
                    trace.add(new TraceStep.Level(level, rm.id, here.addr(), bounds, region.view(), next, rights,
                            "Region at " + region.at() + " shows managed dataspace " + ds.id + " of " + sub.id
                                    + " from offset " + region.offset() + ": continue in " + sub.id + " at "
                                    + Addr.of(local + offset) + ", bounds clipped to the region."));
                }
                rm = sub;
                hotspot = local + offset;
                bounds = next;
                continue;
            }
            rights = rights.intersected(Rights.of(ds.writable, true));
            if (trace != null) {
                trace.add(new TraceStep.Level(level, rm.id, here.addr(), bounds, region.view(), inRegion, rights,
                        "Region at " + region.at() + " shows " + ds.view().kind() + " dataspace " + ds.id
                                + " from offset " + region.offset() + ": the leaf."
                                + (rights.allow(access) ? "" : " " + access + " is not allowed here: the lookup fails.")));
            }
            if (!rights.allow(access)) {
                return new Lookup.Failed(rm, here,
                        access == Access.WRITE ? Cause.WRITE_VIOLATION : Cause.EXEC_VIOLATION);
            }
            return new Lookup.Found(bestMapping(addr, region, ds, local, inRegion, rights, trace),
                    java.util.Arrays.copyOf(through, level));
        }
    }

    /**
     * The largest flexpage around the fault: the source block inside the dataspace window and every level's bounds,
     * shrunk until virtual and physical addresses sit at the same offset in it, then to what the kernel installs.
     */
    private Mapping bestMapping(Addr addr, Region region, Dataspace ds, long local, AddrRange inRegion,
                                Rights rights, @Nullable List<TraceStep> trace) {
        long physBase = ds.physBase();
        Addr src = Addr.of(physBase + region.offset().value() + local);
        AddrRange srcBounds = inRegion.increasedBy(region.offset().value())
                .intersected(AddrRange.of(Addr.ZERO, ds.size))
                .increasedBy(physBase);
        // The page around the fault always lies in srcBounds: every range on the way is page-aligned. (The search
        // on plain values: Log2Range.largestWithin would allocate a block per size it tries.)
        int blockLog2 = Log2Range.largestLog2Within(src.value(), srcBounds, platform.pageSize().value());
        if (blockLog2 < 0) {
            throw new IllegalStateException("no page around " + src + " inside " + srcBounds);
        }
        Log2 sourceBlock = Log2.of(blockLog2);
        Log2 common = Log2Range.commonLog2(addr, src, sourceBlock);
        Log2 size = platform.constrain(common);
        Mapping mapping = new Mapping(addr.alignedDown(size), src.alignedDown(size), size, rights,
                ds.backing instanceof Backing.IoMem, ds.cache);
        if (trace != null) {
            trace.add(new TraceStep.Leaf(ds.id, src, srcBounds, sourceBlock, common, size,
                    platform.mapSizes().describe(), mapping,
                    "The fault is at physical " + src + ". The largest source block around it inside " + srcBounds
                            + " is 2^" + sourceBlock + "; " + addr + " and " + src + " agree in their low "
                            + common + " bits, so source and destination can share a 2^" + common + " block; "
                            + platform.name() + " installs 2^" + size + ": map " + mapping.virt() + " -> "
                            + mapping.phys() + ". " + revocationNote()));
        }
        return mapping;
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
