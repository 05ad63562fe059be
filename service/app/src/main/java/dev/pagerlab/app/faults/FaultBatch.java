package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Refused;
import dev.pagerlab.app.web.UnsignedInput;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.ThreadId;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The faults of one batch, read and checked before any runs, so that a batch with a bad element changes nothing.
 *
 * <p>Text input is an access trace in the format of MOSS's command files with the thread in front: one
 * {@code thread type addr} line per fault, such as {@code th-1 READ 0x1000}; blank lines and lines starting with
 * {@code #} or {@code //} are skipped.
 */
record FaultBatch(List<Item> faults) {

    /** One fault of the batch: the thread, the address in its address space, and the access. */
    record Item(ThreadId thread, Addr addr, Access type) {
    }

    /** Reads the text form; a bad line is a refusal naming its number. */
    static FaultBatch ofText(String text, int max) {
        List<Item> faults = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\r?\n", -1)) {
            number++;
            String content = line.strip();
            if (content.isEmpty() || content.startsWith("#") || content.startsWith("//")) {
                continue;
            }
            String[] words = content.split("\\s+");
            if (words.length != 3) {
                throw bad(number, "expected 'thread type addr', such as 'th-1 READ 0x1000', not '"
                        + abbreviated(content) + "'");
            }
            if (faults.size() == max) {
                throw tooMany(max);
            }
            faults.add(new Item(thread(words[0], "line " + number), address(words[2], number),
                    access(words[1], number)));
        }
        return new FaultBatch(faults);
    }

    /** A JSON element's thread id; {@code where} names the element in a refusal. */
    static ThreadId thread(String text, String where) {
        return ThreadId.parse(text).orElseThrow(() -> new Refused(Code.VALIDATION_FAILED, where + ": '"
                + abbreviated(text) + "' is not a thread id such as th-1"));
    }

    static Refused tooMany(int max) {
        return new Refused(Code.VALIDATION_FAILED, "a batch holds at most " + max + " faults"
                + " (pagerlab.limits.batch-faults)");
    }

    private static Access access(String word, int line) {
        try {
            return Access.valueOf(word.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw bad(line, "'" + abbreviated(word) + "' is not an access: READ, WRITE or EXEC");
        }
    }

    private static Addr address(String word, int line) {
        try {
            return Addr.of(UnsignedInput.parse(word));
        } catch (UnsignedInput.InvalidValue e) {
            throw bad(line, e.getMessage());
        }
    }

    private static Refused bad(int line, String detail) {
        return new Refused(Code.VALIDATION_FAILED, "line " + line + ": " + detail);
    }

    private static String abbreviated(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
