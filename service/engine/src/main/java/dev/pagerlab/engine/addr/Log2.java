package dev.pagerlab.engine.addr;

/**
 * The binary logarithm of a power-of-two size, between 0 and 63.
 *
 * <p>2^64 is not a size a 64-bit machine can name, so 63 is the largest value.
 */
public record Log2(int value) implements Comparable<Log2> {

    /** The largest log2 size that fits an unsigned 64-bit value. */
    public static final int MAX = 63;

    /** Must be between 0 and {@link #MAX}. */
    public Log2 {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("log2 out of range: " + value);
        }
    }

    /** The log2 size {@code value}, which must be between 0 and 63. */
    public static Log2 of(int value) {
        return new Log2(value);
    }

    /** The size {@code 2^value}. */
    public Size size() {
        return Size.of(1L << value);
    }

    /** All-ones mask of the bits below {@code 2^value}. */
    public long lowMask() {
        return (1L << value) - 1;
    }

    /** The smaller of the two. */
    public Log2 min(Log2 other) {
        return value <= other.value ? this : other;
    }

    @Override
    public int compareTo(Log2 other) {
        return Integer.compare(value, other.value);
    }

    @Override
    public String toString() {
        return Integer.toString(value);
    }
}
