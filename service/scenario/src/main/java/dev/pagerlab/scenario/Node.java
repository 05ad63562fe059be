package dev.pagerlab.scenario;

import org.jspecify.annotations.Nullable;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed YAML or JSON value that remembers where it was written, so that every complaint about a scenario can name
 * its line and column.
 */
sealed interface Node {

    Location at();

    /** A mapping, in document order. */
    record Obj(LinkedHashMap<String, Node> fields, Map<String, Location> keys, Location at) implements Node {
        @Nullable Node get(String key) {
            return fields.get(key);
        }

        /** Where {@code key} itself is written. */
        Location keyAt(String key) {
            return keys.getOrDefault(key, at);
        }
    }

    /** A sequence. */
    record Arr(List<Node> items, Location at) implements Node {
    }

    /** A scalar: String, BigInteger, BigDecimal, Boolean, or null. */
    record Scalar(@Nullable Object value, Location at) implements Node {
    }

    /** This node as plain Java values (LinkedHashMap, List, String, BigInteger, ...), as expectations are kept. */
    static @Nullable Object plain(Node node) {
        return switch (node) {
            case Scalar s -> s.value();
            case Arr a -> {
                List<@Nullable Object> list = new ArrayList<>();
                for (Node item : a.items()) {
                    list.add(plain(item));
                }
                yield list;
            }
            case Obj o -> {
                Map<String, @Nullable Object> map = new LinkedHashMap<>();
                o.fields().forEach((k, v) -> map.put(k, plain(v)));
                yield map;
            }
        };
    }
}
