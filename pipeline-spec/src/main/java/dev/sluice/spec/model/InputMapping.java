package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * How a job partition maps to the partitions of one input.
 *
 * <p>Written either as a word ({@code same}, {@code latest}) or as an object:
 * <pre>
 * mapping: same                                     # the same partition
 * mapping: {type: offset, dimension: date, offset: -1}   # the previous day
 * mapping: latest                                   # an unpartitioned input, whatever its version
 * mapping: {type: window, dimension: date, size: 7}      # all of the last 7 days, this one included
 * mapping: {type: same, all: [region]}              # every declared region of the same date
 * </pre>
 *
 * @param type      the mapping kind
 * @param dimension the date dimension an offset or window moves along
 * @param offset    days to move for {@code offset} (negative is earlier)
 * @param size      number of partitions for {@code window}
 * @param all       input dimensions, absent from the job, of which every declared value is needed
 */
public record InputMapping(Type type, String dimension, int offset, int size, List<String> all) {

    public static final InputMapping SAME = new InputMapping(Type.SAME, null, 0, 0, List.of());
    public static final InputMapping LATEST = new InputMapping(Type.LATEST, null, 0, 0, List.of());

    private static final Set<String> FIELDS = Set.of("type", "dimension", "offset", "size", "all");

    public InputMapping {
        all = all == null ? List.of() : List.copyOf(all);
    }

    /** The kinds of mapping. */
    public enum Type {
        SAME, OFFSET, LATEST, WINDOW;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Type fromWire(String value) {
            for (Type t : values()) {
                if (t.wire().equals(value)) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown mapping '" + value + "', expected same, offset, latest or window");
        }
    }

    /** Reads the short (word) and long (object) forms; errors name the offending field and value. */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static InputMapping fromJson(JsonNode node) {
        if (node.isTextual()) {
            Type type = Type.fromWire(node.asText());
            return switch (type) {
                case SAME -> SAME;
                case LATEST -> LATEST;
                default -> throw new IllegalArgumentException("mapping '" + node.asText()
                        + "' needs parameters: write {type: " + node.asText() + ", dimension: date, "
                        + (type == Type.OFFSET ? "offset: -1}" : "size: 7}"));
            };
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("mapping must be a word or an object, not " + node.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown mapping field '" + field + "', expected one of type, dimension, offset, size, all");
            }
        }
        if (!node.hasNonNull("type")) {
            throw new IllegalArgumentException("mapping needs a type: same, offset, latest or window");
        }
        Type type = Type.fromWire(node.get("type").asText());
        String dimension = node.hasNonNull("dimension") ? node.get("dimension").asText() : null;
        int offset = intField(node, "offset");
        int size = intField(node, "size");
        List<String> all = new ArrayList<>();
        if (node.has("all")) {
            JsonNode allNode = node.get("all");
            if (!allNode.isArray()) {
                throw new IllegalArgumentException("mapping field 'all' must be a list of dimension names");
            }
            allNode.forEach(n -> all.add(n.asText()));
        }
        return new InputMapping(type, dimension, offset, size, all);
    }

    private static int intField(JsonNode node, String field) {
        if (!node.has(field)) {
            return 0;
        }
        JsonNode value = node.get(field);
        if (!value.isInt()) {
            throw new IllegalArgumentException("mapping field '" + field + "' must be an integer, not '" + value.asText() + "'");
        }
        return value.asInt();
    }

    @Override
    public String toString() {
        return switch (type) {
            case SAME, LATEST -> type.wire() + (all.isEmpty() ? "" : " all" + all);
            case OFFSET -> "offset(" + dimension + ", " + offset + ")" + (all.isEmpty() ? "" : " all" + all);
            case WINDOW -> "window(" + dimension + ", " + size + ")" + (all.isEmpty() ? "" : " all" + all);
        };
    }
}
