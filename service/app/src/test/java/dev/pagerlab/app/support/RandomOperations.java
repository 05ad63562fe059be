package dev.pagerlab.app.support;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Size;
import dev.pagerlab.engine.lab.AttachRequest;
import dev.pagerlab.engine.lab.DataspaceRequest;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.DataspaceId;
import dev.pagerlab.engine.model.HandlerId;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;

import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Random operations of every kind for a lab, with ids drawn near the ones that exist so that most are accepted and
 * some are refused; faults dominate, as in a student's lab. Nested managed dataspaces and fault handlers appear
 * often enough that reflections, wake-ups and signal deliveries happen.
 */
public final class RandomOperations {

    private final SplittableRandom random;
    private int dataspaces;
    private int regionMaps;
    private int threads;
    private int handlers;

    public RandomOperations(long seed) {
        this.random = new SplittableRandom(seed);
    }

    public Operation next() {
        int kind = random.nextInt(100);
        if (kind < 8 || dataspaces == 0) {
            dataspaces++;
            // One choice in (values + 1) is no cache attribute at all: the kind's default, as the API asks for it.
            int cache = random.nextInt(Cache.values().length + 1);
            return new Operation.AllocateRam(new DataspaceRequest(Size.of(pages(1, 10)), random.nextInt(4) > 0,
                    cache == Cache.values().length ? null : Cache.values()[cache]));
        }
        if (kind < 10) {
            dataspaces++;
            return new Operation.AllocateIoMem(Addr.of(0x1_0000_0000L + pages(0, 12)),
                    DataspaceRequest.of(Size.of(pages(1, 4))));
        }
        if (kind < 16 || regionMaps == 0) {
            regionMaps++;
            dataspaces++;
            return new Operation.CreateRegionMap(Size.of(1L << (20 + random.nextInt(8))), "rm" + regionMaps);
        }
        if (kind < 32) {
            Optional<Addr> at = random.nextBoolean() ? Optional.empty() : Optional.of(Addr.of(pages(0, 11)));
            return new Operation.Attach(rm(), new AttachRequest(new DataspaceId(1 + random.nextInt(dataspaces + 1)),
                    Size.ZERO, Size.ZERO, at, new Rights(random.nextInt(4) > 0, random.nextInt(4) == 0)));
        }
        if (kind < 36) {
            return new Operation.Detach(rm(), Addr.of(pages(0, 11)));
        }
        if (kind < 40 || threads == 0) {
            threads++;
            return new Operation.CreateThread(rm(), "t" + threads);
        }
        if (kind < 43) {
            handlers++;
            return new Operation.CreateFaultHandler("h" + handlers);
        }
        if (kind < 48) {
            return new Operation.SetFaultHandler(rm(), new HandlerId(1 + random.nextInt(handlers + 1)));
        }
        if (kind < 49) {
            return new Operation.ClearFaultHandler(rm());
        }
        if (kind < 51) {
            return new Operation.DestroyDataspace(new DataspaceId(1 + random.nextInt(dataspaces + 1)));
        }
        if (kind < 52) {
            return new Operation.DestroyRegionMap(rm());
        }
        if (kind < 56) {
            return new Operation.DeliverSignal(new HandlerId(1 + random.nextInt(handlers + 1)));
        }
        return new Operation.SubmitFault(new ThreadId(1 + random.nextInt(threads)), Addr.of(pages(0, 10)
                + random.nextInt(4096)), Access.values()[random.nextInt(Access.values().length)]);
    }

    private RegionMapId rm() {
        return new RegionMapId(1 + random.nextInt(regionMaps));
    }

    /** A multiple of 4 KiB below {@code 2^(12 + maxLog2)}, at least {@code min} pages. */
    private long pages(int min, int maxLog2) {
        return (min + random.nextLong(1L << maxLog2)) << 12;
    }
}
