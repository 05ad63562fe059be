package dev.pagerlab.app.config;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.tags.Tag;
import org.springdoc.core.providers.ObjectMapperProvider;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The order a student reads the document in: tags as {@link OpenApiConfig#TAG_ORDER} lists them; within a tag the
 * paths that create something before those that only read or delete; within a path POST and PUT before GET before
 * DELETE. Swagger UI shows operations in document order (no sorter is configured), so this is the order on screen.
 * Also makes integer enums integers (swagger writes allowableValues as strings).
 */
final class DocumentOrder {

    private DocumentOrder() {
    }

    static void apply(OpenAPI openApi) {
        if (openApi.getTags() != null) {
            List<Tag> tags = new ArrayList<>(openApi.getTags());
            tags.sort(Comparator.comparingInt((Tag t) -> tagRank(t.getName())).thenComparing(Tag::getName));
            openApi.setTags(tags);
        }
        if (openApi.getPaths() != null) {
            List<Map.Entry<String, PathItem>> entries = new ArrayList<>(openApi.getPaths().entrySet());
            entries.sort(Comparator.comparingInt((Map.Entry<String, PathItem> e) -> tagRank(firstTag(e.getValue())))
                    .thenComparingInt(e -> lifecycleRank(e.getValue()))
                    .thenComparing(Map.Entry::getKey));
            Paths ordered = new Paths();
            entries.forEach(e -> ordered.addPathItem(e.getKey(), e.getValue()));
            ordered.setExtensions(openApi.getPaths().getExtensions());
            openApi.setPaths(ordered);
        }
        if (openApi.getComponents() != null && openApi.getComponents().getSchemas() != null) {
            Set<Schema<?>> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
            openApi.getComponents().getSchemas().values().forEach(s -> integerEnums(s, seen));
        }
    }

    private static int tagRank(String tag) {
        int rank = OpenApiConfig.TAG_ORDER.indexOf(tag);
        return rank < 0 ? OpenApiConfig.TAG_ORDER.size() : rank;
    }

    private static String firstTag(PathItem item) {
        return item.readOperations().stream().filter(o -> o.getTags() != null && !o.getTags().isEmpty())
                .map(o -> o.getTags().getFirst()).findFirst().orElse("");
    }

    /** 0 for a path that creates or sets something, 1 for one that reads, 2 for one that only deletes. */
    private static int lifecycleRank(PathItem item) {
        if (item.getPost() != null || item.getPut() != null || item.getPatch() != null) {
            return 0;
        }
        return item.getGet() != null ? 1 : 2;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void integerEnums(Schema schema, Set<Schema<?>> seen) {
        if (schema == null || !seen.add(schema)) {
            return;
        }
        boolean integer = "integer".equals(schema.getType())
                || (schema.getTypes() != null && schema.getTypes().contains("integer"));
        if (integer && schema.getEnum() != null) {
            List<Object> values = new ArrayList<>();
            for (Object v : schema.getEnum()) {
                values.add(v instanceof String s ? Integer.valueOf(s) : v);
            }
            schema.setEnum(values);
            if (schema.getExample() instanceof String s) {
                schema.setExample(Integer.valueOf(s));
            }
        }
        if (schema.getProperties() != null) {
            ((Map<String, Schema>) schema.getProperties()).values().forEach(p -> integerEnums(p, seen));
        }
        integerEnums(schema.getItems(), seen);
        for (List<Schema> group : new List[] {schema.getAllOf(), schema.getAnyOf(), schema.getOneOf()}) {
            if (group != null) {
                group.forEach(s -> integerEnums(s, seen));
            }
        }
    }

    /**
     * springdoc writes with keys sorted (so that the document is stable); these mix-ins keep the order chosen above
     * for paths and for the operations of a path.
     */
    static void keepOrder(ObjectMapperProvider mappers) {
        for (ObjectMapper mapper : List.of(mappers.jsonMapper(), mappers.yamlMapper())) {
            mapper.addMixIn(Paths.class, PathsInOrder.class);
            mapper.addMixIn(PathItem.class, OperationsInOrder.class);
        }
    }

    @JsonSerialize(using = PathsWriter.class)
    private interface PathsInOrder {
    }

    @JsonPropertyOrder({"$ref", "summary", "description", "post", "put", "patch", "get", "head", "options",
            "delete", "trace", "servers", "parameters"})
    private interface OperationsInOrder {
    }

    /** Writes paths in their insertion order (swagger's own writer falls back to a key-sorted map). */
    static final class PathsWriter extends JsonSerializer<Paths> {
        @Override
        public void serialize(Paths paths, JsonGenerator gen, SerializerProvider provider) throws IOException {
            gen.writeStartObject();
            for (Map.Entry<String, PathItem> e : paths.entrySet()) {
                gen.writeFieldName(e.getKey());
                provider.defaultSerializeValue(e.getValue(), gen);
            }
            if (paths.getExtensions() != null) {
                for (Map.Entry<String, Object> e : paths.getExtensions().entrySet()) {
                    gen.writeFieldName(e.getKey());
                    provider.defaultSerializeValue(e.getValue(), gen);
                }
            }
            gen.writeEndObject();
        }
    }
}
