package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.addr.Log2;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.Rights;

import java.util.Arrays;

/**
 * The installed mappings of a lab as primitive columns, one slot per mapping: virtual and physical address, size,
 * rights and cache attribute packed into an int, and the address space that holds it. A {@link Mapping} value is
 * made from a slot only when someone reads it (a view, an event, an answer), so a mapping costs no objects.
 *
 * <p>Freed slots are reused, most recently freed first. Whoever keeps a slot beyond the mapping's life (a region's
 * list of the mappings resolved through it) keeps a {@link #handle}: the slot with the generation it had, which no
 * longer matches once the slot was freed.
 */
final class MappingTable {

    private static final Cache[] CACHES = Cache.values();
    private static final int WRITABLE = 1 << 6;
    private static final int EXECUTABLE = 1 << 7;
    private static final int IO_MEM = 1 << 8;
    private static final int CACHE_SHIFT = 9;

    private long[] virt = new long[16];
    /** A free slot's entry holds the next free slot (-1 ends the list). */
    private long[] phys = new long[16];
    /** Log2 size in bits 0-5, then writable, executable, I/O memory, and the cache attribute's ordinal. */
    private int[] info = new int[16];
    private RegionMap[] owner = new RegionMap[16];
    private int[] generation = new int[16];
    /** Slots ever used; slots below this are live or on the free list. */
    private int used;
    private int freeHead = -1;

    /** Stores a mapping held by {@code addressSpace}; answers its slot. */
    int add(long virtAddr, long physAddr, int log2, Rights rights, boolean ioMem, Cache cache,
            RegionMap addressSpace) {
        int slot = freeHead;
        if (slot >= 0) {
            freeHead = (int) phys[slot];
        } else {
            if (used == virt.length) {
                grow();
            }
            slot = used++;
        }
        virt[slot] = virtAddr;
        phys[slot] = physAddr;
        info[slot] = info(log2, rights, ioMem, cache);
        owner[slot] = addressSpace;
        return slot;
    }

    /** Whether {@code slot} holds exactly this mapping: the {@link #add} of the same values would store the same. */
    boolean holds(int slot, long virtAddr, long physAddr, int log2, Rights rights, boolean ioMem, Cache cache) {
        return virt[slot] == virtAddr && phys[slot] == physAddr && info[slot] == info(log2, rights, ioMem, cache);
    }

    private static int info(int log2, Rights rights, boolean ioMem, Cache cache) {
        return log2 | (rights.writable() ? WRITABLE : 0) | (rights.executable() ? EXECUTABLE : 0)
                | (ioMem ? IO_MEM : 0) | cache.ordinal() << CACHE_SHIFT;
    }

    private void grow() {
        int capacity = virt.length * 2;
        virt = Arrays.copyOf(virt, capacity);
        phys = Arrays.copyOf(phys, capacity);
        info = Arrays.copyOf(info, capacity);
        owner = Arrays.copyOf(owner, capacity);
        generation = Arrays.copyOf(generation, capacity);
    }

    /** Frees {@code slot}: its handles stop being live, and a later {@link #add} may reuse it. */
    void free(int slot) {
        owner[slot] = null;
        // A slot whose generation would come round again is retired rather than reused: an old handle of it, kept
        // by a region that never compacted its list, must never name a later mapping (2^32 reuses per slot).
        if (++generation[slot] != 0) {
            phys[slot] = freeHead;
            freeHead = slot;
        }
    }

    /** The slot and its current generation in one long, which stays valid until the slot is freed. */
    long handle(int slot) {
        return (long) generation[slot] << 32 | slot;
    }

    /** Whether the mapping {@code handle} was taken from is still installed. */
    boolean live(long handle) {
        int slot = (int) handle;
        return generation[slot] == (int) (handle >>> 32) && owner[slot] != null;
    }

    /** The slot of {@code handle}. */
    static int slot(long handle) {
        return (int) handle;
    }

    long virt(int slot) {
        return virt[slot];
    }

    long phys(int slot) {
        return phys[slot];
    }

    int log2(int slot) {
        return info[slot] & 63;
    }

    /** The last virtual address of the mapping in {@code slot}: mappings are aligned to their size. */
    long virtLast(int slot) {
        return virt[slot] | ((1L << log2(slot)) - 1);
    }

    RegionMap owner(int slot) {
        return owner[slot];
    }

    /** The mapping in {@code slot} as a value. */
    Mapping mapping(int slot) {
        int i = info[slot];
        return new Mapping(Addr.of(virt[slot]), Addr.of(phys[slot]), Log2.of(i & 63),
                Rights.of((i & WRITABLE) != 0, (i & EXECUTABLE) != 0), (i & IO_MEM) != 0,
                CACHES[i >>> CACHE_SHIFT]);
    }
}
