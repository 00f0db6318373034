package dev.sluice.spark;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.sql.types.ArrayType;
import org.apache.spark.sql.types.BinaryType;
import org.apache.spark.sql.types.BooleanType;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.MapType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Spark SQL types by the names DuckDB gives them, so that an {@code xl} output's schema reads as a DuckDB one's does
 * (in contracts, {@code data-ready} schemas and {@code compare}): the types Parquet carries map one to one.
 */
final class SparkTypes {

    private static final Pattern DECIMAL = Pattern.compile("DECIMAL\\s*\\((\\d+)\\s*,\\s*(\\d+)\\)");

    private SparkTypes() {}

    /** The DuckDB name of a Spark type, e.g. {@code BIGINT}, {@code DECIMAL(18,2)}, {@code VARCHAR[]}. */
    static String duckDbName(DataType type) {
        return switch (type) {
            case ByteType t -> "TINYINT";
            case ShortType t -> "SMALLINT";
            case IntegerType t -> "INTEGER";
            case LongType t -> "BIGINT";
            case FloatType t -> "FLOAT";
            case DoubleType t -> "DOUBLE";
            case DecimalType d -> "DECIMAL(" + d.precision() + "," + d.scale() + ")";
            case StringType t -> "VARCHAR";
            case BooleanType t -> "BOOLEAN";
            case DateType t -> "DATE";
            case TimestampType t -> "TIMESTAMP WITH TIME ZONE";
            case TimestampNTZType t -> "TIMESTAMP";
            case BinaryType t -> "BLOB";
            case ArrayType a -> duckDbName(a.elementType()) + "[]";
            case MapType m -> "MAP(" + duckDbName(m.keyType()) + ", " + duckDbName(m.valueType()) + ")";
            case StructType s -> Stream.of(s.fields()).map(f -> f.name() + " " + duckDbName(f.dataType()))
                    .collect(Collectors.joining(", ", "STRUCT(", ")"));
            default -> type.simpleString().toUpperCase(Locale.ROOT);
        };
    }

    /** The Spark DDL type of a DuckDB type name, for the few types an empty input's schema declares. */
    static String sparkDdl(String duckDbType) {
        String t = duckDbType.strip().toUpperCase(Locale.ROOT);
        Matcher decimal = DECIMAL.matcher(t);
        if (decimal.matches()) {
            return "DECIMAL(" + decimal.group(1) + "," + decimal.group(2) + ")";
        }
        return switch (t) {
            case "VARCHAR", "TEXT", "STRING" -> "STRING";
            case "TINYINT" -> "TINYINT";
            case "SMALLINT" -> "SMALLINT";
            case "INTEGER", "INT" -> "INT";
            case "BIGINT" -> "BIGINT";
            case "FLOAT", "REAL" -> "FLOAT";
            case "DOUBLE" -> "DOUBLE";
            case "BOOLEAN", "BOOL" -> "BOOLEAN";
            case "DATE" -> "DATE";
            case "TIMESTAMP" -> "TIMESTAMP_NTZ";
            case "TIMESTAMP WITH TIME ZONE", "TIMESTAMPTZ" -> "TIMESTAMP";
            case "BLOB" -> "BINARY";
            default -> throw new IllegalArgumentException("type '" + duckDbType + "' has no Spark equivalent here;"
                    + " declare VARCHAR, integers, DOUBLE, DECIMAL(p,s), BOOLEAN, DATE or TIMESTAMP");
        };
    }

    /** Types compared as DuckDB names, ignoring case and spaces. */
    static boolean same(String a, String b) {
        return a.replace(" ", "").equalsIgnoreCase(b.replace(" ", ""));
    }
}
