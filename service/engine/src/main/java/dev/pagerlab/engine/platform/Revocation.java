package dev.pagerlab.engine.platform;

/**
 * How a detach takes back the mappings a region made possible: the kernel decides, because Genode core can only use
 * the unmap operation the kernel offers.
 */
public enum Revocation {
    /**
     * Unmap by virtual range in every address space that sees the region (kernels with direct unmap, such as NOVA,
     * seL4, OKL4 and base-hw): mappings of the same frames made through other regions stay.
     */
    PATH,
    /**
     * Flush the region's core-local range, which the kernel's mapping database turns into a revocation of every
     * mapping derived from those physical frames, in every address space (Fiasco.OC, Fiasco, Pistachio).
     */
    PHYSICAL
}
