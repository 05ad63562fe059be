package dev.pagerlab.engine.lab;

/**
 * Upper limits on what one lab holds, so that one client cannot exhaust the service's memory.
 *
 * @param dataspaces    RAM and I/O-memory dataspaces (managed ones come with region maps)
 * @param regionMaps    region maps
 * @param regions       regions, over all region maps
 * @param threads       threads, stopped ones included
 * @param faultHandlers fault handlers
 * @param mappingsPerAddressSpace installed mappings in one address space; more evict the lowest one
 */
public record Quotas(int dataspaces, int regionMaps, int regions, int threads, int faultHandlers,
                     int mappingsPerAddressSpace) {

    /** Generous for a lab, small for a server. */
    public static final Quotas DEFAULT = new Quotas(4096, 1024, 16384, 1024, 256, 65536);

    /** Every limit must be positive. */
    public Quotas {
        if (dataspaces <= 0 || regionMaps <= 0 || regions <= 0 || threads <= 0 || faultHandlers <= 0
                || mappingsPerAddressSpace <= 0) {
            throw new IllegalArgumentException("quotas must be positive");
        }
    }
}
