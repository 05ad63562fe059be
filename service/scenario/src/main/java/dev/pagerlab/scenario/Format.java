package dev.pagerlab.scenario;

import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.Locale;

/** The two spellings of a scenario: YAML ({@code application/yaml}) and JSON ({@code application/json}). */
public enum Format {
    YAML(YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES).disable(YAMLWriteFeature.SPLIT_LINES).build()),
    JSON(JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());

    final ObjectMapper mapper;

    Format(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** JSON for a file name ending in {@code .json}, YAML otherwise. */
    public static Format ofFileName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    /** Plain values (maps, lists, strings, numbers) written in this format, ending with a newline. */
    public String write(Object plain) {
        String text = mapper.writeValueAsString(plain);
        return text.endsWith("\n") ? text : text + "\n";
    }
}
