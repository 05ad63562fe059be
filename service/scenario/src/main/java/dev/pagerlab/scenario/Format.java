package dev.pagerlab.scenario;

import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.TokenStreamFactory;
import tools.jackson.core.json.JsonFactory;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.dataformat.yaml.YAMLFactory;
import tools.jackson.dataformat.yaml.YAMLMapper;
import tools.jackson.dataformat.yaml.YAMLWriteFeature;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * The two spellings of a scenario: YAML ({@code application/yaml}) and JSON ({@code application/json}). Reading
 * needs only a streaming parser; the data-binding mappers for writing are built on first use, which keeps the check
 * command's start-up short.
 */
public enum Format {
    YAML(YAMLFactory::new, () -> YAMLMapper.builder().disable(YAMLWriteFeature.WRITE_DOC_START_MARKER)
            .enable(YAMLWriteFeature.MINIMIZE_QUOTES).disable(YAMLWriteFeature.SPLIT_LINES).build()),
    JSON(JsonFactory::new, () -> JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build());

    private final Supplier<TokenStreamFactory> factory;
    private final Supplier<ObjectMapper> mapperMaker;
    private volatile ObjectMapper mapper;

    Format(Supplier<TokenStreamFactory> factory, Supplier<ObjectMapper> mapper) {
        this.factory = factory;
        this.mapperMaker = mapper;
    }

    /** JSON for a file name ending in {@code .json}, YAML otherwise. */
    public static Format ofFileName(String name) {
        return name.toLowerCase(Locale.ROOT).endsWith(".json") ? JSON : YAML;
    }

    JsonParser parser(String text) {
        return factory.get().createParser(ObjectReadContext.empty(), text);
    }

    ObjectMapper mapper() {
        ObjectMapper m = mapper;
        if (m == null) {
            m = mapperMaker.get();
            mapper = m;
        }
        return m;
    }

    /** Plain values (maps, lists, strings, numbers) written in this format, ending with a newline. */
    public String write(Object plain) {
        String text = mapper().writeValueAsString(plain);
        return text.endsWith("\n") ? text : text + "\n";
    }
}
