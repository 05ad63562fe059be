package dev.pagerlab.app.scenarios;

import dev.pagerlab.scenario.Format;
import dev.pagerlab.scenario.Scenario;
import dev.pagerlab.scenario.ScenarioWriter;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

import java.util.List;

/** Which spelling a request sends or asks for: YAML for a {@code yaml} media type, JSON otherwise. */
public final class ScenarioDocuments {

    /** The media type of a scenario document in YAML. */
    public static final String YAML = "application/yaml";

    /**
     * The documented answer of every operation that hands out a scenario document (an export, a generated exercise),
     * a response of the API document's components (OpenApiConfig builds it).
     */
    public static final String ANSWER = "#/components/responses/ScenarioDocument";

    private ScenarioDocuments() {
    }

    static Format sent(HttpHeaders headers) {
        MediaType type = headers.getContentType();
        return type != null && type.getSubtype().contains("yaml") ? Format.YAML : Format.JSON;
    }

    static boolean wants(HttpHeaders headers, String subtype) {
        List<MediaType> accept = headers.getAccept();
        return accept.stream().anyMatch(m -> m.getSubtype().contains(subtype));
    }

    static MediaType mediaType(Format format) {
        return format == Format.YAML ? MediaType.parseMediaType(YAML) : MediaType.APPLICATION_JSON;
    }

    /** {@code scenario} written as Accept asks (YAML wins when both are named), {@code otherwise} when it names neither. */
    public static ResponseEntity<String> answer(Scenario scenario, HttpHeaders headers, Format otherwise) {
        Format format = wants(headers, "yaml") ? Format.YAML : wants(headers, "json") ? Format.JSON : otherwise;
        return ResponseEntity.ok().contentType(mediaType(format)).body(ScenarioWriter.write(scenario, format));
    }
}
