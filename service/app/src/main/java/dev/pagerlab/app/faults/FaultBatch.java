package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.UnsignedInput;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.ThreadId;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.sym.PropertyNameMatcher;
import tools.jackson.core.util.Named;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The faults of one batch, read and checked before any runs, so that a batch with a bad element changes nothing.
 *
 * <p>Held as parallel arrays (a batch of 10,000 faults is a few arrays, not 10,000 objects); the threads it names
 * are kept once each, and every fault refers to its thread by index.
 *
 * <p>JSON ({@code {"faults": [{"thread": .., "addr": .., "type": ..}, ...], "explain": ..}}) is read straight from
 * its bytes when it is the common body, otherwise token by token, as strictly as the rest of the API reads bodies:
 * unknown and duplicate fields, wrong JSON types and malformed JSON are refused naming the element. Text input is
 * an access trace in the format of MOSS's command files with the thread in front: one {@code thread type addr} line
 * per fault, such as {@code th-1 READ 0x1000}; blank lines and lines starting with {@code #} or {@code //} are
 * skipped.
 */
final class FaultBatch {

    private static final Access[] ACCESSES = Access.values();
    /** The fields of a fault, by the bit of each in a fault's seen and given fields ({@code 1 << index}). */
    private static final List<Named> FIELDS = List.of(Named.fromString("thread"), Named.fromString("addr"),
            Named.fromString("type"));

    private final int max;
    private final List<ThreadId> threads = new ArrayList<>();
    private final Map<ThreadId, Integer> threadIndexes = new HashMap<>();
    private int lastThread = -1;
    private int[] thread = new int[64];
    private long[] addr = new long[64];
    private byte[] type = new byte[64];
    private int size;
    private boolean explain;

    private FaultBatch(int max) {
        this.max = max;
    }

    /** Faults in the batch. */
    int size() {
        return size;
    }

    /** The distinct threads the batch names, in order of first appearance. */
    List<ThreadId> threads() {
        return threads;
    }

    /** The index into {@link #threads()} of fault {@code i}'s thread. */
    int threadIndex(int i) {
        return thread[i];
    }

    /** Fault {@code i}'s address in its thread's address space, unsigned. */
    long addr(int i) {
        return addr[i];
    }

    /** Fault {@code i}'s access. */
    Access type(int i) {
        return ACCESSES[type[i]];
    }

    /** Whether a JSON body asked for every fault's trace ({@code "explain": true}). */
    boolean explain() {
        return explain;
    }

    private void add(int threadIndex, long address, Access access) {
        if (size == max) {
            throw tooMany(max);
        }
        if (size == addr.length) {
            int grown = Math.min(max, size * 2);
            thread = Arrays.copyOf(thread, grown);
            addr = Arrays.copyOf(addr, grown);
            type = Arrays.copyOf(type, grown);
        }
        thread[size] = threadIndex;
        addr[size] = address;
        type[size] = (byte) access.ordinal();
        size++;
    }

    /**
     * The index of the thread written {@code chars[off, off+len)}, added to {@link #threads()} when new; refused
     * naming element {@code number} of the JSON array, or text line {@code number}, when it is not a thread id
     * (that text is put together only then: a batch reads 10,000 threads).
     */
    private int threadIndex(char[] chars, int off, int len, int number, boolean line) {
        int index = threadIndex(chars, off, len);
        if (index < 0) {
            throw new Refused(Code.VALIDATION_FAILED, (line ? "line " + number : "faults[" + number + "]") + ": '"
                    + abbreviated(new String(chars, off, len)) + "' is not a thread id such as th-1");
        }
        return index;
    }

    /**
     * The index of the thread written {@code chars[off, off+len)}, added to {@link #threads()} when new, or -1 when
     * it is not a thread id. Consecutive faults mostly name the same thread, so that one is compared first without
     * building a string.
     */
    private int threadIndex(char[] chars, int off, int len) {
        if (lastThread >= 0 && spells(threads.get(lastThread), chars, off, len)) {
            return lastThread;
        }
        ThreadId id = ThreadId.parse(new String(chars, off, len)).orElse(null);
        if (id == null) {
            return -1;
        }
        lastThread = threadIndexes.computeIfAbsent(id, added -> {
            threads.add(added);
            return threads.size() - 1;
        });
        return lastThread;
    }

    /** Whether {@code chars[off, off+len)} is exactly {@code th-N} for this id, without building a string. */
    private static boolean spells(ThreadId id, char[] chars, int off, int len) {
        if (len < 4 || chars[off] != 't' || chars[off + 1] != 'h' || chars[off + 2] != '-' || chars[off + 3] == '0') {
            return false;
        }
        long n = 0;
        for (int i = off + 3; i < off + len; i++) {
            char c = chars[i];
            if (c < '0' || c > '9' || n > Integer.MAX_VALUE) {
                return false;
            }
            n = n * 10 + (c - '0');
        }
        return n == id.number();
    }

    /**
     * The access spelled {@code chars[off, off+len)} (in capitals, or in any ASCII case when {@code anyCase}), or
     * null.
     */
    private static Access access(char[] chars, int off, int len, boolean anyCase) {
        for (Access a : ACCESSES) {
            String name = a.name();
            if (name.length() == len && matches(name, chars, off, anyCase)) {
                return a;
            }
        }
        return null;
    }

    private static boolean matches(String upper, char[] chars, int off, boolean anyCase) {
        for (int i = 0; i < upper.length(); i++) {
            char c = chars[off + i];
            char u = upper.charAt(i);
            if (c != u && !(anyCase && c == u + ('a' - 'A'))) {
                return false;
            }
        }
        return true;
    }

    // ---------------------------------------------------------------- JSON

    /**
     * Reads a JSON body: the common body straight from its bytes ({@link CommonJson}), any other token by token;
     * anything but a well-formed, strictly typed batch is refused.
     */
    static FaultBatch ofJson(TokenStreamFactory json, byte[] body, int max) {
        FaultBatch common = ofCommonJson(body, max);
        return common != null ? common : ofJsonTokens(json, body, max);
    }

    /** The batch of a common JSON body (see {@link CommonJson}), or null for any other body, valid or not. */
    static @Nullable FaultBatch ofCommonJson(byte[] body, int max) {
        return new CommonJson(body, new FaultBatch(max)).read();
    }

    /** Reads a JSON body token by token with Jackson; every refusal of a JSON body comes from here. */
    static FaultBatch ofJsonTokens(TokenStreamFactory json, byte[] body, int max) {
        FaultBatch batch = new FaultBatch(max);
        try (JsonParser p = json.createParser(ObjectReadContext.empty(), body)) {
            try {
                batch.readJson(p, json.constructNameMatcher(FIELDS, true));
            } catch (JacksonException e) {
                String at = p.streamReadContext().pathAsPointer().toString();
                throw new Refused(Code.VALIDATION_FAILED, "malformed JSON" + (at.isEmpty() ? "" : " at " + at)
                        + ": " + e.getOriginalMessage());
            }
        }
        return batch;
    }

    private void readJson(JsonParser p, PropertyNameMatcher fields) {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new Refused(Code.VALIDATION_FAILED, "expected a JSON object such as {\"faults\": [{\"thread\":"
                    + " \"th-1\", \"addr\": \"0x1000\", \"type\": \"READ\"}]}");
        }
        boolean faultsSeen = false;
        boolean faultsGiven = false;
        boolean explainSeen = false;
        for (String name = p.nextName(); name != null; name = p.nextName()) {
            JsonToken value = p.nextToken();
            switch (name) {
                case "faults" -> {
                    if (faultsSeen) {
                        throw field("faults", "duplicate field");
                    }
                    faultsSeen = true;
                    if (value == JsonToken.START_ARRAY) {
                        faultsGiven = true;
                        readFaults(p, fields);
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw field("faults", "expected an array");
                    }
                }
                case "explain" -> {
                    if (explainSeen) {
                        throw field("explain", "duplicate field");
                    }
                    explainSeen = true;
                    if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
                        explain = value == JsonToken.VALUE_TRUE;
                    } else if (value != JsonToken.VALUE_NULL) {
                        throw field("explain", "expected true or false");
                    }
                }
                default -> throw new Refused(Code.VALIDATION_FAILED, "unknown field '" + name + "'");
            }
        }
        if (p.nextToken() != null) {
            throw new Refused(Code.VALIDATION_FAILED, "malformed JSON: content after the end of the object");
        }
        if (!faultsGiven) {
            throw Refused.required("faults");
        }
    }

    /** Reads the elements of {@code faults}; the parser stands on the array's start. */
    private void readFaults(JsonParser p, PropertyNameMatcher fields) {
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.START_OBJECT) {
                throw new Refused(Code.VALIDATION_FAILED, "faults[" + size + "]" + (t == JsonToken.VALUE_NULL
                        ? ": thread, addr and type are required"
                        : ": expected an object such as {\"thread\": \"th-1\", \"addr\": \"0x1000\", \"type\":"
                        + " \"READ\"}"));
            }
            int threadIndex = -1;
            long address = 0;
            Access access = null;
            int seen = 0;
            int given = 0;
            // Matched by the parser from the name's bytes (as Jackson's own binding does), not made into a string.
            for (int field = p.nextNameMatch(fields); field != PropertyNameMatcher.MATCH_END_OBJECT;
                    field = p.nextNameMatch(fields)) {
                if (field < 0) {
                    throw new Refused(Code.VALIDATION_FAILED, "unknown field 'faults[" + size + "]."
                            + p.currentName() + "'");
                }
                JsonToken value = p.nextToken();
                int bit = 1 << field;
                if ((seen & bit) != 0) {
                    throw field("faults[" + size + "]." + FIELDS.get(field).getName(), "duplicate field");
                }
                seen |= bit;
                if (value == JsonToken.VALUE_NULL) {
                    continue;
                }
                given |= bit;
                switch (bit) {
                    case 1 -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw field("faults[" + size + "].thread", "expected a string such as \"th-1\"");
                        }
                        threadIndex = threadIndex(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(),
                                size, false);
                    }
                    case 2 -> address = address(p, value);
                    default -> access = type(p, value);
                }
            }
            if (given != 7) {
                throw new Refused(Code.VALIDATION_FAILED, "faults[" + size + "]: thread, addr and type are required");
            }
            add(threadIndex, address, access);
        }
    }

    private Access type(JsonParser p, JsonToken value) {
        Access access = value == JsonToken.VALUE_STRING
                ? access(p.getStringCharacters(), p.getStringOffset(), p.getStringLength(), false) : null;
        if (access == null) {
            String sent = !value.isScalarValue() ? (value == JsonToken.START_OBJECT ? "an object" : "an array")
                    : value == JsonToken.VALUE_STRING ? "\"" + abbreviated(p.getString()) + "\""
                    : abbreviated(p.getString());
            throw new Refused(Code.VALIDATION_FAILED, "'faults[" + size + "].type' must be one of READ, WRITE,"
                    + " EXEC, not " + sent);
        }
        return access;
    }

    private long address(JsonParser p, JsonToken value) {
        try {
            if (value == JsonToken.VALUE_STRING) {
                return UnsignedInput.parse(p.getStringCharacters(), p.getStringOffset(), p.getStringLength());
            }
            if (value == JsonToken.VALUE_NUMBER_INT) {
                return UnsignedInput.fromJsonNumber(p.getBigIntegerValue());
            }
        } catch (UnsignedInput.InvalidValue e) {
            throw field("faults[" + size + "].addr", e.getMessage());
        }
        throw field("faults[" + size + "].addr", "expected an address as a string such as \"0x1000\"");
    }

    private static Refused field(String path, String detail) {
        return new Refused(Code.VALIDATION_FAILED, "'" + path + "': " + detail);
    }

    /**
     * Reads the common body, {@code {"faults": [{"thread": "th-1", "addr": "0x1000", "type": "READ"}, ...]}} with an
     * optional {@code "explain": true} or {@code false}, straight from its bytes: reading it token by token was a
     * fifth of a batch's time on the server. Only what is certainly valid is read here: ASCII, JSON's whitespace,
     * each field once in any order, and strings without escapes, whose text the JSON path's own checks read (thread
     * id, access in capitals, {@link UnsignedInput}). At anything else {@link #read()} gives up and Jackson reads the
     * whole body again, so that the answer to every other body, and every refusal, comes from {@link #readJson} alone.
     */
    private static final class CommonJson {
        private static final int END = -1;

        private final byte[] in;
        private final FaultBatch batch;
        /** The characters of the last string read: a thread id, address or access is short. */
        private final char[] text = new char[32];
        private int textLength;
        private int at;

        CommonJson(byte[] in, FaultBatch batch) {
            this.in = in;
            this.batch = batch;
        }

        /** The batch, or null when the body is not the common one. */
        @Nullable FaultBatch read() {
            if (next() != '{') {
                return null;
            }
            boolean faultsSeen = false;
            boolean explainSeen = false;
            int c;
            do {
                if (next() != '"') {
                    return null;
                }
                if (!faultsSeen && follows("faults\"")) {
                    faultsSeen = true;
                    if (next() != ':' || next() != '[' || !faults()) {
                        return null;
                    }
                } else if (!explainSeen && follows("explain\"")) {
                    explainSeen = true;
                    if (next() != ':') {
                        return null;
                    }
                    c = next();
                    if (c == 't' && follows("rue")) {
                        batch.explain = true;
                    } else if (!(c == 'f' && follows("alse"))) {
                        return null;
                    }
                } else {
                    return null;
                }
                c = next();
            } while (c == ',');
            return c == '}' && faultsSeen && next() == END ? batch : null;
        }

        /** Reads the elements of {@code faults}, standing after its {@code [}; false where the body is not common. */
        private boolean faults() {
            int c = next();
            if (c == ']') {
                return true;
            }
            while (c == '{' && fault()) {
                c = next();
                if (c == ']') {
                    return true;
                }
                if (c != ',') {
                    return false;
                }
                c = next();
            }
            return false;
        }

        /** Reads one fault, standing after its opening brace. */
        private boolean fault() {
            if (batch.size == batch.max) {
                return false; // too many: refused by the JSON path, which counts the same way
            }
            int seen = 0;
            int threadIndex = -1;
            long address = 0;
            Access access = null;
            int c;
            do {
                if (next() != '"') {
                    return false;
                }
                int field = follows("thread\"") ? 1 : follows("addr\"") ? 2 : follows("type\"") ? 4 : 0;
                if (field == 0 || (seen & field) != 0 || next() != ':' || next() != '"' || !string()) {
                    return false;
                }
                seen |= field;
                if (field == 1) {
                    threadIndex = batch.threadIndex(text, 0, textLength);
                } else if (field == 2) {
                    try {
                        address = UnsignedInput.parse(text, 0, textLength);
                    } catch (UnsignedInput.InvalidValue e) {
                        return false;
                    }
                } else {
                    access = access(text, 0, textLength, false);
                }
                c = next();
            } while (c == ',');
            if (c != '}' || seen != 7 || threadIndex < 0 || access == null) {
                return false;
            }
            batch.add(threadIndex, address, access);
            return true;
        }

        /** Whether {@code expected} follows, which is then read: names and literals compared without a string. */
        private boolean follows(String expected) {
            int n = expected.length();
            if (at + n > in.length) {
                return false;
            }
            for (int i = 0; i < n; i++) {
                if (in[at + i] != expected.charAt(i)) {
                    return false;
                }
            }
            at += n;
            return true;
        }

        /**
         * Reads a string's characters into {@link #text}, standing after its opening quote: printable ASCII without
         * escapes, short enough for the buffer; false for any other string.
         */
        private boolean string() {
            int start = at;
            int end = Math.min(in.length, start + text.length);
            for (int i = start; i < end; i++) {
                byte b = in[i];
                if (b == '"') {
                    textLength = i - start;
                    at = i + 1;
                    return true;
                }
                if (b < 0x20 || b == '\\') { // control characters and, as bytes are signed, non-ASCII
                    return false;
                }
                text[i - start] = (char) b;
            }
            return false;
        }

        /** The next byte that is not JSON whitespace, unsigned (non-ASCII matches no character looked for), or END. */
        private int next() {
            while (at < in.length) {
                int b = in[at++] & 0xFF;
                if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                    return b;
                }
            }
            return END;
        }
    }

    // ---------------------------------------------------------------- text

    /** Reads the text form; a bad line is a refusal naming its number. */
    static FaultBatch ofText(String text, int max) {
        FaultBatch batch = new FaultBatch(max);
        char[] chars = text.toCharArray();
        int[] words = new int[6];
        int number = 0;
        for (int start = 0; start <= chars.length; ) {
            int end = start;
            while (end < chars.length && chars[end] != '\n') {
                end++;
            }
            number++;
            int count = batch.words(chars, start, end, words);
            if (count != 0 && !(chars[words[0]] == '#' || chars[words[0]] == '/' && words[1] - words[0] > 1
                    && chars[words[0] + 1] == '/')) {
                if (count != 3) {
                    throw bad(number, "expected 'thread type addr', such as 'th-1 READ 0x1000', not '"
                            + abbreviated(new String(chars, start, end - start).strip()) + "'");
                }
                int threadIndex = batch.threadIndex(chars, words[0], words[1] - words[0], number, true);
                Access access = access(chars, words[2], words[3] - words[2], true);
                if (access == null) {
                    throw bad(number, "'" + abbreviated(new String(chars, words[2], words[3] - words[2]))
                            + "' is not an access: READ, WRITE or EXEC");
                }
                long address;
                try {
                    address = UnsignedInput.parse(chars, words[4], words[5] - words[4]);
                } catch (UnsignedInput.InvalidValue e) {
                    throw bad(number, e.getMessage());
                }
                batch.add(threadIndex, address, access);
            }
            start = end + 1;
        }
        return batch;
    }

    /**
     * Finds the whitespace-separated words of {@code chars[start, end)}: their bounds in {@code words} (start, end
     * pairs, at most three), and how many there are (up to four, which is already too many).
     */
    private int words(char[] chars, int start, int end, int[] words) {
        int count = 0;
        int i = start;
        while (count < 4) {
            while (i < end && isSpace(chars[i])) {
                i++;
            }
            if (i == end) {
                break;
            }
            int wordStart = i;
            while (i < end && !isSpace(chars[i])) {
                i++;
            }
            if (count < 3) {
                words[2 * count] = wordStart;
                words[2 * count + 1] = i;
            }
            count++;
        }
        return count;
    }

    /** ASCII whitespace, as a regular expression's {@code \s}; a trailing {@code \r} of CRLF is one too. */
    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\u000B' || c == '\f';
    }

    static Refused tooMany(int max) {
        return new Refused(Code.VALIDATION_FAILED, "a batch holds at most " + max + " faults"
                + " (pagerlab.limits.batch-faults)");
    }

    private static Refused bad(int line, String detail) {
        return new Refused(Code.VALIDATION_FAILED, "line " + line + ": " + detail);
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
