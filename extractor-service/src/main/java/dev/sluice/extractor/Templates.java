package dev.sluice.extractor;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills {@code {name}} placeholders in source settings, e.g. {@code s3://{bucket}/raw/orders/date={date}/*.csv.gz}.
 *
 * <p>Variables, the later winning: configured {@code SLUICE_VAR_<NAME>} settings (e.g. {@code SLUICE_VAR_BUCKET}
 * for {@code {bucket}}); the request's params; {@code {job}} and {@code {runId}}; the partition's values (e.g.
 * {@code {date}}). Only {@code {identifier}} is a placeholder, so glob alternatives such as {@code {a,b}} stay; an
 * unknown variable is an error naming the setting.
 */
public final class Templates {

    /** The configuration prefix of template variables. */
    public static final String VARIABLE_PREFIX = "SLUICE_VAR_";

    /** A template variable from the configuration, a family per variable name. */
    public static final SettingDef<String> VARIABLE = SettingDef.string(VARIABLE_PREFIX + SettingDef.NAME_PLACEHOLDER, null,
            "the value of {name} in source settings");
    /** The settings templates read. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(VARIABLE);

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z_][A-Za-z0-9_]*)}");

    private final Map<String, String> variables;
    private final Lookup configuration;

    private Templates(Map<String, String> variables, Lookup configuration) {
        this.variables = variables;
        this.configuration = configuration;
    }

    /** The variables of {@code request}, falling back to {@code configuration}'s {@code SLUICE_VAR_*}. */
    public static Templates of(ExtractRequest request, Lookup configuration) {
        Objects.requireNonNull(request, "request");
        Map<String, String> vars = new LinkedHashMap<>(request.params());
        vars.put("job", request.job());
        vars.put("runId", request.runId());
        vars.putAll(request.partition().dimensions());
        return new Templates(vars, configuration);
    }

    /** Fixed variables only, for tests and tools. */
    public static Templates of(Map<String, String> variables) {
        return new Templates(Map.copyOf(variables), name -> null);
    }

    /** The value of a variable, or {@code null}. */
    public String variable(String name) {
        String value = variables.get(name);
        if (value == null) {
            value = configuration.get(VARIABLE.named(name).name());
        }
        return value;
    }

    /**
     * {@code template} with its placeholders filled.
     *
     * @param setting the setting's full name, for errors
     */
    public String fill(String setting, String template) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = variable(m.group(1));
            if (value == null) {
                throw new InvalidSettingsException(setting, "unknown template variable '{" + m.group(1) + "}' in '"
                        + template + "'; known: " + String.join(", ", new TreeSet<>(variables.keySet()))
                        + ", or a configured " + VARIABLE_PREFIX + m.group(1).toUpperCase(Locale.ROOT));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }
}
