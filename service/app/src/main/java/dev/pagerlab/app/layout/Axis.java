package dev.pagerlab.app.layout;

import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;

/**
 * The horizontal axis of one bar: the range {@code [0, last]} cut at every region and mapping boundary into
 * stretches, each drawn with a width that grows with the log2 of its length, so that a 2^64 address space with three
 * 4 KiB regions stays readable. Inside a stretch the scale is linear.
 */
final class Axis {

    /** One stretch of addresses {@code [first, last]} (unsigned, inclusive) drawn from {@code x0} to {@code x1}. */
    record Stretch(long first, long last, boolean occupied, double x0, double x1) {

        /** The stretch's length in bytes, as a double (2^64 is representable here, unlike in a long). */
        double length() {
            return unsigned(last - first) + 1;
        }
    }

    /** Upper bound of an empty stretch's width, in units of a one-page stretch. */
    static final double GAP_UNITS = 2;

    private final List<Stretch> stretches;

    private Axis(List<Stretch> stretches) {
        this.stretches = List.copyOf(stretches);
    }

    /**
     * An axis over {@code [0, last]} from {@code x0} to {@code x1}: {@code boundaries} are the first addresses of
     * stretches (region and mapping starts and ends plus one), {@code occupied} the ranges that hold something.
     */
    static Axis of(long last, NavigableSet<Long> boundaries, List<long[]> occupied, int pageLog2, double x0,
                   double x1) {
        NavigableSet<Long> cuts = new TreeSet<>(Long::compareUnsigned);
        cuts.add(0L);
        for (long b : boundaries) {
            if (Long.compareUnsigned(b, last) <= 0) {
                cuts.add(b);
            }
        }
        List<long[]> pieces = new ArrayList<>();
        Long previous = null;
        for (long cut : cuts) {
            if (previous != null) {
                pieces.add(new long[]{previous, cut - 1});
            }
            previous = cut;
        }
        pieces.add(new long[]{previous, last});
        double[] weights = new double[pieces.size()];
        boolean[] full = new boolean[pieces.size()];
        double total = 0;
        for (int i = 0; i < pieces.size(); i++) {
            long[] piece = pieces.get(i);
            full[i] = occupied.stream().anyMatch(o -> Long.compareUnsigned(o[0], piece[0]) <= 0
                    && Long.compareUnsigned(piece[1], o[1]) <= 0);
            double doublings = Math.max(0, log2(unsigned(piece[1] - piece[0]) + 1) - pageLog2);
            weights[i] = full[i] ? 1 + doublings : Math.min(GAP_UNITS, 1 + doublings);
            total += weights[i];
        }
        List<Stretch> stretches = new ArrayList<>();
        double x = x0;
        for (int i = 0; i < pieces.size(); i++) {
            double width = (x1 - x0) * weights[i] / total;
            stretches.add(new Stretch(pieces.get(i)[0], pieces.get(i)[1], full[i], x, x + width));
            x += width;
        }
        return new Axis(stretches);
    }

    List<Stretch> stretches() {
        return stretches;
    }

    /** The left edge of byte {@code addr}. */
    double left(long addr) {
        Stretch s = stretchOf(addr);
        return s.x0 + (s.x1 - s.x0) * unsigned(addr - s.first) / s.length();
    }

    /** The right edge of byte {@code addr}. */
    double right(long addr) {
        Stretch s = stretchOf(addr);
        return s.x0 + (s.x1 - s.x0) * (unsigned(addr - s.first) + 1) / s.length();
    }

    private Stretch stretchOf(long addr) {
        for (Stretch s : stretches) {
            if (Long.compareUnsigned(addr, s.first) >= 0 && Long.compareUnsigned(addr, s.last) <= 0) {
                return s;
            }
        }
        throw new IllegalArgumentException("address outside the axis: 0x" + Long.toHexString(addr));
    }

    /** The axis for the page's script: {@code first:last:x0:x1} per stretch, hex addresses, separated by spaces. */
    String encoded() {
        StringBuilder out = new StringBuilder();
        for (Stretch s : stretches) {
            if (!out.isEmpty()) {
                out.append(' ');
            }
            out.append("0x").append(Long.toHexString(s.first)).append(":0x").append(Long.toHexString(s.last))
                    .append(':').append(Svg.number(s.x0)).append(':').append(Svg.number(s.x1));
        }
        return out.toString();
    }

    static double unsigned(long value) {
        return value >= 0 ? value : (double) (value >>> 1) * 2 + (value & 1);
    }

    static double log2(double value) {
        return Math.log(value) / Math.log(2);
    }
}
