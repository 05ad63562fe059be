package dev.pagerlab.app.web;

import java.math.BigInteger;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the API's address and size notation: {@code "0x..."} hex, decimal digits, or a decimal with a binary suffix
 * ({@code "4K"}, {@code "2M"}, {@code "1G"}, {@code "1T"}). Values must fit unsigned 64 bits; nothing wraps.
 */
public final class UnsignedInput {

    /** The largest JSON number accepted: beyond 2^53 JavaScript clients would already have lost precision. */
    public static final long MAX_JSON_NUMBER = 1L << 53;

    private static final BigInteger TWO_64 = BigInteger.ONE.shiftLeft(64);
    private static final Pattern NOTATION = Pattern.compile("(?:0[xX]([0-9a-fA-F]+)|([0-9]+)([KMGT]?))");

    private UnsignedInput() {
    }

    /** Thrown for text that is not an unsigned 64-bit value in the API's notation. */
    public static final class InvalidValue extends RuntimeException {
        InvalidValue(String message) {
            super(message);
        }
    }

    /** The unsigned value {@code text} denotes, as a {@code long} bit pattern. */
    public static long parse(String text) {
        long quick = quickHex(text);
        if (quick >= 0) {
            return quick;
        }
        String trimmed = text.strip();
        Matcher m = NOTATION.matcher(trimmed.toUpperCase(Locale.ROOT).replace("0X", "0x"));
        if (trimmed.length() > 80 || !m.matches()) {
            throw new InvalidValue("'" + abbreviated(text) + "' is not an address or size: use \"0x1000\", \"4096\""
                    + " or \"4K\"");
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
        if (value.compareTo(TWO_64) >= 0) {
            throw new InvalidValue("'" + abbreviated(text) + "' does not fit 64 bits");
        }
        return value.longValue();
    }

    /**
     * The value of the common spelling {@code 0x} plus 1 to 15 hex digits without a regular expression (a fault
     * batch reads 10,000 of them), or -1 for anything else, which the general path then reads.
     */
    private static long quickHex(String text) {
        int n = text.length();
        if (n < 3 || n > 17 || text.charAt(0) != '0' || (text.charAt(1) != 'x' && text.charAt(1) != 'X')) {
            return -1;
        }
        long value = 0;
        for (int i = 2; i < n; i++) {
            char c = text.charAt(i);
            // ASCII only, as the general path: Character.digit would also take other scripts' digits.
            int digit = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10
                    : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (digit < 0) {
                return -1;
            }
            value = value << 4 | digit;
        }
        return value;
    }

    /** The value of a JSON integer, which must lie in {@code [0, 2^53]}. */
    public static long fromJsonNumber(BigInteger number) {
        if (number.signum() < 0) {
            throw new InvalidValue(number + " is negative; addresses and sizes are unsigned");
        }
        if (number.compareTo(BigInteger.valueOf(MAX_JSON_NUMBER)) > 0) {
            throw new InvalidValue(number + " is above 2^53, where JSON numbers lose precision: send it as a"
                    + " string, such as \"0x" + number.toString(16) + "\"");
        }
        return number.longValue();
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
