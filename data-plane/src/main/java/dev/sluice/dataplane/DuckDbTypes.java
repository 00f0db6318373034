package dev.sluice.dataplane;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * DuckDB type names in one canonical spelling, so that a contract's {@code INT4}, {@code TEXT} or
 * {@code TIMESTAMPTZ} compares equal to what DuckDB reports ({@code INTEGER}, {@code VARCHAR},
 * {@code TIMESTAMP WITH TIME ZONE}).
 *
 * <p>Canonical form: DuckDB's own names in upper case; {@code DECIMAL(p,s)} without spaces ({@code DECIMAL} alone is
 * DuckDB's default {@code DECIMAL(18,3)}, {@code DECIMAL(p)} is {@code DECIMAL(p,0)}); {@code VARCHAR} without a
 * length; lists as {@code T[]}; {@code STRUCT(name TYPE, ...)} and {@code MAP(K, V)} with their parts normalized.
 */
public final class DuckDbTypes {

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("INT", "INTEGER"), Map.entry("INT4", "INTEGER"), Map.entry("SIGNED", "INTEGER"),
            Map.entry("INTEGER", "INTEGER"),
            Map.entry("INT8", "BIGINT"), Map.entry("LONG", "BIGINT"), Map.entry("BIGINT", "BIGINT"),
            Map.entry("INT2", "SMALLINT"), Map.entry("SHORT", "SMALLINT"), Map.entry("SMALLINT", "SMALLINT"),
            Map.entry("INT1", "TINYINT"), Map.entry("TINYINT", "TINYINT"),
            Map.entry("INT128", "HUGEINT"), Map.entry("HUGEINT", "HUGEINT"),
            Map.entry("UINT8", "UTINYINT"), Map.entry("UINT16", "USMALLINT"), Map.entry("UINT32", "UINTEGER"),
            Map.entry("UINT64", "UBIGINT"), Map.entry("UINT128", "UHUGEINT"),
            Map.entry("FLOAT4", "FLOAT"), Map.entry("REAL", "FLOAT"), Map.entry("FLOAT", "FLOAT"),
            Map.entry("FLOAT8", "DOUBLE"), Map.entry("DOUBLE", "DOUBLE"), Map.entry("DOUBLE PRECISION", "DOUBLE"),
            Map.entry("NUMERIC", "DECIMAL"), Map.entry("DECIMAL", "DECIMAL"),
            Map.entry("VARCHAR", "VARCHAR"), Map.entry("TEXT", "VARCHAR"), Map.entry("STRING", "VARCHAR"),
            Map.entry("CHAR", "VARCHAR"), Map.entry("BPCHAR", "VARCHAR"), Map.entry("CHARACTER", "VARCHAR"),
            Map.entry("CHARACTER VARYING", "VARCHAR"), Map.entry("NVARCHAR", "VARCHAR"),
            Map.entry("BOOL", "BOOLEAN"), Map.entry("LOGICAL", "BOOLEAN"), Map.entry("BOOLEAN", "BOOLEAN"),
            Map.entry("BLOB", "BLOB"), Map.entry("BYTEA", "BLOB"), Map.entry("BINARY", "BLOB"),
            Map.entry("VARBINARY", "BLOB"),
            Map.entry("DATE", "DATE"),
            Map.entry("TIME", "TIME"), Map.entry("TIME WITHOUT TIME ZONE", "TIME"),
            Map.entry("TIMETZ", "TIME WITH TIME ZONE"), Map.entry("TIME WITH TIME ZONE", "TIME WITH TIME ZONE"),
            Map.entry("TIMESTAMP", "TIMESTAMP"), Map.entry("DATETIME", "TIMESTAMP"),
            Map.entry("TIMESTAMP WITHOUT TIME ZONE", "TIMESTAMP"),
            Map.entry("TIMESTAMPTZ", "TIMESTAMP WITH TIME ZONE"),
            Map.entry("TIMESTAMP WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE"),
            Map.entry("TIMESTAMP_S", "TIMESTAMP_S"), Map.entry("TIMESTAMP_MS", "TIMESTAMP_MS"),
            Map.entry("TIMESTAMP_NS", "TIMESTAMP_NS"),
            Map.entry("UUID", "UUID"), Map.entry("JSON", "JSON"), Map.entry("INTERVAL", "INTERVAL"),
            Map.entry("LIST", "LIST"), Map.entry("STRUCT", "STRUCT"), Map.entry("ROW", "STRUCT"),
            Map.entry("MAP", "MAP"), Map.entry("UNION", "UNION"));

    private DuckDbTypes() {}

    /**
     * The canonical spelling of {@code type}; an unknown name is kept, in upper case.
     *
     * @throws IllegalArgumentException if {@code type} cannot be read (unbalanced parentheses)
     */
    public static String normalize(String type) {
        Objects.requireNonNull(type, "type");
        Parser parser = new Parser(type);
        String result = parser.type();
        parser.expectEnd();
        return result;
    }

    /** Whether two type names denote the same DuckDB type. */
    public static boolean same(String a, String b) {
        return normalize(a).equals(normalize(b));
    }

    /** A small recursive-descent reader of type names. */
    private static final class Parser {
        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        String type() {
            skipSpace();
            StringBuilder name = new StringBuilder(word());
            // Multi-word names: DOUBLE PRECISION, TIMESTAMP WITH TIME ZONE, CHARACTER VARYING, ...
            while (true) {
                int save = pos;
                skipSpace();
                if (pos < text.length() && Character.isLetter(text.charAt(pos))) {
                    String next = word();
                    String candidate = name + " " + next;
                    if (isMultiWordPrefix(candidate)) {
                        name.setLength(0);
                        name.append(candidate);
                        continue;
                    }
                }
                pos = save;
                break;
            }
            String base = ALIASES.getOrDefault(name.toString(), name.toString());
            String result;
            skipSpace();
            if (peek('(')) {
                pos++;
                result = switch (base) {
                    case "DECIMAL" -> decimal();
                    case "STRUCT" -> struct();
                    case "MAP" -> map();
                    case "LIST" -> {
                        String element = type();
                        expect(')');
                        yield element + "[]";
                    }
                    case "VARCHAR", "BLOB", "INTEGER", "BIGINT", "FLOAT", "DOUBLE" -> {
                        skipArguments();
                        yield base;
                    }
                    default -> base + "(" + rawArguments() + ")";
                };
            } else {
                result = base.equals("DECIMAL") ? "DECIMAL(18,3)" : base;
            }
            skipSpace();
            while (peek('[')) {
                pos++;
                skipSpace();
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                String size = text.substring(start, pos);
                expect(']');
                result = result + "[" + size + "]";
                skipSpace();
            }
            return result;
        }

        private String decimal() {
            List<String> numbers = new ArrayList<>();
            while (true) {
                skipSpace();
                int start = pos;
                while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                    pos++;
                }
                if (start == pos) {
                    throw bad("a number in DECIMAL(...)");
                }
                numbers.add(text.substring(start, pos));
                skipSpace();
                if (peek(',')) {
                    pos++;
                    continue;
                }
                expect(')');
                break;
            }
            int precision = Integer.parseInt(numbers.get(0));
            int scale = numbers.size() > 1 ? Integer.parseInt(numbers.get(1)) : 0;
            return "DECIMAL(" + precision + "," + scale + ")";
        }

        private String struct() {
            List<String> fields = new ArrayList<>();
            while (true) {
                skipSpace();
                String name = fieldName();
                String fieldType = type();
                fields.add(name + " " + fieldType);
                skipSpace();
                if (peek(',')) {
                    pos++;
                    continue;
                }
                expect(')');
                break;
            }
            return "STRUCT(" + String.join(", ", fields) + ")";
        }

        private String map() {
            String key = type();
            skipSpace();
            expect(',');
            String value = type();
            skipSpace();
            expect(')');
            return "MAP(" + key + ", " + value + ")";
        }

        private String fieldName() {
            if (peek('"')) {
                int start = ++pos;
                StringBuilder name = new StringBuilder();
                while (pos < text.length()) {
                    char c = text.charAt(pos++);
                    if (c == '"') {
                        if (peek('"')) {
                            name.append('"');
                            pos++;
                            continue;
                        }
                        String n = name.toString();
                        return n.matches("[A-Za-z_][A-Za-z0-9_]*") ? n : "\"" + n.replace("\"", "\"\"") + "\"";
                    }
                    name.append(c);
                }
                throw bad("a closing quote after position " + start);
            }
            int start = pos;
            while (pos < text.length() && !Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw bad("a field name");
            }
            return text.substring(start, pos);
        }

        private String rawArguments() {
            int depth = 1;
            int start = pos;
            while (pos < text.length()) {
                char c = text.charAt(pos++);
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return text.substring(start, pos - 1).replaceAll("\\s*,\\s*", ",").trim();
                }
            }
            throw bad("a closing parenthesis");
        }

        private void skipArguments() {
            rawArguments();
        }

        private String word() {
            int start = pos;
            while (pos < text.length() && (Character.isLetterOrDigit(text.charAt(pos)) || text.charAt(pos) == '_')) {
                pos++;
            }
            if (start == pos) {
                throw bad("a type name");
            }
            return text.substring(start, pos).toUpperCase(Locale.ROOT);
        }

        private static boolean isMultiWordPrefix(String candidate) {
            return ALIASES.keySet().stream().anyMatch(k -> k.equals(candidate) || k.startsWith(candidate + " "));
        }

        private boolean peek(char c) {
            return pos < text.length() && text.charAt(pos) == c;
        }

        private void expect(char c) {
            skipSpace();
            if (!peek(c)) {
                throw bad("'" + c + "'");
            }
            pos++;
        }

        void expectEnd() {
            skipSpace();
            if (pos != text.length()) {
                throw bad("the end");
            }
        }

        private void skipSpace() {
            while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
                pos++;
            }
        }

        private IllegalArgumentException bad(String expected) {
            return new IllegalArgumentException("cannot read type '" + text + "': expected " + expected
                    + " at position " + pos);
        }
    }
}
