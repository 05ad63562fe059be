package dev.pagerlab.engine.lab;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.ThreadId;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.RandomAccess;

/**
 * A lab's accepted operations, oldest first. Faults, nearly all of a busy lab's history, are kept as primitive
 * columns (thread, address, access: 13 bytes) and become {@link Operation.SubmitFault} values only when read; the
 * other operations are kept as they came. A fault then leaves no objects behind for the collector to trace.
 *
 * <p>Entries live in fixed-size chunks that never move and are only appended to, so a {@link #snapshot} taken under
 * the lab's lock stays valid, unchanged, while the lab goes on.
 */
final class OperationLog {

    private static final int CHUNK_BITS = 12;
    private static final int CHUNK = 1 << CHUNK_BITS;
    /** The kind of an entry that is not a fault: its address column holds its index in {@link #others}. */
    private static final byte OTHER = -1;
    private static final Access[] ACCESSES = Access.values();

    private int[][] threads = new int[1][];
    private long[][] addrs = new long[1][];
    /** The access's ordinal for a fault, {@link #OTHER} otherwise. */
    private byte[][] kinds = new byte[1][];
    private final List<Operation> others = new ArrayList<>();
    private int size;

    int size() {
        return size;
    }

    /** Appends an operation; a fault goes into the columns. */
    void add(Operation operation) {
        if (operation instanceof Operation.SubmitFault(ThreadId thread, Addr addr, Access access)) {
            addFault(thread.number(), addr.value(), access);
        } else {
            append(0, others.size(), OTHER);
            others.add(operation);
        }
    }

    /** Appends the fault of thread {@code thread} at {@code addr}, without making an operation value of it. */
    void addFault(int thread, long addr, Access access) {
        append(thread, addr, (byte) access.ordinal());
    }

    private void append(int thread, long addr, byte kind) {
        int chunk = size >>> CHUNK_BITS;
        int slot = size & (CHUNK - 1);
        if (slot == 0) {
            if (chunk == kinds.length) {
                threads = Arrays.copyOf(threads, chunk * 2);
                addrs = Arrays.copyOf(addrs, chunk * 2);
                kinds = Arrays.copyOf(kinds, chunk * 2);
            }
            threads[chunk] = new int[CHUNK];
            addrs[chunk] = new long[CHUNK];
            kinds[chunk] = new byte[CHUNK];
        }
        threads[chunk][slot] = thread;
        addrs[chunk][slot] = addr;
        kinds[chunk][slot] = kind;
        size++;
    }

    /**
     * The operations accepted so far, as an unmodifiable list that later appends do not change; it holds the chunk
     * tables as they are now (the chunks themselves are only written past {@code size}).
     */
    List<Operation> snapshot() {
        return new Snapshot(threads.clone(), addrs.clone(), kinds.clone(), List.copyOf(others), size);
    }

    private static final class Snapshot extends AbstractList<Operation> implements RandomAccess {
        private final int[][] threads;
        private final long[][] addrs;
        private final byte[][] kinds;
        private final List<Operation> others;
        private final int size;

        Snapshot(int[][] threads, long[][] addrs, byte[][] kinds, List<Operation> others, int size) {
            this.threads = threads;
            this.addrs = addrs;
            this.kinds = kinds;
            this.others = others;
            this.size = size;
        }

        @Override
        public Operation get(int index) {
            if (index < 0 || index >= size) {
                throw new IndexOutOfBoundsException("index " + index + " of " + size);
            }
            int chunk = index >>> CHUNK_BITS;
            int slot = index & (CHUNK - 1);
            byte kind = kinds[chunk][slot];
            long addr = addrs[chunk][slot];
            return kind == OTHER ? others.get((int) addr)
                    : new Operation.SubmitFault(new ThreadId(threads[chunk][slot]), Addr.of(addr), ACCESSES[kind]);
        }

        @Override
        public int size() {
            return size;
        }
    }
}
