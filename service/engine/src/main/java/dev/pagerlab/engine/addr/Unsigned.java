package dev.pagerlab.engine.addr;

/** Formatting shared by the unsigned value types. */
final class Unsigned {

    private Unsigned() {
    }

    static String hex(long value) {
        return "0x" + Long.toHexString(value);
    }
}
