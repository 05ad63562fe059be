package dev.pagerlab.app.scenarios;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.scenario.Format;
import dev.pagerlab.scenario.Report;
import dev.pagerlab.scenario.Runner;
import dev.pagerlab.scenario.Scenario;
import dev.pagerlab.scenario.ScenarioReader;
import dev.pagerlab.scenario.Scenarios;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Creates a live lab by running a scenario in it; the lab stays, with the scenario's report. */
@Component
public class ScenarioLabs {

    /** The new lab and what running the scenario found. */
    public record Created(LabRegistry.LabEntry lab, Report report) {
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final LabRegistry labs;
    private final PagerlabProperties properties;
    private final ScenarioProperties scenarios;

    ScenarioLabs(LabRegistry labs, PagerlabProperties properties, ScenarioProperties scenarios) {
        this.labs = labs;
        this.properties = properties;
        this.scenarios = scenarios;
    }

    /**
     * Reads {@code document} (the {@code scenario} of a create request; line and column in a complaint count in its
     * pretty-printed JSON, the path names the field), creates a lab on its platform and runs its steps there.
     */
    public Created create(JsonNode document, String label) {
        String text = JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document);
        Scenario scenario = ScenarioReader.read(text, Format.JSON, scenarios.limits());
        var config = Scenarios.labConfig(scenario, properties.limits().quotas());
        var entry = labs.create(config.platform(), config.physicalMemory(), label.isBlank() ? scenario.name()
                : label);
        // The steps are journaled as one commit group: the lab is answered once all of them are durable.
        Report report = labs.grouped(entry, () -> Runner.run(scenario, entry.lab(), scenarios.limits()));
        return new Created(entry, report);
    }
}
