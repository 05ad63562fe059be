package dev.pagerlab.engine.tlb;

/**
 * A fully associative TLB: how many entries it holds and which one a miss replaces when it is full.
 *
 * @param entries between 1 and {@link #MAX_ENTRIES}
 * @param policy  the replacement policy
 */
public record TlbConfig(int entries, TlbPolicy policy) {

    /** The largest TLB a run may ask for; real ones hold tens to a few thousand entries. */
    public static final int MAX_ENTRIES = 65_536;

    /** The MicroBlaze MMU's unified TLB: 64 entries; LRU stands in for its software-managed replacement. */
    public static final TlbConfig DEFAULT = new TlbConfig(64, TlbPolicy.LRU);

    /** Refuses sizes outside {@code [1, MAX_ENTRIES]}. */
    public TlbConfig {
        if (entries < 1 || entries > MAX_ENTRIES) {
            throw new IllegalArgumentException("a TLB holds 1 to " + MAX_ENTRIES + " entries, not " + entries);
        }
    }
}
