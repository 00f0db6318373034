package dev.sluice.deploy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.assertions.Template;

/** Test helpers: one synth per test class, and the template as plain maps. */
final class Synth {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path SAMPLE_SPECS = ROOT.resolve("examples/sample-pipeline/specs");
    static final Path DEV_SETTINGS = ROOT.resolve("deploy/environments/dev.yaml");

    private Synth() {
    }

    static DeployApp.Result synth(Path specs, Path settings, Path out) {
        return DeployApp.synth(new DeployApp.Request(specs, "dev", settings, out, false, ROOT));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Map<String, Object>> resources(Template template, String type) {
        Map<String, Map<String, Object>> found = (Map<String, Map<String, Object>>) (Map<?, ?>) template.findResources(type);
        return found;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The single resource of {@code type} whose property {@code key} is {@code value}. */
    static Map<String, Object> one(Template template, String type, String key, Object value) {
        List<Map<String, Object>> matches = new ArrayList<>();
        resources(template, type).values().forEach(r -> {
            if (value.equals(props(r).get(key))) {
                matches.add(r);
            }
        });
        if (matches.size() != 1) {
            throw new AssertionError(matches.size() + " " + type + " with " + key + "=" + value);
        }
        return matches.getFirst();
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return value instanceof List<?> l ? (List<Object>) l : List.of(value);
    }
}
