package dev.pagerlab.engine.platform;

import dev.pagerlab.engine.addr.Log2;

import java.util.List;
import java.util.NavigableSet;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * Which mapping sizes a kernel can install: Genode's {@code kernel_constrained_map_size}, as data.
 */
public sealed interface MapSizeConstraint {

    /** The largest installable size log2 that is at most {@code wanted}; never below {@code pageSize}. */
    Log2 constrain(Log2 wanted, Log2 pageSize);

    /** Every installable size log2 from {@code pageSize} up, ascending. */
    List<Integer> sizes(Log2 pageSize);

    /** A one-line description for people, such as "flexpages up to 2^43". */
    String describe();

    /** Flexpages: any power of two from the page size up to {@code 2^max}. */
    record Flexpage(Log2 max) implements MapSizeConstraint {

        @Override
        public Log2 constrain(Log2 wanted, Log2 pageSize) {
            return wanted.min(max).compareTo(pageSize) < 0 ? pageSize : wanted.min(max);
        }

        @Override
        public List<Integer> sizes(Log2 pageSize) {
            return IntStream.rangeClosed(pageSize.value(), max.value()).boxed().toList();
        }

        @Override
        public String describe() {
            return max.value() == Log2.MAX ? "any power of two (flexpages)" : "flexpages up to 2^" + max;
        }
    }

    /** A fixed set of page sizes, such as x86_64's 4K, 2M and 1G; must contain the page size. */
    record PageSizes(NavigableSet<Integer> log2Sizes) implements MapSizeConstraint {

        /** The set is copied; it must not be empty. */
        public PageSizes {
            if (log2Sizes.isEmpty()) {
                throw new IllegalArgumentException("no page sizes");
            }
            log2Sizes = java.util.Collections.unmodifiableNavigableSet(new TreeSet<>(log2Sizes));
        }

        /** The sizes {@code log2s}. */
        public static PageSizes of(Integer... log2s) {
            return new PageSizes(new TreeSet<>(List.of(log2s)));
        }

        @Override
        public Log2 constrain(Log2 wanted, Log2 pageSize) {
            Integer fit = log2Sizes.floor(wanted.value());
            return fit == null || fit < pageSize.value() ? pageSize : Log2.of(fit);
        }

        @Override
        public List<Integer> sizes(Log2 pageSize) {
            return log2Sizes.tailSet(pageSize.value(), true).stream().toList();
        }

        @Override
        public String describe() {
            return "page sizes 2^" + String.join(", 2^", log2Sizes.stream().map(String::valueOf).toList());
        }
    }
}
