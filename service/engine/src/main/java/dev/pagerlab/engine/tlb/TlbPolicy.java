package dev.pagerlab.engine.tlb;

/** Which entry a full TLB replaces. */
public enum TlbPolicy {
    /** The least recently used entry: a hit makes an entry the youngest. */
    LRU,
    /** The oldest loaded entry, whether it was used since or not. */
    FIFO
}
