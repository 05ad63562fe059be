package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** How expectation values compare: numbers by value whatever their notation, everything else as written. */
final class Values {

    private Values() {
    }

    /** Whether the written {@code expected} value equals the {@code actual} answer. */
    static boolean same(@Nullable Object expected, @Nullable Object actual) {
        if (expected == null || actual == null) {
            return expected == actual;
        }
        if (expected instanceof Map<?, ?> || expected instanceof List<?>) {
            return false;
        }
        if (actual instanceof Double || expected instanceof BigDecimal) {
            return sameDecimal(expected, actual);
        }
        Optional<Long> a = unsigned(expected);
        Optional<Long> b = unsigned(actual);
        if (a.isPresent() && b.isPresent()) {
            return a.get().equals(b.get());
        }
        if (expected instanceof Boolean || actual instanceof Boolean) {
            return expected.equals(actual);
        }
        return expected.toString().equals(actual.toString());
    }

    /**
     * A ratio (the only answer that is not an integer) against what was written: to as many decimals as it is written
     * with, so that {@code 1.33} matches 4/3; an integer matches exactly ({@code 16} matches 16.0, not 16.3).
     */
    private static boolean sameDecimal(Object expected, Object actual) {
        Optional<BigDecimal> want = decimal(expected);
        Optional<BigDecimal> got = decimal(actual);
        if (want.isEmpty() || got.isEmpty()) {
            return false;
        }
        // An integer is exact: 4096 is the factor, not "about 4096".
        BigDecimal actualValue = want.get().scale() > 0
                ? got.get().setScale(want.get().scale(), RoundingMode.HALF_UP) : got.get();
        return actualValue.compareTo(want.get()) == 0;
    }

    private static Optional<BigDecimal> decimal(Object value) {
        return switch (value) {
            case BigDecimal d -> Optional.of(d);
            case BigInteger i -> Optional.of(new BigDecimal(i));
            case Double d when Double.isFinite(d) -> Optional.of(BigDecimal.valueOf(d));
            case Long l -> Optional.of(BigDecimal.valueOf(l));
            case Integer i -> Optional.of(BigDecimal.valueOf(i));
            case String s -> {
                try {
                    yield Optional.of(new BigDecimal(s.strip()));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    /** An integer, or a string in the API's notation, as an unsigned 64-bit value. */
    static Optional<Long> unsigned(Object value) {
        return switch (value) {
            case BigInteger i when Notation.fits(i) -> Optional.of(i.longValue());
            case Integer i when i >= 0 -> Optional.of((long) i);
            case Long l when l >= 0 -> Optional.of(l);
            case String s -> Notation.parse(s);
            default -> Optional.empty();
        };
    }

    /** A value for a message: JSON-like, compact, without loading a data-binding mapper. */
    static String show(@Nullable Object value) {
        return switch (value) {
            case null -> "null";
            case String s -> '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            case Map<?, ?> m -> {
                StringBuilder text = new StringBuilder("{");
                m.forEach((k, v) -> text.append(text.length() > 1 ? ", " : "").append(k).append(": ")
                        .append(show(v)));
                yield text.append('}').toString();
            }
            case List<?> l -> {
                StringBuilder text = new StringBuilder("[");
                l.forEach(v -> text.append(text.length() > 1 ? ", " : "").append(show(v)));
                yield text.append(']').toString();
            }
            default -> value.toString();
        };
    }
}
