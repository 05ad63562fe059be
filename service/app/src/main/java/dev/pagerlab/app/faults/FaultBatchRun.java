package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A checked fault batch and its run: each fault in one lab step, its result written to the answer as soon as it is
 * known, so that the answer is never held whole in memory.
 */
final class FaultBatchRun {

    private final Lab lab;
    private final FaultBatch batch;
    private final Explain explain;

    private FaultBatchRun(Lab lab, FaultBatch batch, Explain explain) {
        this.lab = lab;
        this.batch = batch;
        this.explain = explain;
    }

    /**
     * Checks what can be checked before anything runs: every thread exists and every address fits the platform;
     * otherwise refused, and the lab is unchanged.
     */
    static FaultBatchRun checked(Lab lab, FaultBatch batch, Explain explain) {
        Set<ThreadId> known = new HashSet<>();
        int bits = lab.platform().addressBits();
        for (int i = 0; i < batch.faults().size(); i++) {
            FaultBatch.Item item = batch.faults().get(i);
            if (!known.contains(item.thread())) {
                if (lab.thread(item.thread()).isEmpty()) {
                    throw new Refused(Code.NOT_FOUND, "fault " + (i + 1) + ": no thread " + item.thread());
                }
                known.add(item.thread());
            }
            if (!item.addr().fitsBits(bits)) {
                throw new Refused(Code.VALIDATION_FAILED, "fault " + (i + 1) + ": " + item.addr() + " does not fit"
                        + " the " + bits + "-bit addresses of " + lab.platform().name());
            }
        }
        return new FaultBatchRun(lab, batch, explain);
    }

    /** Runs the faults in order and writes {@code {results: [...], counts: {...}}}, or only the counts. */
    void writeTo(JsonMapper json, OutputStream out, boolean withResults) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        Dto.FaultResultDto.OUTCOMES.forEach(outcome -> counts.put(outcome, 0));
        // The servlet container owns the stream: the generator flushes it but leaves it open.
        try (JsonGenerator gen = json.writer().without(StreamWriteFeature.AUTO_CLOSE_TARGET).createGenerator(out)) {
            gen.writeStartObject();
            if (withResults) {
                gen.writeName("results");
                gen.writeStartArray();
            }
            for (FaultBatch.Item item : batch.faults()) {
                Object answer = runOne(item);
                String outcome = answer instanceof FaultReport report ? report.resolution().outcome()
                        : ((Dto.FaultResultDto) answer).outcome();
                counts.merge(outcome, 1, Integer::sum);
                if (withResults) {
                    gen.writePOJO(answer instanceof FaultReport report ? Dto.FaultResultDto.of(report) : answer);
                }
            }
            if (withResults) {
                gen.writeEndArray();
            }
            gen.writeName("counts");
            gen.writePOJO(counts);
            gen.writeEndObject();
        }
    }

    /** The fault's report, or the result of a fault that was refused (its thread is not running). */
    private Object runOne(FaultBatch.Item item) {
        return lab.atomically(() -> {
            Result<FaultReport> result = lab.fault(item.thread(), item.addr(), item.type(), explain);
            if (result instanceof Result.Refused<FaultReport>(Failure failure)) {
                // Read in the same step, so that the state shown is the one that refused the fault.
                return lab.thread(item.thread())
                        .map(t -> Dto.FaultResultDto.notRun(failure.code().name(), t, failure.detail()))
                        .orElseThrow(() -> new Refused(failure));
            }
            return result.orThrow();
        });
    }
}
