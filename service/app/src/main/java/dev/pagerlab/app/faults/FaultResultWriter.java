package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.lab.FaultAnswer;
import dev.pagerlab.engine.model.Cache;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.Rights;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Writes a batch's answer as UTF-8 JSON into a reused buffer that goes to the stream whenever it fills: a fault
 * report without a trace exactly as {@link Dto.FaultResultDto} serializes (FaultResultWriterTest compares the two on
 * random labs), from pre-encoded pieces. A batch writes 10,000 of them; building a DTO per fault and serializing it
 * by reflection cost more than the fault, and so did a JSON generator's checks and escaping for text that never
 * needs any (ids such as th-1 and rm-4, Genode's names, hex digits).
 */
final class FaultResultWriter {

    /** The longest piece written without a check of the room left: a whole result is below 400 bytes. */
    private static final int LONGEST = 1024;

    private static final byte[] OUTCOME = ascii("{\"outcome\":\"");
    private static final byte[] THREAD = ascii("\",\"thread\":{\"id\":\"");
    private static final byte[] STATE = ascii("\",\"state\":\"");
    private static final byte[] MAPPING = ascii("\"},\"mapping\":{\"virt\":\"");
    private static final byte[] PHYS = ascii("\",\"phys\":\"");
    private static final byte[] SIZE_LOG2 = ascii("\",\"sizeLog2\":");
    private static final byte[] SIZE = ascii(",\"size\":\"");
    private static final byte[] WRITABLE = ascii("\",\"writable\":");
    private static final byte[] EXECUTABLE = ascii(",\"executable\":");
    private static final byte[] IO_MEM = ascii(",\"ioMem\":");
    private static final byte[] CACHE = ascii(",\"cache\":\"");
    private static final byte[] REFLECTED = ascii("\"},\"reflected\":{\"rmSession\":\"");
    private static final byte[] FAILED_AT = ascii("\"},\"failedAt\":{\"rmSession\":\"");
    private static final byte[] TYPE = ascii("\",\"type\":\"");
    private static final byte[] ADDR = ascii("\",\"addr\":\"");
    private static final byte[] CAUSE = ascii("\",\"cause\":\"");
    private static final byte[] END_TWO = ascii("\"}}");
    private static final byte[] TRUE = ascii("true");
    private static final byte[] FALSE = ascii("false");
    private static final byte[][] OUTCOMES = Dto.FaultResultDto.OUTCOMES.stream().map(FaultResultWriter::ascii)
            .toArray(byte[][]::new);
    private static final byte[][] STATES = names(ThreadState.values());
    private static final byte[][] CACHES = names(Cache.values());
    private static final byte[] HEX = ascii("0123456789abcdef");
    /** The sizes' log2, 0 to 64, as text. */
    private static final byte[][] DECIMALS = java.util.stream.IntStream.rangeClosed(0, 64)
            .mapToObj(i -> ascii(Integer.toString(i))).toArray(byte[][]::new);

    private final OutputStream out;
    private final ThreadId[] threads;
    private final byte[][] threadIds;
    private final byte[] buffer;
    private int length;

    /** A writer to {@code out} of the faults of {@code threads} (a batch's distinct threads, by index). */
    FaultResultWriter(OutputStream out, ThreadId[] threads) {
        this(out, threads, 16 * 1024);
    }

    /** A writer of one answer, a fault of {@code thread}: a buffer of one result's size, not a batch's. */
    static FaultResultWriter forOne(OutputStream out, ThreadId thread) {
        return new FaultResultWriter(out, new ThreadId[] {thread}, LONGEST);
    }

    private FaultResultWriter(OutputStream out, ThreadId[] threads, int bufferSize) {
        this.buffer = new byte[bufferSize];
        this.out = out;
        this.threads = threads;
        this.threadIds = new byte[threads.length][];
        for (int t = 0; t < threads.length; t++) {
            threadIds[t] = ascii(threads[t].toString());
        }
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[][] names(Enum<?>[] constants) {
        byte[][] names = new byte[constants.length][];
        for (Enum<?> c : constants) {
            names[c.ordinal()] = ascii(c.name());
        }
        return names;
    }

    /** Writes {@code report}, a fault of thread {@code thread} (an index into the threads given); its trace is not. */
    void write(FaultReport report, int thread) {
        room(LONGEST);
        FaultResolution resolution = report.resolution();
        put(OUTCOME);
        put(OUTCOMES[Dto.FaultResultDto.outcomeIndex(resolution)]);
        put(THREAD);
        put(threadIds[thread]);
        put(STATE);
        put(STATES[report.threadState().ordinal()]);
        switch (resolution) {
            case FaultResolution.Resolved r -> mapping(r.mapping());
            case FaultResolution.Reflected r -> located(REFLECTED, r.regionMap(), r.fault(), r.cause().name());
            case FaultResolution.Stopped r -> located(FAILED_AT, r.regionMap(), r.fault(), null);
        }
    }

    /**
     * Writes the fault {@code answer} holds, a fault of thread {@code thread} (an index into the threads given):
     * the same bytes as {@link #write(FaultReport, int)} of the report the other entry point would have made, but a
     * resolved fault's mapping is read from the holder's plain values, so that writing it makes no objects.
     */
    void write(FaultAnswer answer, int thread) {
        if (!answer.isResolved()) {
            write(new FaultReport(threads[thread], answer.threadState(), answer.resolution(), List.of()), thread);
            return;
        }
        room(LONGEST);
        put(OUTCOME);
        put(OUTCOMES[0]);
        put(THREAD);
        put(threadIds[thread]);
        put(STATE);
        put(STATES[answer.threadState().ordinal()]);
        mapping(answer.virt(), answer.phys(), answer.sizeLog2(), answer.rights(), answer.ioMem(), answer.cache());
    }

    private void mapping(Mapping m) {
        mapping(m.virt().value(), m.phys().value(), m.sizeLog2().value(), m.rights(), m.ioMem(), m.cache());
    }

    private void mapping(long virt, long phys, int log2, Rights rights, boolean ioMem, Cache cache) {
        put(MAPPING);
        hex(virt);
        put(PHYS);
        hex(phys);
        put(SIZE_LOG2);
        decimal(log2);
        put(SIZE);
        // As Log2.size() makes it.
        hex(1L << log2);
        put(WRITABLE);
        put(rights.writable() ? TRUE : FALSE);
        put(EXECUTABLE);
        put(rights.executable() ? TRUE : FALSE);
        put(IO_MEM);
        put(ioMem ? TRUE : FALSE);
        put(CACHE);
        put(CACHES[cache.ordinal()]);
        put(END_TWO);
    }

    private void located(byte[] name, RegionMapId regionMap, Fault fault, String cause) {
        put(name);
        put(ascii(regionMap.toString()));
        put(TYPE);
        put(ascii(fault.type().name()));
        put(ADDR);
        hex(fault.addr().value());
        if (cause != null) {
            put(CAUSE);
            put(ascii(cause));
        }
        put(END_TWO);
    }

    /** {@code value} as the API prints it, quoted ({@code 0x} and lowercase hex, unsigned), without a string. */
    private void hex(long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) >> 2);
        byte[] b = buffer;
        int at = length;
        b[at] = '0';
        b[at + 1] = 'x';
        for (int i = at + digits + 1, shift = 0; i >= at + 2; i--, shift += 4) {
            b[i] = HEX[(int) (value >>> shift) & 0xf];
        }
        length = at + digits + 2;
    }

    private void decimal(int value) {
        put(value >= 0 && value < DECIMALS.length ? DECIMALS[value] : ascii(Integer.toString(value)));
    }

    private void put(byte[] bytes) {
        System.arraycopy(bytes, 0, buffer, length, bytes.length);
        length += bytes.length;
    }

    /** Appends JSON written elsewhere (a DTO serialized by the application's mapper, punctuation, counts). */
    void raw(byte[] json) {
        if (json.length > buffer.length - length) {
            flush();
            if (json.length > buffer.length) {
                send(json, json.length);
                return;
            }
        }
        put(json);
    }

    /** Appends ASCII text such as punctuation or a number. */
    void raw(String ascii) {
        raw(ascii(ascii));
    }

    private void room(int bytes) {
        if (buffer.length - length < bytes) {
            flush();
        }
    }

    /** Hands what is buffered to the stream (the servlet container's, which sends it when its own buffer fills). */
    void flush() {
        send(buffer, length);
        length = 0;
    }

    private void send(byte[] bytes, int count) {
        try {
            out.write(bytes, 0, count);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
