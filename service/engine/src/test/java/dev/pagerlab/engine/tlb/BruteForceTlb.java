package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.model.Mapping;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The TLB written as plainly as possible, to check the model against: a list scanned from the front, the next victim
 * first; LRU moves a hit to the back.
 */
final class BruteForceTlb {

    private final int capacity;
    private final TlbPolicy policy;
    private final List<Mapping> entries = new ArrayList<>();

    BruteForceTlb(TlbConfig config) {
        this.capacity = config.entries();
        this.policy = config.policy();
    }

    @Nullable Mapping lookup(long addr) {
        for (int i = 0; i < entries.size(); i++) {
            Mapping m = entries.get(i);
            if (m.virtRange().contains(addr)) {
                if (policy == TlbPolicy.LRU) {
                    entries.remove(i);
                    entries.add(m);
                }
                return m;
            }
        }
        return null;
    }

    @Nullable Mapping load(Mapping m) {
        entries.remove(m);
        Mapping evicted = entries.size() == capacity ? entries.removeFirst() : null;
        entries.add(m);
        return evicted;
    }

    boolean invalidate(Mapping m) {
        return entries.remove(m);
    }

    /** Drops every entry whose mapping is not in {@code pageTable}. */
    void retainOnly(Collection<Mapping> pageTable) {
        entries.retainAll(pageTable);
    }

    List<Mapping> entries() {
        return List.copyOf(entries);
    }
}
