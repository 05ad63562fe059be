package dev.pagerlab.app.scenarios;

import dev.pagerlab.app.config.PagerlabProperties;
import dev.pagerlab.app.labs.LabRegistry;
import dev.pagerlab.app.web.Refusals;
import dev.pagerlab.engine.lab.Lab;
import dev.pagerlab.engine.lab.LabConfig;
import dev.pagerlab.engine.model.Failure.Code;
import dev.pagerlab.scenario.Exporter;
import dev.pagerlab.scenario.Format;
import dev.pagerlab.scenario.Report;
import dev.pagerlab.scenario.Scenario;
import dev.pagerlab.scenario.ScenarioReader;
import dev.pagerlab.scenario.ScenarioWriter;
import dev.pagerlab.scenario.Scenarios;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

@RestController
@Tag(name = "Scenarios", description = "A lab written down (YAML or JSON): hand-outs, exports, exercises and"
        + " answers. Names instead of ids; each step may carry expectations, which a check compares.")
class ScenarioController {

    private final LabRegistry labs;
    private final PagerlabProperties properties;
    private final ScenarioProperties scenarios;
    private final String schema;

    ScenarioController(LabRegistry labs, PagerlabProperties properties, ScenarioProperties scenarios) {
        this.labs = labs;
        this.properties = properties;
        this.scenarios = scenarios;
        try (InputStream in = Scenario.class.getResourceAsStream("scenario.schema.json")) {
            if (in == null) {
                throw new IllegalStateException("scenario.schema.json is missing from the scenario module");
            }
            this.schema = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The scenario Swagger UI offers: allocate, attach, fault, and the answer expected. */
    private static final String SUPERPAGE = """
            {"scenario": "superpage", "platform": "foc", "steps": [
              {"dataspace": {"name": "big", "type": "RAM", "size": "4M"}, "expect": {"physAddr": "0x0"}},
              {"rmSession": {"name": "as", "size": "1G"}},
              {"attach": {"rmSession": "as", "dataspace": "big"}, "expect": {"at": "0x0"}},
              {"thread": {"name": "main", "rmSession": "as"}},
              {"fault": {"thread": "main", "addr": "0x123456", "type": "READ"},
               "expect": {"outcome": "RESOLVED", "mapping": {"virt": "0x0", "phys": "0x0", "sizeLog2": 22}}}]}""";

    @PostMapping(path = "/api/v1/scenarios/check", consumes = {MediaType.APPLICATION_JSON_VALUE,
            ScenarioDocuments.YAML}, produces = {MediaType.APPLICATION_JSON_VALUE, MediaType.APPLICATION_XML_VALUE})
    @Operation(summary = "Run a scenario in a private, throw-away lab and compare its expectations",
            description = "The body is a scenario (application/yaml or application/json). The answer is the report:"
                    + " per step the operation, its answer in the scenario's names and each expectation with path,"
                    + " expected, actual and passed; and the totals. With Accept: application/xml the same report as"
                    + " JUnit XML, one test case per expectation. A malformed scenario is a 400 with line and"
                    + " column.")
    @Refusals(Code.VALIDATION_FAILED)
    @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @io.swagger.v3.oas.annotations.media.Content(
            mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @io.swagger.v3.oas.annotations.media.Schema(
            type = "object", description = "A scenario document: GET /api/v1/scenarios/schema is its JSON Schema."),
            examples = @io.swagger.v3.oas.annotations.media.ExampleObject(
            name = "superpage", summary = "A 4 MiB superpage, with the expected mapping", value = SUPERPAGE)))
    // A check creates nothing that lasts: 200, not the 201 the API documents for other POSTs with a body.
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The report", content = {
            @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object", description = "The"
                            + " report: scenario, passed, failed, and per step its answer and expectations.")),
            @io.swagger.v3.oas.annotations.media.Content(mediaType = MediaType.APPLICATION_XML_VALUE,
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string",
                            description = "The report as JUnit XML, one test case per expectation."))})
    ResponseEntity<String> check(@RequestBody String body, @RequestHeader HttpHeaders headers) {
        Scenario scenario = ScenarioReader.read(body, ScenarioDocuments.sent(headers), scenarios.limits());
        Report report = Scenarios.check(scenario, properties.limits().quotas(), scenarios.limits());
        if (ScenarioDocuments.wants(headers, "xml")) {
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_XML).body(report.toJunitXml());
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(report.toJson());
    }

    @GetMapping(path = "/api/v1/scenarios/schema", produces = MediaType.APPLICATION_JSON_VALUE)
    @Operation(summary = "The JSON Schema of scenario files",
            description = "For editors: validate a hand-out while writing it (also checked in as"
                    + " openapi/scenario.schema.json).")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", description = "The JSON Schema",
            content = @io.swagger.v3.oas.annotations.media.Content(mediaType = "application/json",
                    schema = @io.swagger.v3.oas.annotations.media.Schema(type = "object")))
    String schema() {
        return schema;
    }

    @GetMapping(path = "/api/v1/labs/{lab}/scenario", produces = {MediaType.APPLICATION_JSON_VALUE,
            ScenarioDocuments.YAML})
    @Operation(summary = "Export a lab as a scenario",
            description = "The lab's history as steps that, replayed (POST /api/v1/labs with {scenario}), build the"
                    + " same lab. Objects are named by their ids (ds-2, rm-1, rm-1.dataspace, th-1, fh-1); labels"
                    + " travel in 'label'. With expectations=true every step expects what it answered and a final"
                    + " check step holds the lab's whole state: an answer key. YAML with Accept: application/yaml.")
    @Refusals(Code.NOT_FOUND)
    @io.swagger.v3.oas.annotations.responses.ApiResponse(responseCode = "200", ref = ScenarioDocuments.ANSWER)
    ResponseEntity<String> export(@PathVariable String lab,
                                  @Parameter(description = "Write what happened as the expectations.")
                                  @RequestParam(defaultValue = "false") boolean expectations,
                                  @RequestHeader HttpHeaders headers) {
        var entry = labs.get(lab);
        Lab engine = entry.lab();
        record Snapshot(LabConfig config, List<dev.pagerlab.engine.lab.Operation> history) {
        }
        Snapshot snapshot = engine.atomically(() -> new Snapshot(new LabConfig(engine.platform(),
                engine.summary().physicalMemory(), engine.quotas()), engine.history()));
        String name = entry.label().isBlank() ? entry.id() : entry.label();
        Scenario scenario = Exporter.export(name, snapshot.config(), snapshot.history(), expectations);
        return ScenarioDocuments.answer(scenario, headers, Format.JSON);
    }
}
