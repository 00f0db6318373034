package dev.sluice.contracts;

import static dev.sluice.contracts.Checks.list;
import static dev.sluice.contracts.Checks.required;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The columns of a dataset, in order, and their fingerprint.
 *
 * @param fingerprint {@code sha256:<64 hex>}; see {@link #fingerprint(List)}
 */
public record DatasetSchema(List<Column> columns, String fingerprint) {

    public DatasetSchema {
        columns = list(columns);
        required(fingerprint, "fingerprint");
    }

    /** A schema with the fingerprint computed from {@code columns}. */
    public static DatasetSchema of(List<Column> columns) {
        return new DatasetSchema(columns, fingerprint(columns));
    }

    /**
     * A stable fingerprint of the columns: SHA-256 over the UTF-8 text made of one line per column, in order,
     * {@code name TAB lowercase(type) TAB true|false LF}, written {@code sha256:} + 64 lowercase hex digits.
     */
    public static String fingerprint(List<Column> columns) {
        StringBuilder text = new StringBuilder();
        for (Column c : columns) {
            text.append(c.name()).append('\t').append(c.type().toLowerCase(Locale.ROOT)).append('\t')
                    .append(c.nullable()).append('\n');
        }
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return "sha256:" + HexFormat.of().formatHex(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether {@link #fingerprint()} is the one {@link #fingerprint(List)} computes. */
    public boolean hasComputedFingerprint() {
        return fingerprint.equals(fingerprint(columns));
    }

    /**
     * One column.
     *
     * @param type the SQL type, e.g. {@code bigint}, {@code varchar}, {@code decimal(18,2)}
     */
    public record Column(String name, String type, boolean nullable) {
        public Column {
            required(name, "name");
            required(type, "type");
        }
    }
}
