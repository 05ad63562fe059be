package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.model.Mapping;
import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A fully associative TLB whose entries each cover one installed mapping at that mapping's own size, as a MicroBlaze
 * or ARM TLB entry does.
 *
 * <p>A lookup hashes the address once per entry size present (a handful), not once per entry, so that a million
 * accesses cost milliseconds. Entries never overlap: the caller loads only mappings of one page table and
 * {@linkplain #invalidate invalidates} every one that page table flushes.
 */
final class Tlb {

    private static final class Entry {
        final Mapping mapping;
        final long key;
        final int log2;
        @Nullable Entry older;
        @Nullable Entry younger;

        Entry(Mapping mapping) {
            this.mapping = mapping;
            this.log2 = mapping.sizeLog2().value();
            this.key = mapping.virt().value() >>> log2;
        }
    }

    private final int capacity;
    private final TlbPolicy policy;
    // Per size log2, the entries by virtual frame number (virt >>> log2): the unsigned shift keeps 64-bit addresses.
    @SuppressWarnings("unchecked")
    private final Map<Long, Entry>[] bySize = new Map[64];
    private int[] sizesPresent = new int[0];
    private @Nullable Entry oldest;
    private @Nullable Entry youngest;
    private int size;

    Tlb(TlbConfig config) {
        this.capacity = config.entries();
        this.policy = config.policy();
    }

    /** The mapping whose entry covers {@code addr}, or null on a miss; under LRU a hit makes the entry youngest. */
    @Nullable Mapping lookup(long addr) {
        for (int log2 : sizesPresent) {
            Entry e = bySize[log2].get(addr >>> log2);
            if (e != null) {
                if (policy == TlbPolicy.LRU && e != youngest) {
                    unlink(e);
                    append(e);
                }
                return e.mapping;
            }
        }
        return null;
    }

    /** Loads an entry for {@code mapping}; answers the entry it replaced when the TLB was full, or null. */
    @Nullable Mapping load(Mapping mapping) {
        Mapping evicted = null;
        invalidate(mapping); // loading twice must not leave two entries for one mapping
        if (size == capacity) {
            Entry victim = java.util.Objects.requireNonNull(oldest);
            remove(victim);
            evicted = victim.mapping;
        }
        Entry e = new Entry(mapping);
        Map<Long, Entry> entries = bySize[e.log2];
        if (entries == null) {
            entries = new HashMap<>();
            bySize[e.log2] = entries;
        }
        if (entries.isEmpty()) {
            sizesPresent = withSize(e.log2);
        }
        entries.put(e.key, e);
        append(e);
        size++;
        return evicted;
    }

    /** Drops the entry of {@code mapping}, if it is loaded: the page table no longer holds that mapping. */
    boolean invalidate(Mapping mapping) {
        int log2 = mapping.sizeLog2().value();
        Map<Long, Entry> entries = bySize[log2];
        Entry e = entries == null ? null : entries.get(mapping.virt().value() >>> log2);
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
        Map<Long, Entry> entries = bySize[e.log2];
        entries.remove(e.key);
        if (entries.isEmpty()) {
            sizesPresent = withoutSize(e.log2);
        }
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

    // Largest sizes first: a large entry covers more accesses, so it answers most lookups on the first probe.
    private int[] withSize(int log2) {
        int[] grown = java.util.Arrays.copyOf(sizesPresent, sizesPresent.length + 1);
        grown[grown.length - 1] = log2;
        java.util.Arrays.sort(grown);
        for (int i = 0; i < grown.length / 2; i++) {
            int t = grown[i];
            grown[i] = grown[grown.length - 1 - i];
            grown[grown.length - 1 - i] = t;
        }
        return grown;
    }

    private int[] withoutSize(int log2) {
        return java.util.Arrays.stream(sizesPresent).filter(s -> s != log2).toArray();
    }
}
