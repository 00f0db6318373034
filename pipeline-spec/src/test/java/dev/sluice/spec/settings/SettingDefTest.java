package dev.sluice.spec.settings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class SettingDefTest {

    static final SettingDef<Integer> THREADS = SettingDef.integer("X_THREADS", 8, 1, 64, "threads");
    static final SettingDef<Duration> LEASE = SettingDef.duration("X_LEASE", Duration.ofMinutes(15),
            Duration.ofMinutes(1), Duration.ofHours(12), "lease");
    static final SettingDef<Boolean> FLAG = SettingDef.bool("X_FLAG", false, "false", "flag");
    static final SettingDef<Path> SPECS = SettingDef.path("X_SPECS", "specs", "specs");
    static final SettingDef<Path> WORK = SettingDef.absolutePath("X_WORK", "<java.io.tmpdir>/x", "work");
    static final SettingDef<String> ENV = SettingDef.matching("X_ENV", "local", Pattern.compile("[a-z]+"), "env");
    static final SettingDef<String> URL = SettingDef.string("X_<NAME>_URL", null, "url");

    private static final Lookup NOTHING = Lookup.of(Map.of());

    @Test
    void defaults() {
        assertThat(THREADS.get(NOTHING)).isEqualTo(8);
        assertThat(LEASE.get(NOTHING)).isEqualTo(Duration.ofMinutes(15));
        assertThat(LEASE.defaultText()).isEqualTo("15m");
        assertThat(FLAG.get(NOTHING)).isFalse();
        assertThat(SPECS.get(NOTHING)).isEqualTo(Path.of("specs"));
        assertThat(WORK.find(NOTHING)).isEmpty();
        assertThat(WORK.getOrElse(NOTHING, Path.of("/tmp/x"))).isEqualTo(Path.of("/tmp/x"));
        assertThat(ENV.get(NOTHING)).isEqualTo("local");
        assertThat(THREADS.get(Lookup.of(Map.of("X_THREADS", "  ")))).as("blank is unset").isEqualTo(8);
    }

    @Test
    void explicitMapping() {
        Lookup lookup = Lookup.of(Map.of("X_THREADS", " 16 ", "X_LEASE", "PT30M", "X_FLAG", "yes", "X_SPECS", "a/b",
                "X_WORK", "/mnt/work", "X_ENV", "prod", "X_CRM_DB_URL", "jdbc:x"));
        assertThat(THREADS.get(lookup)).isEqualTo(16);
        assertThat(LEASE.get(lookup)).isEqualTo(Duration.ofMinutes(30));
        assertThat(LEASE.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThat(FLAG.get(lookup)).isTrue();
        assertThat(SPECS.get(lookup)).isEqualTo(Path.of("a/b"));
        assertThat(WORK.get(lookup)).isEqualTo(Path.of("/mnt/work"));
        assertThat(ENV.get(lookup)).isEqualTo("prod");
        assertThat(URL.named("crm-db").name()).isEqualTo("X_CRM_DB_URL");
        assertThat(URL.named("crm-db").find(lookup)).contains("jdbc:x");
    }

    @Test
    void aBadValueIsRefusedNamingTheSettingAndTheValue() {
        record Case(SettingDef<?> def, String value, String message) {
        }
        for (Case c : List.of(
                new Case(THREADS, "0", "X_THREADS: must be between 1 and 64, got '0'"),
                new Case(THREADS, "two", "X_THREADS: must be between 1 and 64, got 'two'"),
                new Case(LEASE, "5s", "X_LEASE: must be a duration in 1m..12h, got '5s'"),
                new Case(LEASE, "20", "X_LEASE: must be a duration in 1m..12h, got '20'"),
                new Case(FLAG, "maybe", "X_FLAG: must be true or false, got 'maybe'"),
                new Case(WORK, "work", "X_WORK: must be an absolute path, got 'work'"),
                new Case(ENV, "Prod!", "X_ENV: must be text matching [a-z]+, got 'Prod!'"))) {
            assertThatThrownBy(() -> c.def().get(Lookup.of(Map.of(c.def().name(), c.value()))))
                    .isInstanceOfSatisfying(SettingException.class, e -> {
                        assertThat(e.setting()).isEqualTo(c.def().name());
                        assertThat(e.value()).isEqualTo(c.value());
                    })
                    .hasMessage(c.message());
        }
        assertThatThrownBy(() -> URL.named("crm").get(NOTHING))
                .isInstanceOf(SettingException.class).hasMessage("X_CRM_URL: is not set; it must be any text");
    }

    @Test
    void theEnvironmentFallsBackToSystemPropertiesAndOverridesWin() {
        String name = "SLUICE_SETTING_DEF_TEST_" + System.nanoTime();
        System.setProperty(name, "from-property");
        try {
            assertThat(Lookup.environment().get(name)).isEqualTo("from-property");
            assertThat(Lookup.environment().withOverrides(Map.of(name, "override")).get(name)).isEqualTo("override");
            assertThat(Lookup.environment().get(name + "_UNSET")).isNull();
        } finally {
            System.clearProperty(name);
        }
    }

    @Test
    void theDocsCheckFindsAnUndocumentedSettingOrAMissingDefault() {
        String doc = """
                | setting | default |
                |---|---|
                | `X_THREADS` | 8 |
                | `X_LEASE` | 30m |
                """;
        assertThat(SettingsDoc.undocumented(doc, List.of(THREADS, LEASE, FLAG)))
                .containsExactly("X_LEASE (default 15m)", "X_FLAG (default false)");
    }

    @Test
    void aRestrictedLookupServesOnlyTheDeclaredSettingsAndFamilies() {
        SettingDef<String> url = SettingDef.string("X_JDBC_<NAME>_URL", null, "a connection's URL");
        Lookup all = Lookup.of(Map.of("X_JDBC_CRM_URL", "jdbc:postgresql://crm/db", "X_THREADS", "4",
                "AWS_SECRET_ACCESS_KEY", "do-not-read"));
        Lookup plugin = all.restrictedTo(List.of(url, THREADS), "source plug-in 'jdbc'");

        assertThat(plugin.get("X_JDBC_CRM_URL")).isEqualTo("jdbc:postgresql://crm/db");
        assertThat(plugin.get("X_THREADS")).isEqualTo("4");
        assertThat(plugin.get("X_JDBC_OTHER_URL")).as("a declared family member that is unset").isNull();
        assertThatThrownBy(() -> plugin.get("AWS_SECRET_ACCESS_KEY"))
                .hasMessage("source plug-in 'jdbc' read setting AWS_SECRET_ACCESS_KEY, which it does not declare");
        assertThatThrownBy(() -> plugin.get("X_JDBC__URL")).as("a family member needs a name").isInstanceOf(IllegalStateException.class);
    }
}
