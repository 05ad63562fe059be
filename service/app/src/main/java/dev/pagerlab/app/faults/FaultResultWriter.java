package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.model.Fault;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.FaultResolution;
import dev.pagerlab.engine.model.Mapping;
import dev.pagerlab.engine.model.RegionMapId;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.model.ThreadState;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.SerializableString;
import tools.jackson.core.io.SerializedString;

/**
 * Writes a fault report without a trace exactly as {@link Dto.FaultResultDto} serializes (FaultResultWriterTest
 * compares the two on random labs), but straight to the generator: a batch writes 10,000 of them, and building a
 * DTO, its nested views and their hex strings for each, then serializing them by reflection, cost more than the
 * fault itself.
 */
final class FaultResultWriter {

    private static final SerializedString OUTCOME = new SerializedString("outcome");
    private static final SerializedString THREAD = new SerializedString("thread");
    private static final SerializedString ID = new SerializedString("id");
    private static final SerializedString STATE = new SerializedString("state");
    private static final SerializedString MAPPING = new SerializedString("mapping");
    private static final SerializedString VIRT = new SerializedString("virt");
    private static final SerializedString PHYS = new SerializedString("phys");
    private static final SerializedString SIZE_LOG2 = new SerializedString("sizeLog2");
    private static final SerializedString SIZE = new SerializedString("size");
    private static final SerializedString WRITABLE = new SerializedString("writable");
    private static final SerializedString EXECUTABLE = new SerializedString("executable");
    private static final SerializedString IO_MEM = new SerializedString("ioMem");
    private static final SerializedString CACHE = new SerializedString("cache");
    private static final SerializedString REFLECTED = new SerializedString("reflected");
    private static final SerializedString FAILED_AT = new SerializedString("failedAt");
    private static final SerializedString RM_SESSION = new SerializedString("rmSession");
    private static final SerializedString TYPE = new SerializedString("type");
    private static final SerializedString ADDR = new SerializedString("addr");
    private static final SerializedString CAUSE = new SerializedString("cause");
    private static final SerializedString[] OUTCOMES = Dto.FaultResultDto.OUTCOMES.stream()
            .map(SerializedString::new).toArray(SerializedString[]::new);
    private static final SerializedString[] STATES = names(ThreadState.values());
    private static final SerializedString[] CACHES = names(dev.pagerlab.engine.model.Cache.values());
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final JsonGenerator gen;
    private final SerializableString[] threadIds;
    private final char[] hex = new char[18];

    /** A writer to {@code gen} of the faults of {@code threads} (a batch's distinct threads, by index). */
    FaultResultWriter(JsonGenerator gen, ThreadId[] threads) {
        this.gen = gen;
        this.threadIds = new SerializableString[threads.length];
        for (int t = 0; t < threads.length; t++) {
            threadIds[t] = new SerializedString(threads[t].toString());
        }
    }

    private static SerializedString[] names(Enum<?>[] constants) {
        SerializedString[] names = new SerializedString[constants.length];
        for (Enum<?> c : constants) {
            names[c.ordinal()] = new SerializedString(c.name());
        }
        return names;
    }

    /** Writes {@code report}, a fault of thread {@code thread} (an index into the threads given); its trace is not. */
    void write(FaultReport report, int thread) {
        FaultResolution resolution = report.resolution();
        gen.writeStartObject();
        gen.writeName(OUTCOME);
        gen.writeString(OUTCOMES[Dto.FaultResultDto.outcomeIndex(resolution)]);
        gen.writeName(THREAD);
        gen.writeStartObject();
        gen.writeName(ID);
        gen.writeString(threadIds[thread]);
        gen.writeName(STATE);
        gen.writeString(STATES[report.threadState().ordinal()]);
        gen.writeEndObject();
        switch (resolution) {
            case FaultResolution.Resolved r -> mapping(r.mapping());
            case FaultResolution.Reflected r -> located(REFLECTED, r.regionMap(), r.fault(), r.cause().name());
            case FaultResolution.Stopped r -> located(FAILED_AT, r.regionMap(), r.fault(), null);
        }
        gen.writeEndObject();
    }

    private void mapping(Mapping m) {
        gen.writeName(MAPPING);
        gen.writeStartObject();
        gen.writeName(VIRT);
        hex(m.virt().value());
        gen.writeName(PHYS);
        hex(m.phys().value());
        gen.writeName(SIZE_LOG2);
        gen.writeNumber(m.sizeLog2().value());
        gen.writeName(SIZE);
        hex(m.size().value());
        gen.writeName(WRITABLE);
        gen.writeBoolean(m.rights().writable());
        gen.writeName(EXECUTABLE);
        gen.writeBoolean(m.rights().executable());
        gen.writeName(IO_MEM);
        gen.writeBoolean(m.ioMem());
        gen.writeName(CACHE);
        gen.writeString(CACHES[m.cache().ordinal()]);
        gen.writeEndObject();
    }

    private void located(SerializableString name, RegionMapId regionMap, Fault fault, String cause) {
        gen.writeName(name);
        gen.writeStartObject();
        gen.writeName(RM_SESSION);
        gen.writeString(regionMap.toString());
        gen.writeName(TYPE);
        gen.writeString(fault.type().name());
        gen.writeName(ADDR);
        hex(fault.addr().value());
        if (cause != null) {
            gen.writeName(CAUSE);
            gen.writeString(cause);
        }
        gen.writeEndObject();
    }

    /** {@code value} as the API prints it ({@code 0x} and lowercase hex, unsigned), without building a string. */
    private void hex(long value) {
        int digits = Math.max(1, (67 - Long.numberOfLeadingZeros(value)) >> 2);
        hex[0] = '0';
        hex[1] = 'x';
        for (int i = digits + 1, shift = 0; i >= 2; i--, shift += 4) {
            hex[i] = HEX[(int) (value >>> shift) & 0xf];
        }
        gen.writeString(hex, 0, digits + 2);
    }
}
