package dev.pagerlab.app.faults;

import dev.pagerlab.app.support.RandomOperations;
import dev.pagerlab.app.web.Dto;
import dev.pagerlab.engine.event.LabEventListener;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.lab.Operation;
import dev.pagerlab.engine.model.FaultReport;
import dev.pagerlab.engine.model.Result;
import dev.pagerlab.engine.model.ThreadId;
import dev.pagerlab.engine.platform.PlatformProfile;
import org.junit.jupiter.api.Test;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.json.JsonMapper;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

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
            for (int i = 0; i < 400; i++) {
                Operation op = operations.next();
                if (lab.apply(op) instanceof Result.Ok<?>(FaultReport report)) {
                    outcomes.add(report.resolution().outcome());
                    int number = report.thread().number();
                    ThreadId[] threads = {new ThreadId(number + 1), report.thread()};
                    StringWriter written = new StringWriter();
                    try (JsonGenerator gen = json.createGenerator(written)) {
                        new FaultResultWriter(gen, threads).write(report, 1);
                    }
                    assertThat(written.toString()).as("seed %d operation %d on %s", seed, i, platform.name())
                            .isEqualTo(json.writeValueAsString(Dto.FaultResultDto.of(report)));
                }
            }
        }
        // Every outcome a fault can have was compared, not only the common ones.
        assertThat(outcomes).containsAll(new ArrayList<>(Dto.FaultResultDto.OUTCOMES.subList(0, 5)));
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
