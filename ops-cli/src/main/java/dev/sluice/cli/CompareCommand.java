package dev.sluice.cli;

import dev.sluice.dataplane.DuckDbResources;
import dev.sluice.dataplane.S3Transfer;
import dev.sluice.dataplane.compare.CompareOptions;
import dev.sluice.dataplane.compare.ComparisonReport;
import dev.sluice.dataplane.compare.DatasetComparer;
import dev.sluice.dataplane.compare.DatasetRef;
import dev.sluice.dataplane.secrets.SecretResolvers;
import dev.sluice.runtime.aws.AwsClients;
import dev.sluice.spec.settings.Lookup;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sluice compare LEFT RIGHT}: are two datasets the same, and where do they differ. */
@Command(name = "compare",
        mixinStandardHelpOptions = true,
        description = {"Compare two datasets or partitions: schemas, row counts, per-column aggregates (nulls, min, max, sum, distinct)"
                + " and a row-level diff (by --key, else rows as multisets) with a sample of differing rows.",
                "Each side is s3://bucket/prefix/ (its .parquet objects), s3://bucket/key.parquet, a local Parquet file or directory,"
                + " or jdbc:<connection>/<table> over a named JDBC connection (SLUICE_JDBC_<CONNECTION>_URL, _USER, _PASSWORD_REF).",
                "Runs in DuckDB within SLUICE_DUCKDB_MEMORY_LIMIT, spilling to SLUICE_DUCKDB_TEMP_DIR, so it works on more data than memory.",
                "Exit status: 0 equal, 1 different, 2 error."},
        footer = {"", "Examples:",
                "  sluice compare s3://lake/datasets/order_facts/date=2026-11-20/ jdbc:legacy/analytics.order_facts \\",
                "      --key order_id --right-where \"order_date = DATE '2026-11-20'\"",
                "  sluice compare out/order_facts.parquet legacy/order_facts/ --key order_id --format json"})
final class CompareCommand implements Callable<Integer>, UsesSettings {

    @Parameters(index = "0", paramLabel = "LEFT", description = "The dataset to check, e.g. Sluice's output.")
    String left;

    @Parameters(index = "1", paramLabel = "RIGHT", description = "The dataset to compare it with, e.g. the legacy table.")
    String right;

    @Option(names = "--key", split = ",", paramLabel = "COLUMN", description = "The columns that identify a row on both sides (comma-separated).")
    List<String> key;

    @Option(names = "--sample", defaultValue = "10", description = "How many differing rows to show (default: ${DEFAULT-VALUE}).")
    int sample;

    @Option(names = "--left-where", paramLabel = "SQL", description = "A condition that selects LEFT's rows (e.g. one partition); pushed down for JDBC.")
    String leftWhere;

    @Option(names = "--right-where", paramLabel = "SQL", description = "A condition that selects RIGHT's rows.")
    String rightWhere;

    @Option(names = "--format", defaultValue = "text", description = "text or json (default: text).")
    String format;

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "DuckDB's memory limit for this comparison (default: $SLUICE_DUCKDB_MEMORY_LIMIT or 70% of memory).")
    String memoryLimit;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where downloads and the comparison database go (default: the system temp directory).")
    Path workDir;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private Lookup settings = Lookup.environment();

    @Override
    public void settings(Lookup settings) {
        this.settings = settings;
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (!format.equals("text") && !format.equals("json")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--format must be text or json, not '" + format + "'");
        }
        try {
            DatasetRef leftRef = DatasetRef.parse(left, "left");
            DatasetRef rightRef = DatasetRef.parse(right, "right");
            CompareOptions options = new CompareOptions(key == null ? List.of() : key.stream().map(String::strip).toList(),
                    sample, leftWhere, rightWhere);
            Map<String, String> overrides = new HashMap<>();
            if (memoryLimit != null) {
                overrides.put(DuckDbResources.MEMORY_LIMIT, memoryLimit);
            }
            DuckDbResources resources = DuckDbResources.from(settings.withOverrides(overrides), DuckDbResources.Host.current());
            Path work = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "sluice-compare");
            try (LazyAws aws = new LazyAws(settings)) {
                DatasetComparer comparer = new DatasetComparer(resources, work, aws::transfer, settings,
                        SecretResolvers.fromConfiguration(settings));
                ComparisonReport report = comparer.compare(leftRef, rightRef, options);
                out.print(format.equals("json") ? report.toJson() + "\n" : report.toText());
                out.flush();
                return report.equal() ? 0 : 1;
            }
        } catch (RuntimeException e) {
            spec.commandLine().getErr().println("error: " + optionNames(String.valueOf(e.getMessage())));
            return 2;
        }
    }

    /** AWS clients made only when a side is in S3, closed with the command. */
    private static final class LazyAws implements AutoCloseable {
        private final Lookup settings;
        private AwsClients clients;

        LazyAws(Lookup settings) {
            this.settings = settings;
        }

        S3Transfer transfer() {
            if (clients == null) {
                clients = OpsOptions.awsClients(settings);
            }
            return new S3Transfer(clients);
        }

        @Override
        public void close() {
            if (clients != null) {
                clients.close();
            }
        }
    }

    /** The engine names the fields it refuses; the command line calls them by its own names. */
    static String optionNames(String message) {
        for (String[] name : new String[][] {{"left", "LEFT"}, {"right", "RIGHT"}, {"key", "--key"},
                {"sample", "--sample"}, {"leftWhere", "--left-where"}, {"rightWhere", "--right-where"}}) {
            if (message.startsWith(name[0] + ": ")) {
                return name[1] + message.substring(name[0].length());
            }
        }
        return message;
    }
}
