package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;

/** One memory access of a thread: a read, write or instruction fetch at a virtual address. */
public record MemoryAccess(Access type, Addr addr) {

    /** As a line of the text trace form, such as {@code READ 0x1000}. */
    @Override
    public String toString() {
        return type + " " + addr;
    }
}
