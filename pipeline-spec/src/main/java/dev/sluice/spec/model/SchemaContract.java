package dev.sluice.spec.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/**
 * The columns and types a dataset promises. Drift from it fails the stage that sees it.
 *
 * @param columns           the expected columns
 * @param unexpectedColumns whether columns the contract does not name are allowed
 */
public record SchemaContract(List<ColumnSpec> columns, UnexpectedColumns unexpectedColumns) {
    public SchemaContract {
        columns = columns == null ? List.of() : List.copyOf(columns);
        unexpectedColumns = unexpectedColumns == null ? UnexpectedColumns.ALLOW : unexpectedColumns;
    }

    /** Policy for columns present in the data but absent from the contract. */
    public enum UnexpectedColumns {
        ALLOW, FORBID;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static UnexpectedColumns fromWire(String value) {
            for (UnexpectedColumns u : values()) {
                if (u.wire().equals(value)) {
                    return u;
                }
            }
            throw new IllegalArgumentException("unknown unexpectedColumns policy '" + value + "', expected allow or forbid");
        }
    }
}
