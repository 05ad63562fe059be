package dev.pagerlab.app.web;

import dev.pagerlab.scenario.Notation;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * Reads the API's address and size notation: {@code "0x..."} hex, decimal digits, or a decimal with a binary suffix
 * ({@code "4K"}, {@code "2M"}, {@code "1G"}, {@code "1T"}). Values must fit unsigned 64 bits; nothing wraps.
 */
public final class UnsignedInput {

    /** The largest JSON number accepted: beyond 2^53 JavaScript clients would already have lost precision. */
    public static final long MAX_JSON_NUMBER = 1L << 53;

    /**
     * The value of each ASCII hex digit, -1 for every other character: a table, as random addresses mix digits and
     * letters, on which comparing ranges mispredicts. ASCII only, as the general path: Character.digit would also
     * take other scripts' digits.
     */
    private static final byte[] HEX_DIGITS = new byte[128];

    static {
        Arrays.fill(HEX_DIGITS, (byte) -1);
        for (int d = 0; d < 16; d++) {
            HEX_DIGITS[Character.forDigit(d, 16)] = (byte) d;
            HEX_DIGITS[Character.toUpperCase(Character.forDigit(d, 16))] = (byte) d;
        }
    }

    private UnsignedInput() {
    }

    /** Thrown for text that is not an unsigned 64-bit value in the API's notation. */
    public static final class InvalidValue extends RuntimeException {
        InvalidValue(String message) {
            super(message);
        }
    }

    /** The unsigned value {@code text} denotes, as a {@code long} bit pattern (the notation is the scenario module's). */
    public static long parse(String text) {
        long quick = text.length() > 17 ? -1 : quickHex(text.toCharArray(), 0, text.length());
        return quick >= 0 ? quick : general(text);
    }

    /**
     * {@link #parse(String)} of {@code chars[off, off+len)}, such as a JSON parser's buffer: the common spelling
     * builds no string.
     */
    public static long parse(char[] chars, int off, int len) {
        long quick = quickHex(chars, off, len);
        return quick >= 0 ? quick : general(new String(chars, off, len));
    }

    private static long general(String text) {
        return Notation.parse(text).orElseThrow(() -> new InvalidValue("'" + abbreviated(text) + "' is not an"
                + " address or size that fits 64 bits: use \"0x1000\", \"4096\" or \"4K\""));
    }

    /**
     * The value of the common spelling {@code 0x} plus 1 to 15 hex digits without a regular expression (a fault
     * batch reads 10,000 of them), or -1 for anything else, which the general path then reads.
     */
    private static long quickHex(char[] chars, int off, int n) {
        if (n < 3 || n > 17 || chars[off] != '0' || (chars[off + 1] != 'x' && chars[off + 1] != 'X')) {
            return -1;
        }
        long value = 0;
        for (int i = off + 2; i < off + n; i++) {
            char c = chars[i];
            int digit = c < HEX_DIGITS.length ? HEX_DIGITS[c] : -1;
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
