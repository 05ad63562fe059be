package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.AddrRange;
import dev.pagerlab.engine.platform.PlatformProfile;

/**
 * How to build a lab: the platform, the range of physical memory RAM dataspaces come from (inclusive), and limits.
 */
public record LabConfig(PlatformProfile platform, AddrRange physicalMemory, Quotas quotas) {

    /** The default physical memory of docs/concepts.md, "Dataspaces": {@code [0x0, 0xFFFF_FFFF]}, 4 GiB. */
    public static final AddrRange DEFAULT_PHYSICAL_MEMORY = new AddrRange(0, 0xFFFF_FFFFL);

    /** {@code platform} with 4 GiB of physical memory and default quotas. */
    public static LabConfig of(PlatformProfile platform) {
        return new LabConfig(platform, DEFAULT_PHYSICAL_MEMORY, Quotas.DEFAULT);
    }
}
