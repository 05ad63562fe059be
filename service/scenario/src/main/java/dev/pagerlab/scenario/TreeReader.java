package dev.pagerlab.scenario;

import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.TokenStreamLocation;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/** Reads YAML or JSON into {@link Node}s that keep their line and column; a duplicate key is malformed. */
final class TreeReader {

    /** Deeper documents are refused: no scenario needs it, and a hostile one must not exhaust the stack. */
    private static final int MAX_DEPTH = 64;

    private TreeReader() {
    }

    static Node read(String text, Format format) {
        try (JsonParser parser = format.parser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new ScenarioException(new Location(1, 1, ""), "the document is empty");
            }
            Node root = value(parser, "", 0);
            if (parser.nextToken() != null) {
                throw new ScenarioException(location(parser, ""), "more than one document");
            }
            return root;
        } catch (JacksonException e) {
            TokenStreamLocation where = e.getLocation();
            int line = where == null ? 1 : Math.max(1, where.getLineNr());
            int column = where == null ? 1 : Math.max(1, where.getColumnNr());
            throw new ScenarioException(new Location(line, column, ""), "not valid " + format + ": "
                    + e.getOriginalMessage());
        }
    }

    private static Node value(JsonParser p, String path, int depth) {
        Location at = location(p, path);
        if (depth > MAX_DEPTH) {
            throw new ScenarioException(at, "nested deeper than " + MAX_DEPTH + " levels");
        }
        JsonToken token = p.currentToken();
        return switch (token) {
            case START_OBJECT -> {
                LinkedHashMap<String, Node> fields = new LinkedHashMap<>();
                java.util.Map<String, Location> keys = new java.util.HashMap<>();
                while (p.nextToken() == JsonToken.PROPERTY_NAME) {
                    String key = p.currentName();
                    String childPath = path.isEmpty() ? key : path + "." + key;
                    Location keyAt = location(p, childPath);
                    p.nextToken();
                    Node child = value(p, childPath, depth + 1);
                    if (fields.putIfAbsent(key, child) != null) {
                        throw new ScenarioException(keyAt, "the key '" + key + "' appears twice");
                    }
                    keys.put(key, keyAt);
                }
                yield new Node.Obj(fields, keys, at);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(p, path + "[" + items.size() + "]", depth + 1));
                }
                yield new Node.Arr(items, at);
            }
            case VALUE_STRING -> new Node.Scalar(p.getString(), at);
            case VALUE_NUMBER_INT -> new Node.Scalar(p.getBigIntegerValue(), at);
            case VALUE_NUMBER_FLOAT -> new Node.Scalar(p.getDecimalValue(), at);
            case VALUE_TRUE -> new Node.Scalar(Boolean.TRUE, at);
            case VALUE_FALSE -> new Node.Scalar(Boolean.FALSE, at);
            case VALUE_NULL -> new Node.Scalar(null, at);
            default -> throw new ScenarioException(at, "unexpected " + token);
        };
    }

    private static Location location(JsonParser p, String path) {
        TokenStreamLocation where = p.currentTokenLocation();
        return new Location(Math.max(1, where.getLineNr()), Math.max(1, where.getColumnNr()), path);
    }
}
