package dev.sluice.loader.jdbc;

import dev.sluice.dataplane.PluginSettings;
import dev.sluice.dataplane.jdbc.JdbcConnectionSettings;
import dev.sluice.spec.settings.Lookup;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The settings of a {@code jdbc} target.
 *
 * <pre>{@code
 * targets:
 *   - type: jdbc
 *     connection: warehouse        # SLUICE_JDBC_WAREHOUSE_URL, _DRIVER, _USER, _PASSWORD_REF in the configuration
 *     table: analytics.order_facts # [schema.]table, unquoted-identifier characters; created if createTable
 *     mode: replace                # replace: delete the partition's rows, insert; merge: upsert by key
 *     key: [date, country]         # merge only: the columns of the table's primary key or unique constraint;
 *                                  # must include the output's partition dimensions (checked by JdbcTargetFactory)
 *     createTable: false           # create the table from the Parquet schema when it does not exist
 *     batchSize: 5000              # rows per batch of INSERTs (the generic path; PostgreSQL uses COPY)
 *     dialect: auto                # auto (PostgreSQL when the connection says so), postgres or generic
 *     controlTable: sluice_load_generations   # the generation guard, in the table's schema
 * }</pre>
 */
public record JdbcTargetSettings(
        JdbcConnectionSettings connection,
        List<String> table,
        Mode mode,
        List<String> key,
        boolean createTable,
        int batchSize,
        Dialect dialect,
        String controlTable) {

    /** How rows arrive. */
    public enum Mode { REPLACE, MERGE }

    /** Which SQL to speak. */
    public enum Dialect { AUTO, POSTGRES, GENERIC }

    public static final String DEFAULT_CONTROL_TABLE = "sluice_load_generations";
    static final Set<String> KNOWN = Set.of("connection", "table", "mode", "key", "createTable", "batchSize", "dialect",
            "controlTable");
    static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

    public JdbcTargetSettings {
        table = List.copyOf(table);
        key = List.copyOf(key);
    }

    /** Reads and validates the settings; the connection must be configured in {@code configuration}. */
    public static JdbcTargetSettings from(PluginSettings s, Lookup configuration) {
        s.onlyKnown(KNOWN);
        JdbcConnectionSettings connection = JdbcConnectionSettings.fromConfiguration(s.requiredString("connection"),
                configuration, s.name("connection"));
        String tableText = s.requiredString("table");
        List<String> table = List.of(tableText.split("\\.", -1));
        if (table.size() > 3 || table.stream().anyMatch(p -> !IDENTIFIER.matcher(p).matches())) {
            throw s.invalid("table", "'" + tableText + "' is not a table name; expected [schema.]table made of letters, "
                    + "digits and _ (not starting with a digit)");
        }
        Mode mode = Mode.valueOf(s.oneOf("mode", "mode", "replace", List.of("replace", "merge")).toUpperCase());
        List<String> key = s.strings("key");
        if (new LinkedHashSet<>(key).size() != key.size()) {
            throw s.invalid("key", "lists a column twice: " + key);
        }
        if (mode == Mode.MERGE && key.isEmpty()) {
            throw s.invalid("key", "is required when mode is merge: the columns to upsert by, e.g. [date, country]");
        }
        if (mode == Mode.REPLACE && !key.isEmpty()) {
            throw s.invalid("key", "applies to mode merge only; mode replace deletes the partition's rows by its dimensions");
        }
        String control = s.string("controlTable").orElse(DEFAULT_CONTROL_TABLE);
        if (!IDENTIFIER.matcher(control).matches()) {
            throw s.invalid("controlTable", "'" + control + "' is not a table name (letters, digits and _)");
        }
        int batchSize = (int) s.integer("batchSize", 5_000, 1, 100_000);
        Dialect dialect = Dialect.valueOf(s.oneOf("dialect", "dialect", "auto", List.of("auto", "postgres", "generic"))
                .toUpperCase());
        return new JdbcTargetSettings(connection, table, mode, key, s.bool("createTable", false), batchSize, dialect, control);
    }

    /** The table as written in the spec, e.g. {@code analytics.order_facts}: the control table's key. */
    public String tableName() {
        return String.join(".", table);
    }
}
