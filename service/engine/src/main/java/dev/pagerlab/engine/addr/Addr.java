package dev.pagerlab.engine.addr;

/**
 * An unsigned 64-bit byte address, virtual or physical; the bit pattern of {@code value} is the address.
 *
 * <p>Arithmetic never wraps: operations that would leave {@code [0, 2^64-1]} say so in their result.
 */
public record Addr(long value) implements Comparable<Addr> {

    /** Address zero. */
    public static final Addr ZERO = new Addr(0);

    /** The last byte below 2^64. */
    public static final Addr MAX = new Addr(-1L);

    /** The address whose unsigned bit pattern is {@code value}. */
    public static Addr of(long value) {
        return new Addr(value);
    }

    /** Whether this address is a multiple of {@code 2^alignment}. */
    public boolean alignedTo(Log2 alignment) {
        return (value & alignment.lowMask()) == 0;
    }

    /** This address rounded down to a multiple of {@code 2^alignment}; never wraps. */
    public Addr alignedDown(Log2 alignment) {
        return new Addr(value & ~alignment.lowMask());
    }

    /** Whether this address is below {@code 2^bits} (bits 1..64). */
    public boolean fitsBits(int bits) {
        return bits >= 64 || (value >>> bits) == 0;
    }

    /** Lowercase hex with {@code 0x} prefix, as the API prints addresses. */
    public String hex() {
        return Unsigned.hex(value);
    }

    @Override
    public int compareTo(Addr other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
