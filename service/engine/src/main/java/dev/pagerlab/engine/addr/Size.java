package dev.pagerlab.engine.addr;

import java.util.Optional;

/**
 * An unsigned 64-bit byte count: a size, or an offset into a dataspace.
 *
 * <p>2^64 itself is not representable; the largest page-aligned size is {@code 2^64 - 2^P}.
 */
public record Size(long value) implements Comparable<Size> {

    /** Zero bytes. */
    public static final Size ZERO = new Size(0);

    /** The size whose unsigned bit pattern is {@code value}. */
    public static Size of(long value) {
        return new Size(value);
    }

    /** Whether this is zero. */
    public boolean isZero() {
        return value == 0;
    }

    /** Whether this is a multiple of {@code 2^alignment}. */
    public boolean alignedTo(Log2 alignment) {
        return (value & alignment.lowMask()) == 0;
    }

    /** Rounded up to a multiple of {@code 2^alignment}; empty when that would exceed 2^64 - 1. */
    public Optional<Size> alignedUp(Log2 alignment) {
        long mask = alignment.lowMask();
        if ((value & mask) == 0) {
            return Optional.of(this);
        }
        long up = (value | mask) + 1;
        return up == 0 ? Optional.empty() : Optional.of(new Size(up));
    }

    /** The floor of the binary logarithm; must not be zero. */
    public Log2 log2Floor() {
        if (value == 0) {
            throw new IllegalStateException("log2 of zero");
        }
        return Log2.of(63 - Long.numberOfLeadingZeros(value));
    }

    /** The sum; empty when it would exceed 2^64 - 1. */
    public Optional<Size> plus(Size other) {
        long sum = value + other.value;
        return Long.compareUnsigned(sum, value) < 0 ? Optional.empty() : Optional.of(new Size(sum));
    }

    /** The difference; empty when {@code other} is larger. */
    public Optional<Size> minus(Size other) {
        return Long.compareUnsigned(value, other.value) < 0
                ? Optional.empty()
                : Optional.of(new Size(value - other.value));
    }

    /** Whether this size is larger than {@code other}, compared unsigned. */
    public boolean exceeds(Size other) {
        return Long.compareUnsigned(value, other.value) > 0;
    }

    /** Whether this size is at most {@code 2^bits} (bits 1..64). */
    public boolean fitsBits(int bits) {
        return bits >= 64 || Long.compareUnsigned(value, 1L << bits) <= 0;
    }

    /** Lowercase hex with {@code 0x} prefix. */
    public String hex() {
        return Unsigned.hex(value);
    }

    @Override
    public int compareTo(Size other) {
        return Long.compareUnsigned(value, other.value);
    }

    @Override
    public String toString() {
        return hex();
    }
}
