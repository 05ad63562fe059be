package dev.pagerlab.scenario;

import java.math.BigInteger;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The API's notation for addresses and sizes: {@code "0x..."} hex, decimal digits, or a decimal with a binary suffix
 * ({@code "4K"}, {@code "2M"}, {@code "1G"}, {@code "1T"}). Values are unsigned 64-bit; nothing wraps.
 */
public final class Notation {

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final Pattern ASCII_BLANKS = Pattern.compile("^[ \t]+|[ \t]+$");
    private static final Pattern NOTATION = Pattern.compile("(?:0[xX]([0-9a-fA-F]+)|([0-9]+)([KMGT]?))");

    private Notation() {
    }

    /** The unsigned value {@code text} denotes, as a {@code long} bit pattern; empty when it is not one. */
    public static Optional<Long> parse(String text) {
        // ASCII blanks only: a Unicode space (U+2003, U+00A0, ...) is not padding but a value that was not meant.
        String trimmed = ASCII_BLANKS.matcher(text).replaceAll("");
        if (trimmed.length() > 80) {
            return Optional.empty();
        }
        Matcher m = NOTATION.matcher(trimmed.toUpperCase(Locale.ROOT).replace("0X", "0x"));
        if (!m.matches()) {
            return Optional.empty();
        }
        BigInteger value;
        if (m.group(1) != null) {
            value = new BigInteger(m.group(1), 16);
        } else {
            int shift = switch (m.group(3)) {
                case "K" -> 10;
                case "M" -> 20;
                case "G" -> 30;
                case "T" -> 40;
                default -> 0;
            };
            value = new BigInteger(m.group(2)).shiftLeft(shift);
        }
        return fits(value) ? Optional.of(value.longValue()) : Optional.empty();
    }

    /** Whether {@code value} is an unsigned 64-bit value. */
    public static boolean fits(BigInteger value) {
        return value.signum() >= 0 && value.compareTo(TWO_64) < 0;
    }

    /** The output notation: lowercase hex with {@code 0x}. */
    public static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
