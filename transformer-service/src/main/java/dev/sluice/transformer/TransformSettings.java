package dev.sluice.transformer;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.spec.model.SizeClass;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transformer's own settings; DuckDB's memory, threads and spill directory are
 * {@link dev.sluice.dataplane.DuckDbResources}'.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>constraint</th></tr>
 *   <tr><td>{@value #WORK_DIR}</td><td>{@code <java.io.tmpdir>/sluice-transform}</td>
 *       <td>an absolute path; inputs are downloaded and the output written under it, one directory per run</td></tr>
 *   <tr><td>{@value #DOWNLOAD_PARALLELISM}</td><td>{@value #DEFAULT_DOWNLOAD_PARALLELISM}</td>
 *       <td>1 to {@value #MAX_DOWNLOAD_PARALLELISM} concurrent S3 downloads per run</td></tr>
 *   <tr><td>{@value #SMALL_MAX_INPUT}</td><td>{@value #DEFAULT_SMALL_MAX_INPUT}</td>
 *       <td>a size ({@code 512MB}, {@code 2GiB}, {@code 1073741824}) or {@code unlimited}: the input of one run
 *       of a {@code small} job (Lambda)</td></tr>
 *   <tr><td>{@value #LARGE_MAX_INPUT}</td><td>{@code unlimited}</td><td>the same, for a {@code large} job</td></tr>
 * </table>
 */
public record TransformSettings(Path workDirectory, int downloadParallelism, long smallMaxInputBytes,
        long largeMaxInputBytes) {

    public static final String WORK_DIR = "SLUICE_TRANSFORM_WORK_DIR";
    public static final String DOWNLOAD_PARALLELISM = "SLUICE_TRANSFORM_DOWNLOAD_PARALLELISM";
    public static final String SMALL_MAX_INPUT = "SLUICE_TRANSFORM_SMALL_MAX_INPUT";
    public static final String LARGE_MAX_INPUT = "SLUICE_TRANSFORM_LARGE_MAX_INPUT";

    public static final int DEFAULT_DOWNLOAD_PARALLELISM = 8;
    public static final int MAX_DOWNLOAD_PARALLELISM = 64;
    /** Lambda offers up to 10 GB of {@code /tmp}; inputs, spill and output share it. */
    public static final String DEFAULT_SMALL_MAX_INPUT = "2GiB";
    public static final String UNLIMITED = "unlimited";

    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(b|bytes?|kb|kib|mb|mib|gb|gib|tb|tib)?", Pattern.CASE_INSENSITIVE);

    public TransformSettings {
        Objects.requireNonNull(workDirectory, "workDirectory");
        if (!workDirectory.isAbsolute()) {
            throw new IllegalArgumentException("workDirectory must be absolute: " + workDirectory);
        }
        if (downloadParallelism < 1 || downloadParallelism > MAX_DOWNLOAD_PARALLELISM) {
            throw new IllegalArgumentException("downloadParallelism out of 1.." + MAX_DOWNLOAD_PARALLELISM + ": "
                    + downloadParallelism);
        }
        if (smallMaxInputBytes < 0 || largeMaxInputBytes < 0) {
            throw new IllegalArgumentException("input limits must not be negative");
        }
    }

    /** The settings of this process, from its environment (falling back to system properties of the same name). */
    public static TransformSettings fromEnvironment() {
        return from(name -> {
            String value = System.getenv(name);
            return value != null ? value : System.getProperty(name);
        });
    }

    /**
     * The settings read through {@code settings} (a name to a value or {@code null}).
     *
     * @throws InvalidSettingsException naming the setting and its value when one is bad
     */
    public static TransformSettings from(Function<String, String> settings) {
        Objects.requireNonNull(settings, "settings");
        Function<String, String> get = name -> {
            String v = settings.apply(name);
            return v == null || v.isBlank() ? null : v.trim();
        };
        Path work;
        String workSetting = get.apply(WORK_DIR);
        if (workSetting == null) {
            work = Path.of(System.getProperty("java.io.tmpdir"), "sluice-transform").toAbsolutePath();
        } else {
            try {
                work = Path.of(workSetting);
            } catch (RuntimeException e) {
                throw new InvalidSettingsException(WORK_DIR, "not a path: '" + workSetting + "'");
            }
            if (!work.isAbsolute()) {
                throw new InvalidSettingsException(WORK_DIR, "must be an absolute path, got '" + workSetting + "'");
            }
        }
        int parallelism = DEFAULT_DOWNLOAD_PARALLELISM;
        String parallelismSetting = get.apply(DOWNLOAD_PARALLELISM);
        if (parallelismSetting != null) {
            try {
                parallelism = Integer.parseInt(parallelismSetting);
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException(DOWNLOAD_PARALLELISM, "not a whole number: '" + parallelismSetting
                        + "'");
            }
            if (parallelism < 1 || parallelism > MAX_DOWNLOAD_PARALLELISM) {
                throw new InvalidSettingsException(DOWNLOAD_PARALLELISM, "must be between 1 and "
                        + MAX_DOWNLOAD_PARALLELISM + ", got '" + parallelismSetting + "'");
            }
        }
        long small = parseLimit(SMALL_MAX_INPUT, Objects.requireNonNullElse(get.apply(SMALL_MAX_INPUT),
                DEFAULT_SMALL_MAX_INPUT));
        long large = parseLimit(LARGE_MAX_INPUT, Objects.requireNonNullElse(get.apply(LARGE_MAX_INPUT), UNLIMITED));
        return new TransformSettings(work, parallelism, small, large);
    }

    /** The defaults. */
    public static TransformSettings defaults() {
        return from(name -> null);
    }

    /** The input limit of a job of {@code sizeClass}. */
    public InputLimit limitFor(SizeClass sizeClass) {
        return new InputLimit(sizeClass, sizeClass == SizeClass.LARGE ? largeMaxInputBytes : smallMaxInputBytes);
    }

    /** A copy with another work directory. */
    public TransformSettings withWorkDirectory(Path directory) {
        return new TransformSettings(directory, downloadParallelism, smallMaxInputBytes, largeMaxInputBytes);
    }

    static long parseLimit(String setting, String value) {
        if (value.equalsIgnoreCase(UNLIMITED)) {
            return Long.MAX_VALUE;
        }
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new InvalidSettingsException(setting, "cannot read '" + value
                    + "'; expected a size such as 512MB, 2GiB or 1073741824, or unlimited");
        }
        double n = Double.parseDouble(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        long multiplier = switch (unit) {
            case "b", "byte", "bytes" -> 1L;
            case "kb" -> 1000L;
            case "kib" -> 1024L;
            case "mb" -> 1000L * 1000;
            case "mib" -> 1024L * 1024;
            case "gb" -> 1000L * 1000 * 1000;
            case "gib" -> 1024L * 1024 * 1024;
            case "tb" -> 1000L * 1000 * 1000 * 1000;
            case "tib" -> 1024L * 1024 * 1024 * 1024;
            default -> throw new IllegalStateException(unit);
        };
        return (long) (n * multiplier);
    }

    /** {@code bytes} for people: {@code 512 B}, {@code 1.5 KiB}, {@code 2.0 GiB}. */
    public static String formatBytes(long bytes) {
        if (bytes == Long.MAX_VALUE) {
            return UNLIMITED;
        }
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB", "PiB"};
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
