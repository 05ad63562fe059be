package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;
import java.util.List;

/**
 * A checked fault batch and its run: each fault in one lab step, its result written to the answer as soon as it is
 * known, so that the answer is never held whole in memory.
 */
final class FaultBatchRun {

    private static final byte[] COMMA = {','};

    private final Lab lab;
    private final FaultBatch batch;
    private final Explain explain;
    private final ThreadId[] threads;

    private FaultBatchRun(Lab lab, FaultBatch batch, Explain explain) {
        this.lab = lab;
        this.batch = batch;
        this.explain = explain;
        this.threads = batch.threads().toArray(ThreadId[]::new);
    }

    /**
     * Checks what can be checked before anything runs: every thread exists and every address fits the platform;
     * otherwise refused, and the lab is unchanged.
     */
    static FaultBatchRun checked(Lab lab, FaultBatch batch, Explain explain) {
        int bits = lab.platform().addressBits();
        boolean[] known = new boolean[batch.threads().size()];
        for (int i = 0; i < batch.size(); i++) {
            int t = batch.threadIndex(i);
            if (!known[t]) {
                ThreadId thread = batch.threads().get(t);
                if (lab.thread(thread).isEmpty()) {
                    throw new Refused(Code.NOT_FOUND, "fault " + (i + 1) + ": no thread " + thread);
                }
                known[t] = true;
            }
            Addr addr = Addr.of(batch.addr(i));
            if (!addr.fitsBits(bits)) {
                throw new Refused(Code.VALIDATION_FAILED, "fault " + (i + 1) + ": " + addr + " does not fit"
                        + " the " + bits + "-bit addresses of " + lab.platform().name());
            }
        }
        return new FaultBatchRun(lab, batch, explain);
    }

    /** Runs the faults in order and writes {@code {results: [...], counts: {...}}}, or only the counts. */
    void writeTo(JsonMapper json, OutputStream out, boolean withResults) {
        List<String> outcomes = Dto.FaultResultDto.OUTCOMES;
        int[] counts = new int[outcomes.size()];
        // Written as a JSON generator would write {results, counts}, the results from pre-encoded pieces, into a
        // buffer handed to the servlet container's stream whenever it fills; the container ends the answer.
        FaultResultWriter answer = new FaultResultWriter(out, threads);
        answer.raw(withResults ? "{\"results\":[" : "{");
        for (int i = 0; i < batch.size(); i++) {
            Object result = runOne(i);
            if (withResults && i > 0) {
                answer.raw(COMMA);
            }
            if (result instanceof FaultReport report) {
                counts[Dto.FaultResultDto.outcomeIndex(report.resolution())]++;
                if (withResults) {
                    if (explain == Explain.TRACE) {
                        answer.raw(json.writeValueAsBytes(Dto.FaultResultDto.of(report)));
                    } else {
                        answer.write(report, batch.threadIndex(i));
                    }
                }
            } else {
                counts[outcomes.indexOf(((Dto.FaultResultDto) result).outcome())]++;
                if (withResults) {
                    answer.raw(json.writeValueAsBytes(result));
                }
            }
        }
        StringBuilder end = new StringBuilder(withResults ? "]," : "").append("\"counts\":{");
        for (int o = 0; o < counts.length; o++) {
            end.append(o == 0 ? "\"" : ",\"").append(outcomes.get(o)).append("\":").append(counts[o]);
        }
        answer.raw(end.append("}}").toString());
        answer.flush();
    }

    /**
     * Fault {@code i}'s report, or the result of a fault that was refused (its thread is not running), as a
     * {@link Dto.FaultResultDto}.
     */
    private Object runOne(int i) {
        ThreadId thread = threads[batch.threadIndex(i)];
        Addr addr = Addr.of(batch.addr(i));
        var type = batch.type(i);
        return lab.atomically(() -> {
            Result<FaultReport> result = lab.fault(thread, addr, type, explain);
            if (result instanceof Result.Refused<FaultReport>(Failure failure)) {
                // Read in the same step, so that the state shown is the one that refused the fault.
                return lab.thread(thread)
                        .map(t -> Dto.FaultResultDto.notRun(failure.code().name(), t, failure.detail()))
                        .orElseThrow(() -> new Refused(failure));
            }
            return result.orThrow();
        });
    }
}
