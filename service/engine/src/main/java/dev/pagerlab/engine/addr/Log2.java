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

    private static final Log2[] ALL = new Log2[MAX + 1];

    static {
        for (int i = 0; i <= MAX; i++) {
            ALL[i] = new Log2(i);
        }
    }

    /** The log2 size {@code value}, which must be between 0 and 63; one shared instance per value. */
    public static Log2 of(int value) {
        if (value < 0 || value > MAX) {
            throw new IllegalArgumentException("log2 out of range: " + value);
        }
        return ALL[value];
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
