package dev.sluice.transformer;

import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.QueryFailedException;
import java.util.Locale;
import java.util.OptionalInt;

/**
 * DuckDB rejected or failed a job's SQL (the output's SQL file, or the SQL of a {@code sql} check). The message
 * names the job, where the SQL comes from and, when DuckDB gives one, the line in that SQL, then DuckDB's own
 * message, e.g.
 *
 * <pre>
 * job build_order_facts: sql/order_facts.sql, line 3: Parser Error: syntax error at or near "where"
 *
 * LINE 3:   frm x where
 *                 ^
 * </pre>
 *
 * <p>Not retryable: the same SQL fails the same way. The exception is {@link #resourcesExhausted()} when DuckDB ran
 * out of memory or disk, which a bigger runtime ({@code sizeClass: large}) may fix; its {@link #errorClass()} is
 * then {@code ResourcesExhausted} instead of {@code SqlError}.
 */
public class SqlFailedException extends QueryFailedException {

    private final String job;
    private final String source;
    private final int line;
    private final boolean resourcesExhausted;

    /**
     * @param source where the SQL comes from: the SQL file, or e.g. {@code check 'no_refunds' of order_facts}
     * @param line   the 1-based line in that SQL, or 0 if not known
     */
    public SqlFailedException(String job, String source, int line, String duckDbMessage, Throwable cause) {
        super(resourcesExhausted(duckDbMessage) ? ErrorClass.RESOURCES_EXHAUSTED : ErrorClass.SQL_ERROR,
                describe(job, source, line, duckDbMessage), cause);
        this.job = job;
        this.source = source;
        this.line = line;
        this.resourcesExhausted = resourcesExhausted(duckDbMessage);
    }

    private static boolean resourcesExhausted(String duckDbMessage) {
        String lower = duckDbMessage == null ? "" : duckDbMessage.toLowerCase(Locale.ROOT);
        return lower.startsWith("out of memory error") || lower.contains("no space left on device");
    }

    private static String describe(String job, String source, int line, String message) {
        StringBuilder text = new StringBuilder("job ").append(job).append(": ").append(source);
        if (line > 0) {
            text.append(", line ").append(line);
        }
        text.append(": ").append(message);
        return text.toString();
    }

    public String job() {
        return job;
    }

    /** The SQL file, or the check, whose SQL failed. */
    public String source() {
        return source;
    }

    /** The 1-based line in {@link #source()}, if DuckDB reported one that lies in it. */
    public OptionalInt line() {
        return line > 0 ? OptionalInt.of(line) : OptionalInt.empty();
    }

    /** Whether DuckDB ran out of memory or temp disk. */
    public boolean resourcesExhausted() {
        return resourcesExhausted;
    }
}
