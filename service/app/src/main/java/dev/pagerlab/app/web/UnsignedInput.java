package dev.pagerlab.app.web;

import dev.pagerlab.scenario.Notation;

import java.math.BigInteger;

/**
 * Reads the API's address and size notation: {@code "0x..."} hex, decimal digits, or a decimal with a binary suffix
 * ({@code "4K"}, {@code "2M"}, {@code "1G"}, {@code "1T"}). Values must fit unsigned 64 bits; nothing wraps.
 */
public final class UnsignedInput {

    /** The largest JSON number accepted: beyond 2^53 JavaScript clients would already have lost precision. */
    public static final long MAX_JSON_NUMBER = 1L << 53;

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
        return Notation.parse(text).orElseThrow(() -> new InvalidValue("'" + abbreviated(text) + "' is not an"
                + " address or size that fits 64 bits: use \"0x1000\", \"4096\" or \"4K\""));
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
