package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.lab.Explain;
import dev.pagerlab.engine.lab.FaultAnswer;
import dev.pagerlab.engine.model.ThreadView;
import dev.pagerlab.engine.addr.Addr;
import dev.pagerlab.engine.model.Access;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The batch's hand-written fault result is, byte for byte, what {@link Dto.FaultResultDto} serializes to, for every
 * outcome and platform that random labs produce.
 */
class FaultResultWriterTest {

    private final JsonMapper json = JsonMapper.builder().build();

    @Test
    void writesWhatTheDtoSerializesTo() {
        Set<String> outcomes = new TreeSet<>();
        for (long seed = 1; seed <= 100; seed++) {
            List<PlatformProfile> platforms = PlatformProfile.builtIns();
            PlatformProfile platform = platforms.get((int) (seed % platforms.size()));
            Lab lab = Lab.create(LabConfig.of(platform), LabEventListener.NONE).orThrow();
            RandomOperations operations = new RandomOperations(seed);
            // One writer for all of a lab's faults, as in a batch: its buffer fills and is sent many times. The
            // thread written is found by its index among the batch's threads.
            ByteArrayOutputStream written = new ByteArrayOutputStream();
            ThreadId[] threads = IntStream.rangeClosed(1, 4096).mapToObj(ThreadId::new).toArray(ThreadId[]::new);
            FaultResultWriter writer = new FaultResultWriter(written, threads);
            StringBuilder expected = new StringBuilder();
            for (int i = 0; i < 400; i++) {
                Operation op = operations.next();
                if (lab.apply(op) instanceof Result.Ok<?>(FaultReport report)) {
                    outcomes.add(report.resolution().outcome());
                    writer.write(report, report.thread().number() - 1);
                    writer.raw("\n");
                    expected.append(json.writeValueAsString(Dto.FaultResultDto.of(report))).append('\n');
                }
            }
            writer.flush();
            String[] got = written.toString(StandardCharsets.UTF_8).split("\n", -1);
            String[] want = expected.toString().split("\n", -1);
            for (int f = 0; f < want.length; f++) {
                assertThat(got[f]).as("seed %d fault %d on %s", seed, f, platform.name()).isEqualTo(want[f]);
            }
            assertThat(got).hasSameSizeAs(want);
        }
        // Every outcome a fault can have was compared, not only the common ones.
        assertThat(outcomes).containsAll(new ArrayList<>(Dto.FaultResultDto.OUTCOMES.subList(0, 5)));
    }

    @Test
    void aFaultAnswerIsWrittenAsItsReport() {
        Set<String> outcomes = new TreeSet<>();
        for (long seed = 1; seed <= 100; seed++) {
            List<PlatformProfile> platforms = PlatformProfile.builtIns();
            PlatformProfile platform = platforms.get((int) (seed % platforms.size()));
            // Twin labs: one answers each fault into the reused holder, the other as a report.
            Lab holderLab = Lab.create(LabConfig.of(platform), LabEventListener.NONE).orThrow();
            Lab reportLab = Lab.create(LabConfig.of(platform), LabEventListener.NONE).orThrow();
            RandomOperations operations = new RandomOperations(seed);
            ThreadId[] threads = IntStream.rangeClosed(1, 4096).mapToObj(ThreadId::new).toArray(ThreadId[]::new);
            ByteArrayOutputStream fromHolder = new ByteArrayOutputStream();
            ByteArrayOutputStream fromReport = new ByteArrayOutputStream();
            FaultResultWriter holderWriter = new FaultResultWriter(fromHolder, threads);
            FaultResultWriter reportWriter = new FaultResultWriter(fromReport, threads);
            FaultAnswer answer = new FaultAnswer();
            for (int i = 0; i < 400; i++) {
                Operation op = operations.next();
                if (op instanceof Operation.SubmitFault(ThreadId thread, Addr addr, Access type)) {
                    boolean accepted = holderLab.fault(thread, addr.value(), type, answer);
                    Result<FaultReport> report = reportLab.fault(thread, addr, type, Explain.NO_TRACE);
                    assertThat(accepted).as("seed %d op %d", seed, i).isEqualTo(report instanceof Result.Ok);
                    if (accepted) {
                        outcomes.add(report.orThrow().resolution().outcome());
                        holderWriter.write(answer, thread.number() - 1);
                        reportWriter.write(report.orThrow(), thread.number() - 1);
                    }
                } else {
                    holderLab.apply(op);
                    reportLab.apply(op);
                }
            }
            holderWriter.flush();
            reportWriter.flush();
            assertThat(fromHolder.toString(StandardCharsets.UTF_8)).as("seed %d on %s", seed, platform.name())
                    .isEqualTo(fromReport.toString(StandardCharsets.UTF_8));
        }
        assertThat(outcomes).containsAll(new ArrayList<>(Dto.FaultResultDto.OUTCOMES.subList(0, 5)));
    }

    @Test
    void aWholeAnswerIsWhatJacksonWritesOfItsResultsAndCounts() {
        for (long seed = 1; seed <= 40; seed++) {
            // Two equal labs: one answers the batch, the other the same faults one by one, serialized by Jackson.
            Lab batchLab = Lab.create(LabConfig.of(PlatformProfile.builtIn("foc").orElseThrow()), LabEventListener.NONE)
                    .orThrow();
            Lab singleLab = Lab.create(LabConfig.of(PlatformProfile.builtIn("foc").orElseThrow()),
                    LabEventListener.NONE).orThrow();
            RandomOperations operations = new RandomOperations(seed);
            for (int i = 0; i < 200; i++) {
                Operation op = operations.next();
                batchLab.apply(op);
                singleLab.apply(op);
            }
            List<ThreadView> threads = batchLab.threads();
            if (threads.isEmpty()) {
                continue;
            }
            SplittableRandom random = new SplittableRandom(seed);
            StringBuilder trace = new StringBuilder();
            List<Dto.FaultResultDto> results = new ArrayList<>();
            Map<String, Integer> counts = new LinkedHashMap<>();
            Dto.FaultResultDto.OUTCOMES.forEach(o -> counts.put(o, 0));
            for (int i = 0; i < 3000; i++) {
                ThreadId thread = threads.get(random.nextInt(threads.size())).id();
                Access type = Access.values()[random.nextInt(3)];
                long addr = random.nextLong(0, 1L << 26);
                trace.append(thread).append(' ').append(type).append(" 0x").append(Long.toHexString(addr)).append('\n');
                Result<FaultReport> answer = singleLab.fault(thread, Addr.of(addr), type, Explain.NO_TRACE);
                Dto.FaultResultDto dto = answer instanceof Result.Refused<FaultReport>(var failure)
                        ? Dto.FaultResultDto.notRun(failure.code().name(), singleLab.thread(thread).orElseThrow(),
                        failure.detail())
                        : Dto.FaultResultDto.of(answer.orThrow());
                results.add(dto);
                counts.merge(dto.outcome(), 1, Integer::sum);
            }
            FaultBatchRun run = FaultBatchRun.checked(batchLab, toCome -> { },
                    FaultBatch.ofText(trace.toString(), 10_000), Explain.NO_TRACE);
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            run.writeTo(json, all, true);
            Map<String, Object> expected = new LinkedHashMap<>();
            expected.put("results", results);
            expected.put("counts", counts);
            assertThat(all.toString(StandardCharsets.UTF_8)).as("seed %d", seed)
                    .isEqualTo(json.writeValueAsString(expected));
        }
    }

    @Test
    void outcomeIndexIsThePositionInTheCounts() {
        for (long seed = 1; seed <= 50; seed++) {
            Lab lab = Lab.create(LabConfig.of(PlatformProfile.builtIn("foc").orElseThrow()), LabEventListener.NONE)
                    .orThrow();
            RandomOperations operations = new RandomOperations(seed);
            for (int i = 0; i < 400; i++) {
                if (lab.apply(operations.next()) instanceof Result.Ok<?>(FaultReport report)) {
                    assertThat(Dto.FaultResultDto.OUTCOMES.get(Dto.FaultResultDto.outcomeIndex(report.resolution())))
                            .isEqualTo(report.resolution().outcome());
                }
            }
        }
    }
}
