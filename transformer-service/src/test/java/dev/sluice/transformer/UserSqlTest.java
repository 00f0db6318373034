package dev.sluice.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.dataplane.MalformedDataException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UserSqlTest {

    @Test
    void blanksTrailingSemicolonsAndEndsATrailingComment() {
        assertThat(UserSql.singleQuery("select 1;", "j", "f.sql")).isEqualTo("select 1 \n");
        assertThat(UserSql.singleQuery("select 1 ; ; -- done", "j", "f.sql")).isEqualTo("select 1     -- done\n");
        assertThat(UserSql.singleQuery("select 1\n-- trailing; comment", "j", "f.sql"))
                .isEqualTo("select 1\n-- trailing; comment\n");
        assertThat(UserSql.singleQuery(";select 1", "j", "f.sql")).isEqualTo(" select 1\n");
    }

    @Test
    void semicolonsInStringsIdentifiersAndCommentsAreNotStatementEnds() {
        String sql = """
                select 'a;b' as "c;d", $$x;y$$ as e, $tag$ ; $tag$ as f, E'it\\'s;' as g /* ; /* nested ; */ ; */
                from t -- ;
                """;
        assertThat(UserSql.singleQuery(sql, "j", "f.sql")).isEqualTo(sql + "\n");
    }

    @Test
    void refusesMoreThanOneStatementNamingTheLineOfTheSecond() {
        SqlFailedException e = catchThrowableOfType(SqlFailedException.class,
                () -> UserSql.singleQuery("select 1;\n\n  drop table x", "job1", "sql/a.sql"));
        assertThat(e.line()).hasValue(3);
        assertThat(e.getMessage()).isEqualTo("job job1: sql/a.sql, line 3: the SQL holds more than one statement (the"
                + " second starts on line 3); write one query, with WITH clauses for intermediate steps");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void refusesAnEmptyText() {
        assertThat(catchThrowableOfType(SqlFailedException.class,
                () -> UserSql.singleQuery(" -- nothing\n ; ", "j", "f.sql")).getMessage())
                .isEqualTo("job j: f.sql: the SQL is empty");
    }

    @Test
    void claimsALineOnlyWhenDuckDbsSnippetIsOnThatLineOfTheUsersSql() {
        String sql = "select\n  a,\n  b frm x\n";
        assertThat(UserSql.lineIn(sql, "Parser Error: syntax error at or near \"x\"\n\nLINE 3:   b frm x\n  ^"))
                .isEqualTo(3);
        // Line 1 shows the engine's wrapper before the user's text.
        assertThat(UserSql.lineIn(sql, "Binder Error: oops\n\nLINE 1: CREATE TABLE output AS select\n")).isEqualTo(1);
        // Truncated snippets.
        assertThat(UserSql.lineIn("select aaaaaaaaaaaaaaaaaaaa, bbbbbbbbbb frm x", "Parser Error\nLINE 1: ...aaaaaa, bbbbbbbbbb frm x"))
                .isEqualTo(1);
        // A line the user's SQL does not have, or a snippet that is not the user's: no line.
        assertThat(UserSql.lineIn(sql, "Error\nLINE 9: whatever")).isZero();
        assertThat(UserSql.lineIn(sql, "Error\nLINE 2: SELECT * FROM read_parquet(['/tmp/x'])")).isZero();
        assertThat(UserSql.lineIn(sql, "Catalog Error: no LINE here")).isZero();
    }

    @Test
    void anUnreadableInputIsMalformedDataNamingItsUri() {
        ClassifiedException e = UserSql.translate("j", "f.sql", "select * from t",
                "Invalid Input Error: No magic bytes found at end of file '/work/x/inputs/s3/00000-a.parquet'",
                Map.of("/work/x/inputs/s3/00000-a.parquet", "s3://b/in/a.parquet"), null);
        assertThat(e).isInstanceOf(MalformedDataException.class);
        assertThat(((MalformedDataException) e).file()).hasValue("s3://b/in/a.parquet");
        assertThat(e.getMessage()).contains("s3://b/in/a.parquet").doesNotContain("/work/x");
        assertThat(e.retryable()).isFalse();
    }

    @Test
    void runningOutOfMemoryIsItsOwnErrorClass() {
        ClassifiedException e = UserSql.translate("j", "f.sql", "select 1",
                "Out of Memory Error: failed to allocate data of size 64.0 MiB", Map.of(), null);
        assertThat(e).isInstanceOf(SqlFailedException.class);
        assertThat(((SqlFailedException) e).resourcesExhausted()).isTrue();
        assertThat(e.errorClass().wireName()).isEqualTo("ResourcesExhausted");
        assertThat(e.retryable()).isFalse();
    }
}
