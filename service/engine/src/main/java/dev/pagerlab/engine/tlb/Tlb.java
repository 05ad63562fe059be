package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.model.Mapping;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.List;

/**
 * A fully associative TLB whose entries each cover one installed mapping at that mapping's own size, as a MicroBlaze
 * or ARM TLB entry does.
 *
 * <p>A lookup hashes the address once per entry size present (a handful), not once per entry, so that a million
 * accesses cost milliseconds. Entries never overlap: the caller loads only mappings of one page table and
 * {@linkplain #invalidate invalidates} every one that page table flushes.
 */
final class Tlb {

    /** A slot of the TLB; a full TLB reuses the victim's slot, so a miss allocates nothing. */
    private static final class Entry {
        Mapping mapping;
        long virt;
        int log2;
        @Nullable Entry older;
        @Nullable Entry younger;

        Entry(Mapping mapping) {
            hold(mapping);
        }

        void hold(Mapping m) {
            mapping = m;
            virt = m.virt().value();
            log2 = m.sizeLog2().value();
        }
    }

    private final int capacity;
    private final TlbPolicy policy;
    private final SizedIndex<Entry> entries = new SizedIndex<>();
    private @Nullable Entry oldest;
    private @Nullable Entry youngest;
    private int size;

    Tlb(TlbConfig config) {
        this.capacity = config.entries();
        this.policy = config.policy();
    }

    /** The mapping whose entry covers {@code addr}, or null on a miss; under LRU a hit makes the entry youngest. */
    @Nullable Mapping lookup(long addr) {
        Entry e = entries.find(addr);
        if (e == null) {
            return null;
        }
        if (policy == TlbPolicy.LRU && e != youngest) {
            unlink(e);
            append(e);
        }
        return e.mapping;
    }

    /** Loads an entry for {@code mapping}; answers the entry it replaced when the TLB was full, or null. */
    @Nullable Mapping load(Mapping mapping) {
        invalidate(mapping); // loading twice must not leave two entries for one mapping
        Mapping evicted = null;
        Entry e;
        if (size == capacity) {
            e = java.util.Objects.requireNonNull(oldest);
            remove(e);
            evicted = e.mapping;
            e.hold(mapping);
        } else {
            e = new Entry(mapping);
        }
        entries.put(e.virt, e.log2, e);
        append(e);
        size++;
        return evicted;
    }

    /** Drops the entry of {@code mapping}, if it is loaded: the page table no longer holds that mapping. */
    boolean invalidate(Mapping mapping) {
        Entry e = entries.exactly(mapping.virt().value(), mapping.sizeLog2().value());
        if (e == null || !e.mapping.equals(mapping)) {
            return false;
        }
        remove(e);
        return true;
    }

    /** The loaded mappings, the next to be replaced first. */
    List<Mapping> entries() {
        List<Mapping> all = new ArrayList<>(size);
        for (Entry e = oldest; e != null; e = e.younger) {
            all.add(e.mapping);
        }
        return all;
    }

    int size() {
        return size;
    }

    private void remove(Entry e) {
        unlink(e);
        entries.remove(e.virt, e.log2);
        size--;
    }

    private void append(Entry e) {
        e.older = youngest;
        e.younger = null;
        if (youngest != null) {
            youngest.younger = e;
        } else {
            oldest = e;
        }
        youngest = e;
    }

    private void unlink(Entry e) {
        if (e.older != null) {
            e.older.younger = e.younger;
        } else {
            oldest = e.younger;
        }
        if (e.younger != null) {
            e.younger.older = e.older;
        } else {
            youngest = e.older;
        }
        e.older = null;
        e.younger = null;
    }
}
