package dev.sluice.spec.load;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.sluice.spec.model.DatasetSpec;
import dev.sluice.spec.model.JobSpec;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Reads every {@code *.yaml} / {@code *.yml} file under a spec directory. Each file may hold a
 * {@code datasets:} list and a {@code jobs:} list. Every node's line is kept, so each later error
 * can name its file, line and path.
 *
 * <p>Reading is lenient about count: a broken job does not hide the errors of the others.
 */
public final class SpecLoader {
    private static final Set<String> TOP_LEVEL = Set.of("datasets", "jobs");

    private final ObjectMapper mapper = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .build();

    /** Loads every spec file below {@code root}, in a stable (sorted) order. */
    public LoadedSpecs load(Path root) {
        if (!Files.isDirectory(root)) {
            throw new IllegalArgumentException("spec directory not found: " + root);
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> p.toString().endsWith(".yaml") || p.toString().endsWith(".yml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list spec directory " + root, e);
        }
        List<Located<DatasetSpec>> datasets = new ArrayList<>();
        List<Located<JobSpec>> jobs = new ArrayList<>();
        List<SpecError> errors = new ArrayList<>();
        LineIndex lines = new LineIndex();
        for (Path file : files) {
            loadFile(file, datasets, jobs, errors, lines);
        }
        return new LoadedSpecs(root, List.copyOf(datasets), List.copyOf(jobs), List.copyOf(errors), lines);
    }

    private void loadFile(Path file, List<Located<DatasetSpec>> datasets, List<Located<JobSpec>> jobs,
                          List<SpecError> errors, LineIndex lines) {
        Node root;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            root = new Yaml(options).compose(reader);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            errors.add(new SpecError(file, line, "", "invalid YAML: " + e.getProblem()));
            return;
        } catch (IOException e) {
            errors.add(new SpecError(file, 0, "", "cannot read: " + e.getMessage()));
            return;
        } catch (RuntimeException e) {
            errors.add(new SpecError(file, 0, "", "invalid YAML: " + e.getMessage()));
            return;
        }
        if (root == null) {
            return; // an empty file holds nothing
        }
        JsonNode tree = toJson(root, file, "", lines);
        if (!tree.isObject()) {
            errors.add(new SpecError(file, line(root), "", "a spec file must be a mapping with 'datasets' and/or 'jobs'"));
            return;
        }
        tree.fieldNames().forEachRemaining(field -> {
            if (!TOP_LEVEL.contains(field)) {
                errors.add(new SpecError(file, lines.lineOf(file, field), field,
                        "unknown top-level key '" + field + "', expected datasets or jobs"));
            }
        });
        bindList(tree, "datasets", DatasetSpec.class, file, lines, datasets, errors);
        bindList(tree, "jobs", JobSpec.class, file, lines, jobs, errors);
    }

    private <T> void bindList(JsonNode tree, String key, Class<T> type, Path file, LineIndex lines,
                              List<Located<T>> out, List<SpecError> errors) {
        JsonNode list = tree.get(key);
        if (list == null || list.isNull()) {
            return;
        }
        if (!list.isArray()) {
            errors.add(new SpecError(file, lines.lineOf(file, key), key, "'" + key + "' must be a list"));
            return;
        }
        for (int i = 0; i < list.size(); i++) {
            String path = key + "[" + i + "]";
            try {
                T value = mapper.treeToValue(list.get(i), type);
                out.add(new Located<>(value, file, path, lines.lineOf(file, path)));
            } catch (JsonMappingException e) {
                String errorPath = path + pathOf(e);
                errors.add(new SpecError(file, lines.lineOf(file, errorPath), errorPath, describe(e)));
            } catch (IOException e) {
                errors.add(new SpecError(file, lines.lineOf(file, path), path, e.getMessage()));
            }
        }
    }

    /** {@code .inputs[1].mapping} from Jackson's reference chain. */
    private static String pathOf(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                sb.append('.').append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String describe(JsonMappingException e) {
        if (e instanceof UnrecognizedPropertyException u) {
            List<String> known = u.getKnownPropertyIds() == null ? List.of()
                    : u.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList();
            return "unknown field '" + u.getPropertyName() + "'" + (known.isEmpty() ? "" : ", expected one of " + String.join(", ", known));
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (root instanceof IllegalArgumentException || root instanceof NullPointerException) {
            String message = root.getMessage();
            if (root instanceof NullPointerException && message != null && !message.contains(" ")) {
                return "missing required field '" + message + "'";
            }
            return message;
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static int line(Node node) {
        return node.getStartMark() == null ? 0 : node.getStartMark().getLine() + 1;
    }

    /** Converts a YAML node tree to a Jackson tree, recording each node's line under its path. */
    private static JsonNode toJson(Node node, Path file, String path, LineIndex lines) {
        lines.put(file, path, line(node));
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (node instanceof MappingNode mapping) {
            ObjectNode object = f.objectNode();
            for (NodeTuple tuple : mapping.getValue()) {
                String key = tuple.getKeyNode() instanceof ScalarNode s ? s.getValue() : String.valueOf(tuple.getKeyNode());
                String childPath = path.isEmpty() ? key : path + "." + key;
                lines.put(file, childPath, line(tuple.getKeyNode()));
                JsonNode child = toJson(tuple.getValueNode(), file, childPath, lines);
                lines.put(file, childPath, line(tuple.getKeyNode()));
                object.set(key, child);
            }
            return object;
        }
        if (node instanceof SequenceNode sequence) {
            ArrayNode array = f.arrayNode();
            int i = 0;
            for (Node item : sequence.getValue()) {
                array.add(toJson(item, file, path + "[" + i++ + "]", lines));
            }
            return array;
        }
        ScalarNode scalar = (ScalarNode) node;
        String value = scalar.getValue();
        Tag tag = scalar.getTag();
        if (Tag.NULL.equals(tag)) {
            return f.nullNode();
        }
        if (Tag.BOOL.equals(tag)) {
            return f.booleanNode(Boolean.parseBoolean(value.toLowerCase()));
        }
        if (Tag.INT.equals(tag)) {
            try {
                BigInteger big = new BigInteger(value.replace("_", ""));
                return big.bitLength() < 32 ? f.numberNode(big.intValue())
                        : big.bitLength() < 64 ? f.numberNode(big.longValue()) : f.numberNode(big);
            } catch (NumberFormatException e) {
                return f.textNode(value);
            }
        }
        if (Tag.FLOAT.equals(tag)) {
            try {
                return f.numberNode(new java.math.BigDecimal(value));
            } catch (NumberFormatException e) {
                return f.textNode(value);
            }
        }
        return f.textNode(value);
    }
}
