package dev.sluice.spec.xl;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Constructs in a job's SQL that DuckDB runs and Spark SQL (4.x) does not, found by pattern (outside string
 * literals and comments): {@code validate} warns about them in an {@code xl} job. It cannot see everything (a
 * function that exists in both with other semantics, e.g. integer division); docs/migration.md lists the
 * differences.
 */
public final class SparkDialect {

    private record Rule(Pattern pattern, String message) {}

    private static final List<Rule> RULES = List.of(
            new Rule(Pattern.compile("::\\s*[A-Za-z]"), "'::' casts are DuckDB/Postgres syntax; use CAST(x AS type)"),
            new Rule(Pattern.compile("(?i)\\bread_(parquet|csv|csv_auto|json|json_auto|ndjson)\\s*\\("),
                    "read_parquet()/read_csv()/read_json() are DuckDB table functions; read inputs through their views"),
            new Rule(Pattern.compile("(?i)\\*\\s*EXCLUDE\\s*\\("),
                    "SELECT * EXCLUDE (...) is DuckDB; Spark has no EXCLUDE (list the columns, or DataFrame drop)"),
            new Rule(Pattern.compile("(?i)\\*\\s*REPLACE\\s*\\("), "SELECT * REPLACE (...) is DuckDB; list the columns"),
            new Rule(Pattern.compile("(?i)\\blist_(transform|filter|aggregate|sort|distinct|value|concat|contains)\\s*\\("),
                    "DuckDB list_* functions; Spark uses transform(), filter(), aggregate(), array_sort(), array_distinct(), array(), concat(), array_contains()"),
            new Rule(Pattern.compile("(?i)\\b(strftime|strptime|epoch_ms|date_diff|date_part|struct_pack|regexp_full_match|string_agg)\\s*\\("),
                    "a DuckDB function with another name in Spark (date_format, to_timestamp, timestamp_millis, datediff,"
                            + " extract, named_struct, rlike, string_agg/listagg differ)"),
            new Rule(Pattern.compile("(?i)\\bUNNEST\\s*\\("), "UNNEST() is DuckDB; Spark uses explode() or LATERAL VIEW explode"),
            new Rule(Pattern.compile("(?i)\\bUSING\\s+SAMPLE\\b"), "USING SAMPLE is DuckDB; Spark uses TABLESAMPLE"),
            new Rule(Pattern.compile("(?i)\\bCOLUMNS\\s*\\("), "COLUMNS(...) expressions are DuckDB"),
            new Rule(Pattern.compile("(?i)\\bASOF\\s+JOIN\\b"), "ASOF JOIN is DuckDB"),
            new Rule(Pattern.compile("(?i)\\bPIVOT\\s+[a-z_]"), "DuckDB's PIVOT statement differs from Spark's PIVOT clause"));

    private static final Pattern STRINGS_AND_COMMENTS = Pattern.compile("'(?:[^']|'')*'|--[^\\n]*|/\\*.*?\\*/",
            Pattern.DOTALL);

    private SparkDialect() {}

    /** One warning: the 1-based line of {@code sql} and what to change. */
    public record Warning(int line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** The DuckDB-only constructs found in {@code sql}, in order of position. */
    public static List<Warning> duckDbOnly(String sql) {
        String code = blankOut(sql);
        List<int[]> found = new ArrayList<>();
        List<Warning> warnings = new ArrayList<>();
        for (int r = 0; r < RULES.size(); r++) {
            Matcher m = RULES.get(r).pattern().matcher(code);
            if (m.find()) {
                found.add(new int[] {m.start(), r});
            }
        }
        found.sort((a, b) -> Integer.compare(a[0], b[0]));
        for (int[] f : found) {
            warnings.add(new Warning(lineOf(code, f[0]), RULES.get(f[1]).message()));
        }
        return warnings;
    }

    /** Replaces string literals and comments by spaces (keeping newlines), so that patterns match code only. */
    private static String blankOut(String sql) {
        Matcher m = STRINGS_AND_COMMENTS.matcher(sql);
        StringBuilder b = new StringBuilder(sql);
        while (m.find()) {
            for (int i = m.start(); i < m.end(); i++) {
                if (b.charAt(i) != '\n') {
                    b.setCharAt(i, ' ');
                }
            }
        }
        return b.toString();
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }
}
