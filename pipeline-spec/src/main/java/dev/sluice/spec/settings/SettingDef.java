package dev.sluice.spec.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One setting, declared once: its name, type, default, constraint and meaning, as Kafka Connect's {@code ConfigDef}
 * declares them. A settings class keeps its definitions as constants and reads every value through them, so a value is
 * typed and checked where it is read, at start-up, and an error names the setting and the value:
 * {@code SLUICE_STAGE_LEASE: must be a duration in 1m..12h, got '5s'}.
 *
 * <p>Blank values count as unset; values are trimmed. A name may hold a {@code <NAME>} part for settings that come in
 * families ({@code SLUICE_JDBC_<NAME>_URL}); {@link #named} gives one member.
 *
 * @param <T> the type of the value
 */
public final class SettingDef<T> {

    /** Reads a value as written; throws {@link IllegalArgumentException} when it cannot. */
    @FunctionalInterface
    public interface Parser<T> {
        T parse(String text);
    }

    /** The placeholder of a family's member name, e.g. in {@code SLUICE_JDBC_<NAME>_URL}. */
    public static final String NAME_PLACEHOLDER = "<NAME>";

    private final String name;
    private final String type;
    private final String defaultText;
    private final T defaultValue;
    private final String constraint;
    private final String doc;
    private final Parser<T> parser;

    private SettingDef(String name, String type, String defaultText, T defaultValue, String constraint, String doc,
            Parser<T> parser) {
        this.name = Objects.requireNonNull(name, "name");
        this.type = Objects.requireNonNull(type, "type");
        this.defaultText = defaultText;
        this.defaultValue = defaultValue;
        this.constraint = Objects.requireNonNull(constraint, "constraint");
        this.doc = Objects.requireNonNull(doc, "doc");
        this.parser = Objects.requireNonNull(parser, "parser");
    }

    /**
     * A setting of any type.
     *
     * @param defaultText  the default as documented ({@code null}: none), e.g. {@code 15m} or
     *                     {@code <java.io.tmpdir>/sluice-<stage>}
     * @param defaultValue the default as a value ({@code null} when it is derived at run time: see {@link #find})
     * @param constraint   what a value must be, completing "must be ...", e.g. {@code between 1 and 64}
     * @param parser       reads a value, throwing {@link IllegalArgumentException} when it is out of the constraint
     */
    public static <T> SettingDef<T> of(String name, String type, String defaultText, T defaultValue, String constraint,
            String doc, Parser<T> parser) {
        return new SettingDef<>(name, type, defaultText, defaultValue, constraint, doc, parser);
    }

    /** Any text. */
    public static SettingDef<String> string(String name, String defaultValue, String doc) {
        return of(name, "string", defaultValue, defaultValue, "any text", doc, text -> text);
    }

    /** Text matching {@code pattern} in full. */
    public static SettingDef<String> matching(String name, String defaultValue, Pattern pattern, String doc) {
        String constraint = "text matching " + pattern.pattern();
        return of(name, "string", defaultValue, defaultValue, constraint, doc, text -> {
            if (!pattern.matcher(text).matches()) {
                throw new IllegalArgumentException();
            }
            return text;
        });
    }

    /** A whole number in {@code min..max}. */
    public static SettingDef<Integer> integer(String name, Integer defaultValue, int min, int max, String doc) {
        return of(name, "integer", defaultValue == null ? null : defaultValue.toString(), defaultValue,
                "between " + min + " and " + max, doc, text -> {
                    int n = Integer.parseInt(text);
                    if (n < min || n > max) {
                        throw new IllegalArgumentException();
                    }
                    return n;
                });
    }

    /** A duration ({@link Durations}) in {@code min..max}. */
    public static SettingDef<Duration> duration(String name, Duration defaultValue, Duration min, Duration max,
            String doc) {
        return of(name, "duration", defaultValue == null ? null : Durations.format(defaultValue), defaultValue,
                "a duration in " + Durations.format(min) + ".." + Durations.format(max), doc, text -> {
                    Duration d = Durations.parse(text);
                    if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
                        throw new IllegalArgumentException();
                    }
                    return d;
                });
    }

    /** {@code true} or {@code false} ({@code 1}/{@code 0}, {@code yes}/{@code no} too). */
    public static SettingDef<Boolean> bool(String name, Boolean defaultValue, String defaultText, String doc) {
        return of(name, "boolean", defaultText, defaultValue, "true or false", doc,
                text -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true", "1", "yes" -> true;
                    case "false", "0", "no" -> false;
                    default -> throw new IllegalArgumentException();
                });
    }

    /** A path, relative ones included. */
    public static SettingDef<Path> path(String name, String defaultValue, String doc) {
        return of(name, "path", defaultValue, defaultValue == null ? null : Path.of(defaultValue), "a path", doc, Path::of);
    }

    /** An absolute path; its default, if any, is derived at run time ({@code defaultText} documents it). */
    public static SettingDef<Path> absolutePath(String name, String defaultText, String doc) {
        return of(name, "path", defaultText, null, "an absolute path", doc, text -> {
            Path path = Path.of(text);
            if (!path.isAbsolute()) {
                throw new IllegalArgumentException();
            }
            return path;
        });
    }

    /**
     * The value set through {@code lookup}, typed and checked; empty when unset or blank.
     *
     * @throws SettingException naming the setting and the value when it is out of its constraint
     */
    public Optional<T> find(Lookup lookup) {
        String text = text(lookup);
        return text == null ? Optional.empty() : Optional.of(parse(text));
    }

    /**
     * The value set through {@code lookup}, else the default.
     *
     * @throws SettingException naming the setting and the value when it is out of its constraint, or when it is unset
     *                          and has no default
     */
    public T get(Lookup lookup) {
        return find(lookup).or(() -> Optional.ofNullable(defaultValue))
                .orElseThrow(() -> new SettingException(name, null, "is not set; it must be " + constraint));
    }

    /** The value set through {@code lookup}, else {@code fallback} (for a default derived at run time). */
    public T getOrElse(Lookup lookup, T fallback) {
        return find(lookup).orElse(fallback);
    }

    /** The value as written through {@code lookup}, trimmed; {@code null} when unset or blank. */
    public String text(Lookup lookup) {
        String value = Objects.requireNonNull(lookup, "lookup").get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    /**
     * {@code text} as this setting's value.
     *
     * @throws SettingException naming the setting and the value when it is out of its constraint
     */
    public T parse(String text) {
        try {
            return parser.parse(text.trim());
        } catch (SettingException e) {
            throw e;
        } catch (IllegalArgumentException e) { // InvalidPathException and NumberFormatException included
            throw invalid(text);
        }
    }

    /** The error for a bad {@code value}: {@code NAME: must be <constraint>, got '<value>'}. */
    public SettingException invalid(String value) {
        return new SettingException(name, value, "must be " + constraint + ", got '" + value + "'");
    }

    /** The member {@code member} of a family: {@code SLUICE_JDBC_<NAME>_URL} named {@code crm-db} is {@code SLUICE_JDBC_CRM_DB_URL}. */
    public SettingDef<T> named(String member) {
        if (!name.contains(NAME_PLACEHOLDER)) {
            throw new IllegalStateException(name + " is not a family of settings");
        }
        String part = member.toUpperCase(Locale.ROOT).replace('-', '_');
        return new SettingDef<>(name.replace(NAME_PLACEHOLDER, part), type, defaultText, defaultValue, constraint, doc,
                parser);
    }

    /**
     * Whether {@code settingName} is this setting, or a member of this family: {@code SLUICE_JDBC_<NAME>_URL} covers
     * {@code SLUICE_JDBC_CRM_DB_URL}.
     */
    public boolean covers(String settingName) {
        int at = name.indexOf(NAME_PLACEHOLDER);
        if (at < 0) {
            return name.equals(settingName);
        }
        String prefix = name.substring(0, at);
        String suffix = name.substring(at + NAME_PLACEHOLDER.length());
        return settingName.length() > prefix.length() + suffix.length() && settingName.startsWith(prefix)
                && settingName.endsWith(suffix);
    }

    /** The setting's name, e.g. {@code SLUICE_STAGE_LEASE}. */
    public String name() {
        return name;
    }

    /** The value's type: {@code string}, {@code integer}, {@code duration}, {@code boolean}, {@code path}, {@code size}... */
    public String type() {
        return type;
    }

    /** The default as documented, or {@code null} when there is none. */
    public String defaultText() {
        return defaultText;
    }

    /** What a value must be, e.g. {@code between 1 and 64}. */
    public String constraint() {
        return constraint;
    }

    /** What the setting means. */
    public String doc() {
        return doc;
    }

    @Override
    public String toString() {
        return name + " (" + type + ", default " + defaultText + ", " + constraint + ")";
    }
}
