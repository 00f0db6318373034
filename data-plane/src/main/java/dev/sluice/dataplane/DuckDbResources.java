package dev.sluice.dataplane;

import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What DuckDB may use in this process: a memory limit, a thread count and a directory to spill to, derived from the
 * runtime and overridable by settings.
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>setting</th><th>default</th><th>constraint</th></tr>
 *   <tr><td>{@value #MEMORY_LIMIT}</td><td>{@value #DEFAULT_SHARE_PERCENT}% of the runtime's memory, and no more
 *       than what the JVM heap and {@value #RESERVE_MIB} MiB leave</td>
 *       <td>a size ({@code 512MB}, {@code 2GiB}, {@code 1073741824}) or a percentage of the runtime's memory
 *       ({@code 60%}); at least {@value #MIN_MEMORY_MIB} MiB</td></tr>
 *   <tr><td>{@value #THREADS}</td><td>the processors available to the JVM</td><td>1 to {@value #MAX_THREADS}</td></tr>
 *   <tr><td>{@value #TEMP_DIR}</td><td>{@code <java.io.tmpdir>/sluice-duckdb}</td><td>an absolute path</td></tr>
 * </table>
 *
 * <p>The runtime's memory is, in order: Lambda's {@code AWS_LAMBDA_FUNCTION_MEMORY_SIZE} (MiB); the cgroup limit of
 * a container (v2 {@code memory.max}, v1 {@code memory/memory.limit_in_bytes}); the machine's physical memory.
 *
 * @param memoryLimitBytes DuckDB's {@code memory_limit}
 * @param threads          DuckDB's {@code threads}
 * @param tempDirectory    DuckDB's {@code temp_directory}, where it spills
 * @param runtime          where the process runs, as detected
 * @param runtimeMemoryBytes the memory of the runtime the defaults were derived from
 */
public record DuckDbResources(long memoryLimitBytes, int threads, Path tempDirectory, Runtime runtime,
        long runtimeMemoryBytes) {

    public static final String MEMORY_LIMIT = "SLUICE_DUCKDB_MEMORY_LIMIT";
    public static final String THREADS = "SLUICE_DUCKDB_THREADS";
    public static final String TEMP_DIR = "SLUICE_DUCKDB_TEMP_DIR";
    /** Lambda's memory setting, in MiB. */
    public static final String LAMBDA_MEMORY = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";

    public static final SettingDef<String> MEMORY_LIMIT_SETTING = SettingDef.of(MEMORY_LIMIT, "size",
            "70% of the runtime's memory, and no more than what the JVM's max heap and 64 MiB leave", null,
            "a size (512MB, 2GiB, 1073741824) or a percentage of the runtime's memory (60%); at least 64 MiB",
            "DuckDB's memory_limit; beyond it DuckDB spills", text -> text);
    public static final SettingDef<Integer> THREADS_SETTING = SettingDef.integer(THREADS, null, 1, 1024,
            "DuckDB's threads; by default the processors available to the JVM");
    public static final SettingDef<Path> TEMP_DIR_SETTING = SettingDef.absolutePath(TEMP_DIR,
            "<java.io.tmpdir>/sluice-duckdb", "DuckDB's temp_directory, where it spills");
    /** DuckDB's settings. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(MEMORY_LIMIT_SETTING, THREADS_SETTING,
            TEMP_DIR_SETTING);

    public static final int DEFAULT_SHARE_PERCENT = 70;
    public static final long RESERVE_MIB = 64;
    public static final long MIN_MEMORY_MIB = 64;
    public static final int MAX_THREADS = 1024;

    private static final long MIB = 1024L * 1024;
    /** cgroup v1 reports "no limit" as a huge number (PAGE_COUNTER_MAX pages). */
    private static final long CGROUP_UNLIMITED = 1L << 60;
    private static final Pattern SIZE = Pattern.compile(
            "(\\d+(?:\\.\\d+)?)\\s*(b|bytes?|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern PERCENT = Pattern.compile("(\\d+(?:\\.\\d+)?)\\s*%");

    /** Where the process runs. */
    public enum Runtime { LAMBDA, CONTAINER, HOST }

    public DuckDbResources {
        Objects.requireNonNull(tempDirectory, "tempDirectory");
        Objects.requireNonNull(runtime, "runtime");
        if (memoryLimitBytes < MIN_MEMORY_MIB * MIB) {
            throw new IllegalArgumentException("memoryLimitBytes below " + MIN_MEMORY_MIB + " MiB: " + memoryLimitBytes);
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalArgumentException("threads out of 1.." + MAX_THREADS + ": " + threads);
        }
    }

    /** The resources for this process, from its environment (falling back to system properties of the same name). */
    public static DuckDbResources fromEnvironment() {
        return from(Lookup.environment(), Host.current());
    }

    /**
     * The resources from settings read through {@code settings} (a name to a value or {@code null}) on {@code host}.
     *
     * @throws InvalidSettingsException naming the setting and its value when one is bad
     */
    public static DuckDbResources from(Lookup settings, Host host) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(host, "host");
        Function<String, String> get = name -> {
            String v = settings.get(name);
            return v == null || v.isBlank() ? null : v.trim();
        };

        Runtime runtime;
        long runtimeMemory;
        String lambdaMemory = get.apply(LAMBDA_MEMORY);
        OptionalLong cgroup = host.cgroupMemoryLimit();
        if (lambdaMemory != null) {
            runtime = Runtime.LAMBDA;
            try {
                runtimeMemory = Long.parseLong(lambdaMemory) * MIB;
            } catch (NumberFormatException e) {
                throw new InvalidSettingsException(LAMBDA_MEMORY, "not a number of MiB: '" + lambdaMemory + "'");
            }
            if (runtimeMemory <= 0) {
                throw new InvalidSettingsException(LAMBDA_MEMORY, "must be positive, got '" + lambdaMemory + "'");
            }
        } else if (cgroup.isPresent()) {
            runtime = Runtime.CONTAINER;
            runtimeMemory = cgroup.getAsLong();
        } else {
            runtime = Runtime.HOST;
            runtimeMemory = host.physicalMemory();
        }

        long memory;
        String memorySetting = get.apply(MEMORY_LIMIT);
        if (memorySetting == null) {
            long share = runtimeMemory * DEFAULT_SHARE_PERCENT / 100;
            long leftByHeap = runtimeMemory - host.maxHeap() - RESERVE_MIB * MIB;
            memory = Math.max(MIN_MEMORY_MIB * MIB, Math.min(share, leftByHeap));
        } else {
            memory = parseMemory(memorySetting, runtimeMemory);
        }

        int threads;
        Path temp;
        try {
            threads = THREADS_SETTING.getOrElse(settings, Math.max(1, Math.min(MAX_THREADS, host.availableProcessors())));
            temp = TEMP_DIR_SETTING.getOrElse(settings, host.tmpDirectory().resolve("sluice-duckdb"));
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), e.problem());
        }
        return new DuckDbResources(memory, threads, temp, runtime, runtimeMemory);
    }

    /** The memory limit as DuckDB takes it, in whole MiB, e.g. {@code 1433MiB}. */
    public String memoryLimitSetting() {
        return (memoryLimitBytes / MIB) + "MiB";
    }

    /** A copy with another memory limit. */
    public DuckDbResources withMemoryLimit(long bytes) {
        return new DuckDbResources(bytes, threads, tempDirectory, runtime, runtimeMemoryBytes);
    }

    /** A copy with another thread count. */
    public DuckDbResources withThreads(int count) {
        return new DuckDbResources(memoryLimitBytes, count, tempDirectory, runtime, runtimeMemoryBytes);
    }

    /** A copy with another spill directory. */
    public DuckDbResources withTempDirectory(Path directory) {
        return new DuckDbResources(memoryLimitBytes, threads, directory, runtime, runtimeMemoryBytes);
    }

    private static long parseMemory(String value, long runtimeMemory) {
        long bytes;
        Matcher percent = PERCENT.matcher(value);
        Matcher size = SIZE.matcher(value);
        if (percent.matches()) {
            double p = Double.parseDouble(percent.group(1));
            if (p <= 0 || p > 100) {
                throw new InvalidSettingsException(MEMORY_LIMIT, "a percentage must be above 0 and at most 100, got '"
                        + value + "'");
            }
            bytes = (long) (runtimeMemory * (p / 100));
        } else if (size.matches()) {
            double n = Double.parseDouble(size.group(1));
            String unit = size.group(2) == null ? "b" : size.group(2).toLowerCase(Locale.ROOT);
            long multiplier = switch (unit) {
                case "b", "byte", "bytes" -> 1L;
                case "k", "kb" -> 1000L;
                case "kib" -> 1024L;
                case "m", "mb" -> 1000L * 1000;
                case "mib" -> MIB;
                case "g", "gb" -> 1000L * 1000 * 1000;
                case "gib" -> 1024L * MIB;
                case "t", "tb" -> 1000L * 1000 * 1000 * 1000;
                case "tib" -> 1024L * 1024 * MIB;
                default -> throw new IllegalStateException(unit);
            };
            bytes = (long) (n * multiplier);
        } else {
            throw new InvalidSettingsException(MEMORY_LIMIT, "cannot read '" + value
                    + "'; expected a size such as 512MB, 2GiB or 1073741824, or a percentage such as 60%");
        }
        if (bytes < MIN_MEMORY_MIB * MIB) {
            throw new InvalidSettingsException(MEMORY_LIMIT, "'" + value + "' is below the minimum of "
                    + MIN_MEMORY_MIB + "MiB");
        }
        return bytes;
    }

    /** What the process can see of its machine; {@link #current()} reads the real one, tests pass their own. */
    public interface Host {

        /** The memory limit of the process's cgroup, if it has one. */
        OptionalLong cgroupMemoryLimit();

        /** The machine's physical memory in bytes. */
        long physicalMemory();

        /** The processors available to the JVM. */
        int availableProcessors();

        /** The JVM's maximum heap in bytes. */
        long maxHeap();

        /** {@code java.io.tmpdir}. */
        Path tmpDirectory();

        /** This process's host, reading cgroup files under {@code /sys/fs/cgroup}. */
        static Host current() {
            return system(Path.of("/sys/fs/cgroup"));
        }

        /** The real host, with the cgroup file system mounted at {@code cgroupRoot}. */
        static Host system(Path cgroupRoot) {
            return new Host() {
                @Override
                public OptionalLong cgroupMemoryLimit() {
                    return readCgroupLimit(cgroupRoot);
                }

                @Override
                public long physicalMemory() {
                    if (ManagementFactory.getOperatingSystemMXBean()
                            instanceof com.sun.management.OperatingSystemMXBean os) {
                        return os.getTotalMemorySize();
                    }
                    return java.lang.Runtime.getRuntime().maxMemory() * 4;
                }

                @Override
                public int availableProcessors() {
                    return java.lang.Runtime.getRuntime().availableProcessors();
                }

                @Override
                public long maxHeap() {
                    return java.lang.Runtime.getRuntime().maxMemory();
                }

                @Override
                public Path tmpDirectory() {
                    return Path.of(System.getProperty("java.io.tmpdir"));
                }
            };
        }

        /**
         * The memory limit under a cgroup mount: v2's {@code memory.max} or v1's
         * {@code memory/memory.limit_in_bytes}; empty when absent, unreadable or unlimited.
         */
        static OptionalLong readCgroupLimit(Path cgroupRoot) {
            for (Path file : new Path[] {cgroupRoot.resolve("memory.max"),
                    cgroupRoot.resolve("memory").resolve("memory.limit_in_bytes")}) {
                if (!Files.isReadable(file)) {
                    continue;
                }
                try {
                    String text = Files.readString(file).trim();
                    if (text.equals("max")) {
                        return OptionalLong.empty();
                    }
                    long limit = Long.parseLong(text);
                    return limit <= 0 || limit >= CGROUP_UNLIMITED ? OptionalLong.empty() : OptionalLong.of(limit);
                } catch (IOException | NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
            return OptionalLong.empty();
        }
    }
}
