package dev.pagerlab.engine.tlb;

import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.Result;
import org.jspecify.annotations.Nullable;

/**
 * The text form of a trace: one access per line, {@code TYPE ADDRESS}, such as {@code READ 0x1000}. The type is
 * {@code READ}, {@code WRITE} or {@code EXEC} (any case); the address is {@code 0x} hex or decimal, unsigned 64-bit.
 * Blank lines and lines starting with {@code #} are skipped, so that a converted tool output can keep a header.
 */
public final class TextTrace {

    private TextTrace() {
    }

    /**
     * The accesses of {@code text}, in order; refused with {@code VALIDATION_FAILED} naming the first line (from 1)
     * that does not parse, or when there are more than {@link AccessTrace#MAX_ACCESSES}.
     */
    public static Result<AccessTrace> parse(CharSequence text) {
        AccessTrace.Builder trace = new AccessTrace.Builder(text.length() / 16);
        int line = 0;
        int start = 0;
        int length = text.length();
        while (start <= length) {
            int end = start;
            while (end < length && text.charAt(end) != '\n') {
                end++;
            }
            line++;
            int last = end;
            if (last > start && text.charAt(last - 1) == '\r') {
                last--;
            }
            String error = parseLine(text, start, last, trace);
            if (error != null) {
                return Result.refused(Code.VALIDATION_FAILED, "trace line " + line + ": " + error);
            }
            start = end + 1;
        }
        return Result.ok(trace.build());
    }

    /** Appends the line's access; answers why it does not parse, or null. */
    private static @Nullable String parseLine(CharSequence text, int from, int to, AccessTrace.Builder trace) {
        int i = skipBlanks(text, from, to);
        if (i == to || text.charAt(i) == '#') {
            return null;
        }
        int typeEnd = i;
        while (typeEnd < to && !isBlank(text.charAt(typeEnd))) {
            typeEnd++;
        }
        Access type = type(text, i, typeEnd);
        int addrStart = skipBlanks(text, typeEnd, to);
        int addrEnd = addrStart;
        while (addrEnd < to && !isBlank(text.charAt(addrEnd))) {
            addrEnd++;
        }
        if (type == null || addrStart == addrEnd || skipBlanks(text, addrEnd, to) != to) {
            return "'" + quoted(text, from, to) + "' is not 'READ|WRITE|EXEC address' (such as 'READ 0x1000')";
        }
        long addr;
        try {
            addr = address(text, addrStart, addrEnd);
        } catch (NumberFormatException e) {
            return "'" + quoted(text, addrStart, addrEnd) + "' is not an unsigned 64-bit address (0x hex or decimal)";
        }
        if (trace.size() == AccessTrace.MAX_ACCESSES) {
            return "more than " + AccessTrace.MAX_ACCESSES + " accesses; a trace run replays at most that many";
        }
        trace.add(type, addr);
        return null;
    }

    private static @Nullable Access type(CharSequence text, int from, int to) {
        String word = text.subSequence(from, to).toString();
        for (Access a : Access.values()) {
            if (a.name().equalsIgnoreCase(word)) {
                return a;
            }
        }
        return null;
    }

    private static long address(CharSequence text, int from, int to) {
        boolean hex = to - from > 2 && text.charAt(from) == '0' && (text.charAt(from + 1) == 'x'
                || text.charAt(from + 1) == 'X');
        // parseUnsignedLong refuses signs and anything past 2^64 - 1, so nothing wraps.
        int digits = hex ? from + 2 : from;
        if (text.charAt(digits) == '+') {
            throw new NumberFormatException("a sign");
        }
        return Long.parseUnsignedLong(text, digits, to, hex ? 16 : 10);
    }

    private static int skipBlanks(CharSequence text, int from, int to) {
        int i = from;
        while (i < to && isBlank(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t';
    }

    private static String quoted(CharSequence text, int from, int to) {
        return to - from > 60 ? text.subSequence(from, from + 60) + "..." : text.subSequence(from, to).toString();
    }
}
