package dev.pagerlab.app.scenarios;

import dev.pagerlab.scenario.Format;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

import java.util.List;

/** Which spelling a request sends or asks for: YAML for a {@code yaml} media type, JSON otherwise. */
final class ScenarioDocuments {

    static final String YAML = "application/yaml";

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
}
