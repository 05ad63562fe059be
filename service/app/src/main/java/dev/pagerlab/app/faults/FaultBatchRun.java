package dev.pagerlab.app.faults;

import dev.pagerlab.app.web.Dto;
import dev.pagerlab.app.web.Refused;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.FaultAnswer;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.model.Failure;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import java.io.OutputStream;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * A checked fault batch and its run: each fault in one lab step, its result written to the answer as soon as it is
 * known, so that the answer is never held whole in memory.
 */
final class FaultBatchRun {

    private static final byte[] COMMA = {','};

    private final Lab lab;
    /**
     * Told before each fault how many of the batch follow it, and -1 after it: the lab's streams
     * ({@code LabStreams.faultsToCome}), which leave unbuilt the events a long batch would overwrite unseen.
     */
    private final IntConsumer faultsToCome;
    private final FaultBatch batch;
    private final Explain explain;
    private final ThreadId[] threads;
    /** The answer of the fault just run by {@link #step}, reused for every fault of the batch. */
    private final FaultAnswer holder = new FaultAnswer();
    /** {@link #step()} made once, so that running a fault allocates no closure. */
    private final Supplier<@Nullable Object> step = this::step;
    /** The index of the fault {@link #step} runs next. */
    private int current;

    private FaultBatchRun(Lab lab, IntConsumer faultsToCome, FaultBatch batch, Explain explain) {
        this.lab = lab;
        this.faultsToCome = faultsToCome;
        this.batch = batch;
        this.explain = explain;
        this.threads = batch.threads().toArray(ThreadId[]::new);
    }

    /**
     * Checks what can be checked before anything runs: every thread exists and every address fits the platform;
     * otherwise refused, and the lab is unchanged.
     */
    static FaultBatchRun checked(Lab lab, IntConsumer faultsToCome, FaultBatch batch, Explain explain) {
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
        return new FaultBatchRun(lab, faultsToCome, batch, explain);
    }

    /** Runs the faults in order and writes {@code {results: [...], counts: {...}}}, or only the counts. */
    void writeTo(JsonMapper json, OutputStream out, boolean withResults) {
        List<String> outcomes = Dto.FaultResultDto.OUTCOMES;
        int[] counts = new int[outcomes.size()];
        // Written as a JSON generator would write {results, counts}, the results from pre-encoded pieces, into a
        // buffer handed to the servlet container's stream whenever it fills; the container ends the answer.
        FaultResultWriter answer = new FaultResultWriter(out, threads);
        answer.raw(withResults ? "{\"results\":[" : "{");
        if (explain == Explain.NO_TRACE) {
            runAnswers(json, answer, counts, withResults);
        } else {
            runReports(json, answer, counts, withResults);
        }
        StringBuilder end = new StringBuilder(withResults ? "]," : "").append("\"counts\":{");
        for (int o = 0; o < counts.length; o++) {
            end.append(o == 0 ? "\"" : ",\"").append(outcomes.get(o)).append("\":").append(counts[o]);
        }
        answer.raw(end.append("}}").toString());
        answer.flush();
    }

    /**
     * Runs the faults through the engine's holder entry point ({@link Lab#fault(ThreadId, long,
     * dev.pagerlab.engine.model.Access, FaultAnswer)}): a resolved fault makes no report, result or mapping value,
     * and is written from the holder.
     */
    private void runAnswers(JsonMapper json, FaultResultWriter answer, int[] counts, boolean withResults) {
        for (int i = 0; i < batch.size(); i++) {
            current = i;
            Object notRun = lab.atomically(step);
            if (withResults && i > 0) {
                answer.raw(COMMA);
            }
            if (notRun == null) {
                counts[holder.isResolved() ? 0 : Dto.FaultResultDto.outcomeIndex(holder.resolution())]++;
                if (withResults) {
                    answer.write(holder, batch.threadIndex(i));
                }
            } else {
                counts[Dto.FaultResultDto.OUTCOMES.indexOf(((Dto.FaultResultDto) notRun).outcome())]++;
                if (withResults) {
                    answer.raw(json.writeValueAsBytes(notRun));
                }
            }
        }
    }

    /**
     * Fault {@link #current} in one lab step, its answer in {@link #holder}: null when it was accepted, else the
     * result of a fault that was refused (its thread is not running) as a {@link Dto.FaultResultDto}, read in the
     * same step, so that the state shown is the one that refused the fault.
     */
    private @Nullable Object step() {
        int i = current;
        ThreadId thread = threads[batch.threadIndex(i)];
        faultsToCome.accept(batch.size() - 1 - i);
        boolean accepted;
        try {
            accepted = lab.fault(thread, batch.addr(i), batch.type(i), holder);
        } finally {
            faultsToCome.accept(-1);
        }
        if (accepted) {
            return null;
        }
        Failure failure = java.util.Objects.requireNonNull(holder.refusal());
        return lab.thread(thread).map(t -> Dto.FaultResultDto.notRun(failure.code().name(), t, failure.detail()))
                .orElseThrow(() -> new Refused(failure));
    }

    /** Runs the faults through the entry point that reports each one's trace. */
    private void runReports(JsonMapper json, FaultResultWriter answer, int[] counts, boolean withResults) {
        List<String> outcomes = Dto.FaultResultDto.OUTCOMES;
        for (int i = 0; i < batch.size(); i++) {
            Object result = runOne(i);
            if (withResults && i > 0) {
                answer.raw(COMMA);
            }
            if (result instanceof FaultReport report) {
                counts[Dto.FaultResultDto.outcomeIndex(report.resolution())]++;
                if (withResults) {
                    answer.raw(json.writeValueAsBytes(Dto.FaultResultDto.of(report)));
                }
            } else {
                counts[outcomes.indexOf(((Dto.FaultResultDto) result).outcome())]++;
                if (withResults) {
                    answer.raw(json.writeValueAsBytes(result));
                }
            }
        }
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
