package dev.sluice.dataplane.compare;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.S3Uri;
import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One side of a comparison, as an operator writes it:
 *
 * <ul>
 *   <li>{@code s3://bucket/prefix/} (every {@code .parquet} object under the prefix), {@code s3://bucket/key.parquet}
 *       (one object) or an {@code s3://} glob;</li>
 *   <li>a local Parquet file or a directory of them ({@code file:} optional);</li>
 *   <li>{@code jdbc:<connection>/<table>}: a table read over the named JDBC connection the extractor uses
 *       ({@code SLUICE_JDBC_<CONNECTION>_URL}, ...), e.g. {@code jdbc:legacy/analytics.order_facts}.</li>
 * </ul>
 */
public sealed interface DatasetRef {

    /** Parquet in S3. */
    record S3(S3Uri uri) implements DatasetRef {
        public S3 {
            Objects.requireNonNull(uri, "uri");
        }

        @Override
        public String toString() {
            return uri.toString();
        }
    }

    /** A local Parquet file or directory. */
    record Local(Path path) implements DatasetRef {
        public Local {
            Objects.requireNonNull(path, "path");
        }

        @Override
        public String toString() {
            return path.toString();
        }
    }

    /** A table over a named JDBC connection. */
    record Jdbc(String connection, String table) implements DatasetRef {
        public Jdbc {
            Objects.requireNonNull(connection, "connection");
            Objects.requireNonNull(table, "table");
        }

        @Override
        public String toString() {
            return "jdbc:" + connection + "/" + table;
        }
    }

    /** {@code [schema.]table}, or {@code catalog.schema.table}: plain identifiers only, so the name is safe in SQL. */
    Pattern TABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*(\\.[A-Za-z_][A-Za-z0-9_$]*){0,2}");
    Pattern JDBC = Pattern.compile("jdbc:([^/]*)/(.*)");

    /**
     * Parses {@code text}.
     *
     * @param field the option or setting that holds it, for errors
     * @throws InvalidSettingsException naming {@code field} and the value when it is not one of the forms above
     */
    static DatasetRef parse(String text, String field) {
        if (text == null || text.isBlank()) {
            throw new InvalidSettingsException(field, "no dataset given; expected s3://bucket/prefix/, a local Parquet"
                    + " path or jdbc:<connection>/<table>");
        }
        String t = text.strip();
        if (t.startsWith("s3://")) {
            try {
                return new S3(S3Uri.parse(t));
            } catch (IllegalArgumentException e) {
                throw new InvalidSettingsException(field, e.getMessage());
            }
        }
        if (t.startsWith("jdbc:")) {
            Matcher m = JDBC.matcher(t);
            if (!m.matches() || m.group(1).isEmpty() || !TABLE.matcher(m.group(2)).matches()) {
                throw new InvalidSettingsException(field, "'" + t + "' is not jdbc:<connection>/<table> (a table such"
                        + " as analytics.order_facts; a connection such as legacy, configured by SLUICE_JDBC_LEGACY_URL)");
            }
            return new Jdbc(m.group(1), m.group(2));
        }
        if (t.startsWith("file:")) {
            t = t.substring("file:".length());
            if (t.startsWith("//")) {
                t = t.substring(2);
            }
        }
        if (t.contains("://")) {
            throw new InvalidSettingsException(field, "'" + text + "': unsupported scheme; expected s3://, a local path"
                    + " or jdbc:<connection>/<table>");
        }
        return new Local(Path.of(t));
    }
}
