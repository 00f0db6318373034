package dev.sluice.transformer;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.runtime.service.ServiceSettings;
import dev.sluice.spec.model.SizeClass;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The transformer's own settings; DuckDB's memory, threads and spill directory are
 * {@link dev.sluice.dataplane.DuckDbResources}'.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>constraint</th></tr>
 *   <tr><td>{@code SLUICE_WORK_DIR}</td><td>{@code <java.io.tmpdir>/sluice-transform}</td>
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

    /** The one work-directory setting of the stages, {@code SLUICE_WORK_DIR}. */
    public static final String WORK_DIR = ServiceSettings.WORK_DIR;
    /** The work directory's default name under {@code java.io.tmpdir}. */
    public static final String WORK_DIR_NAME = "sluice-transform";
    public static final String DOWNLOAD_PARALLELISM = "SLUICE_TRANSFORM_DOWNLOAD_PARALLELISM";
    public static final String SMALL_MAX_INPUT = "SLUICE_TRANSFORM_SMALL_MAX_INPUT";
    public static final String LARGE_MAX_INPUT = "SLUICE_TRANSFORM_LARGE_MAX_INPUT";

    public static final int DEFAULT_DOWNLOAD_PARALLELISM = 8;
    public static final int MAX_DOWNLOAD_PARALLELISM = 64;
    /** Lambda offers up to 10 GB of {@code /tmp}; inputs, spill and output share it. */
    public static final String DEFAULT_SMALL_MAX_INPUT = "2GiB";
    public static final String UNLIMITED = "unlimited";

    public static final SettingDef<Integer> DOWNLOAD_PARALLELISM_SETTING = SettingDef.integer(DOWNLOAD_PARALLELISM,
            DEFAULT_DOWNLOAD_PARALLELISM, 1, MAX_DOWNLOAD_PARALLELISM, "parallel S3 downloads of inputs");
    public static final SettingDef<Long> SMALL_MAX_INPUT_SETTING = SettingDef.of(SMALL_MAX_INPUT, "size",
            DEFAULT_SMALL_MAX_INPUT, 2L << 30, "a size such as 512MB, 2GiB or 1073741824, or unlimited",
            "input bytes a small job may read", text -> parseLimit(SMALL_MAX_INPUT, text));
    public static final SettingDef<Long> LARGE_MAX_INPUT_SETTING = SettingDef.of(LARGE_MAX_INPUT, "size",
            UNLIMITED, Long.MAX_VALUE, "a size such as 512MB, 2GiB or 1073741824, or unlimited",
            "input bytes a large job may read", text -> parseLimit(LARGE_MAX_INPUT, text));
    public static final SettingDef<Long> MAX_MANIFEST_BYTES = SettingDef.of("SLUICE_TRANSFORM_MAX_MANIFEST_BYTES", "size",
            "16MiB", 16L << 20, "a size such as 1MB, 16MiB or 16777216",
            "the largest manifest an input may have; a larger one is refused before it is read",
            text -> parseLimit("SLUICE_TRANSFORM_MAX_MANIFEST_BYTES", text));
    /** The transformer's own settings (its work directory is {@link ServiceSettings#WORK_DIR_SETTING}). */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(DOWNLOAD_PARALLELISM_SETTING, SMALL_MAX_INPUT_SETTING,
            LARGE_MAX_INPUT_SETTING, MAX_MANIFEST_BYTES);

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
        return from(Lookup.environment());
    }

    /**
     * The settings read through {@code settings} (a name to a value or {@code null}).
     *
     * @throws InvalidSettingsException naming the setting and its value when one is bad
     */
    public static TransformSettings from(Lookup settings) {
        Objects.requireNonNull(settings, "settings");
        try {
            return new TransformSettings(ServiceSettings.workDir(settings, WORK_DIR_NAME),
                    DOWNLOAD_PARALLELISM_SETTING.get(settings), SMALL_MAX_INPUT_SETTING.get(settings),
                    LARGE_MAX_INPUT_SETTING.get(settings));
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), e.problem());
        }
    }

    /** The defaults. */
    public static TransformSettings defaults() {
        return from(name -> null);
    }

    /** The input limit of a job of {@code sizeClass}. */
    public InputLimit limitFor(SizeClass sizeClass) {
        return new InputLimit(sizeClass, sizeClass == SizeClass.XL ? Long.MAX_VALUE // Spark reads in place: no download
                : sizeClass == SizeClass.LARGE ? largeMaxInputBytes : smallMaxInputBytes);
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
