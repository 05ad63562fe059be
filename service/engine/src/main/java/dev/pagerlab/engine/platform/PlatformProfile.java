package dev.pagerlab.engine.platform;

import dev.pagerlab.engine.addr.Log2;

import java.util.List;
import java.util.Optional;

/**
 * The kernel and MMU a lab simulates: page size, address width, and the map sizes it can install.
 *
 * @param name          short identifier, such as {@code foc} or {@code x86_64}
 * @param pageSize      P, the smallest mapping, between 2^10 and 2^30
 * @param addressBits   32 or 64: every address and end of range must fit
 * @param mapSizes      which mapping sizes the kernel installs
 * @param revocation    whether a detach revokes by virtual path or by physical range
 * @param description   where the numbers come from, for people
 */
public record PlatformProfile(String name, Log2 pageSize, int addressBits, MapSizeConstraint mapSizes,
                              Revocation revocation, String description) {

    /** A profile that revokes by path, as every kernel with direct unmap does. */
    public PlatformProfile(String name, Log2 pageSize, int addressBits, MapSizeConstraint mapSizes,
                           String description) {
        this(name, pageSize, addressBits, mapSizes, Revocation.PATH, description);
    }

    /** Validates the address width, the page size and that the page size is installable. */
    public PlatformProfile {
        if (addressBits != 32 && addressBits != 64) {
            throw new IllegalArgumentException("addressBits must be 32 or 64");
        }
        if (pageSize.value() < 10 || pageSize.value() > 30) {
            throw new IllegalArgumentException("page size must be between 2^10 and 2^30");
        }
        if (mapSizes instanceof MapSizeConstraint.PageSizes(var sizes) && !sizes.contains(pageSize.value())) {
            throw new IllegalArgumentException("the page size must be one of the map sizes");
        }
        if (mapSizes instanceof MapSizeConstraint.Flexpage(var max) && max.compareTo(pageSize) < 0) {
            throw new IllegalArgumentException("flexpage maximum below the page size");
        }
    }

    /** The largest mapping the kernel installs that is at most {@code 2^wanted}; never below the page size. */
    public Log2 constrain(Log2 wanted) {
        return mapSizes.constrain(wanted, pageSize);
    }

    /** Installable sizes (log2), ascending. */
    public List<Integer> installableSizes() {
        return mapSizes.sizes(pageSize);
    }

    /**
     * This machine with another map-size constraint and name, everything else kept: for example the same MMU with a
     * pager that installs single pages only.
     */
    public PlatformProfile withMapSizes(String newName, MapSizeConstraint sizes, String newDescription) {
        return new PlatformProfile(newName, pageSize, addressBits, sizes, revocation, newDescription);
    }

    /** Built-in profiles of docs/concepts.md, in a stable order. */
    public static List<PlatformProfile> builtIns() {
        return BuiltIns.ALL;
    }

    /** The built-in profile named {@code name}. */
    public static Optional<PlatformProfile> builtIn(String name) {
        return BuiltIns.ALL.stream().filter(p -> p.name.equals(name)).findFirst();
    }

    private static final class BuiltIns {
        private static final Log2 P = Log2.of(12);
        private static final MapSizeConstraint ANY = new MapSizeConstraint.Flexpage(Log2.of(Log2.MAX));
        private static final Revocation MAPPING_DB = Revocation.PHYSICAL;
        private static final List<PlatformProfile> ALL = List.of(
                new PlatformProfile("foc", P, 64, ANY, MAPPING_DB,
                        "Fiasco.OC: flexpages, kernel_constrained_map_size returns its argument; a detach flushes"
                                + " the region's physical frames through the kernel's mapping database"),
                new PlatformProfile("fiasco", P, 64, ANY, MAPPING_DB,
                        "Fiasco: flexpages; a detach flushes the region's physical frames (mapping database)"),
                new PlatformProfile("okl4", P, 64, ANY, "OKL4: flexpages"),
                new PlatformProfile("pistachio", P, 64, ANY, MAPPING_DB,
                        "L4Ka::Pistachio: flexpages; a detach flushes the region's physical frames (mapping"
                                + " database)"),
                new PlatformProfile("nova", P, 64, new MapSizeConstraint.Flexpage(Log2.of(43)),
                        "NOVA: 5-bit order in 4K units, so at most 2^43"),
                new PlatformProfile("sel4", P, 64, new MapSizeConstraint.Flexpage(Log2.of(21)),
                        "seL4 on x86_64: at most the large page (2^21)"),
                new PlatformProfile("hw", P, 64, MapSizeConstraint.PageSizes.of(12, 20),
                        "base-hw (Genode's own kernel): 2^20 sections from 2^20 up, else 4K pages"),
                new PlatformProfile("x86_32", P, 32, MapSizeConstraint.PageSizes.of(12, 22),
                        "x86 32-bit: 4K and 4M pages"),
                new PlatformProfile("x86_64", P, 64, MapSizeConstraint.PageSizes.of(12, 21, 30),
                        "x86_64: 4K, 2M and 1G pages"),
                new PlatformProfile("arm_v7", P, 32, MapSizeConstraint.PageSizes.of(12, 16, 20, 24),
                        "ARMv7: small (4K), large (64K), section (1M) and supersection (16M) pages"),
                new PlatformProfile("microblaze", P, 32, MapSizeConstraint.PageSizes.of(12, 14, 16, 18, 20, 22, 24),
                        "Xilinx MicroBlaze: 4K, 16K, 64K, 256K, 1M, 4M and 16M pages (Genode 11.11,"
                                + " base-mb/src/core/include/util.h, constrain_map_size_log2); path revocation"));
    }
}
