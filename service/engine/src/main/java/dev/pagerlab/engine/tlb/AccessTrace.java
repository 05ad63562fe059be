package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;

/**
 * A thread's accesses in order, at most {@link #MAX_ACCESSES}: stored as one {@code long} and one byte each, so that a
 * million accesses take 9 MB rather than a million objects.
 */
public final class AccessTrace {

    /** The most accesses one trace run replays. */
    public static final int MAX_ACCESSES = 1_000_000;

    private static final Access[] TYPES = Access.values();

    private final long[] addrs;
    private final byte[] types;

    private AccessTrace(long[] addrs, byte[] types) {
        this.addrs = addrs;
        this.types = types;
    }

    /** The trace of {@code accesses}, in order; at most {@link #MAX_ACCESSES} of them. */
    public static AccessTrace of(List<MemoryAccess> accesses) {
        Builder b = new Builder(accesses.size());
        for (MemoryAccess a : accesses) {
            b.add(a.type(), a.addr().value());
        }
        return b.build();
    }

    /** How many accesses. */
    public int size() {
        return addrs.length;
    }

    /** The address of access {@code i}, as an unsigned bit pattern. */
    public long addr(int i) {
        return addrs[i];
    }

    /** The type of access {@code i}. */
    public Access type(int i) {
        return TYPES[types[i]];
    }

    /** Access {@code i} as a value. */
    public MemoryAccess get(int i) {
        return new MemoryAccess(type(i), Addr.of(addrs[i]));
    }

    /** The accesses as a list view, built on demand. */
    public List<MemoryAccess> asList() {
        return new AbstractList<>() {
            @Override
            public MemoryAccess get(int index) {
                return AccessTrace.this.get(index);
            }

            @Override
            public int size() {
                return addrs.length;
            }
        };
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AccessTrace t && Arrays.equals(addrs, t.addrs) && Arrays.equals(types, t.types);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(addrs) + Arrays.hashCode(types);
    }

    @Override
    public String toString() {
        return "AccessTrace[" + addrs.length + " accesses]";
    }

    /** Collects accesses in order; refuses to grow past {@link #MAX_ACCESSES}. */
    public static final class Builder {
        private long[] addrs;
        private byte[] types;
        private int size;

        /** An empty builder that expects about {@code expected} accesses. */
        public Builder(int expected) {
            int capacity = Math.clamp(expected, 16, MAX_ACCESSES);
            addrs = new long[capacity];
            types = new byte[capacity];
        }

        /** How many accesses so far. */
        public int size() {
            return size;
        }

        /** Appends an access at the unsigned address {@code addr}; throws when the trace is full. */
        public Builder add(Access type, long addr) {
            if (size == MAX_ACCESSES) {
                throw new IllegalStateException("a trace holds at most " + MAX_ACCESSES + " accesses");
            }
            if (size == addrs.length) {
                int grown = (int) Math.min((long) size * 2, MAX_ACCESSES);
                addrs = Arrays.copyOf(addrs, grown);
                types = Arrays.copyOf(types, grown);
            }
            addrs[size] = addr;
            types[size] = (byte) type.ordinal();
            size++;
            return this;
        }

        /** The trace collected so far. */
        public AccessTrace build() {
            return new AccessTrace(Arrays.copyOf(addrs, size), Arrays.copyOf(types, size));
        }
    }
}
