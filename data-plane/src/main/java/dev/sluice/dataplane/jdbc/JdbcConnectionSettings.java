package dev.sluice.dataplane.jdbc;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * A named JDBC connection, declared in the service's configuration rather than in specs:
 *
 * <table>
 *   <caption>Settings of connection {@code <NAME>} (upper case, {@code -} as {@code _})</caption>
 *   <tr><th>setting</th><th>required</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_JDBC_<NAME>_URL}</td><td>yes</td><td>the JDBC URL, e.g.
 *       {@code jdbc:postgresql://db:5432/shop}; it must not hold a password</td></tr>
 *   <tr><td>{@code SLUICE_JDBC_<NAME>_DRIVER}</td><td>no</td><td>the driver class, when the URL alone does not find
 *       it</td></tr>
 *   <tr><td>{@code SLUICE_JDBC_<NAME>_USER}</td><td>no</td><td>the user</td></tr>
 *   <tr><td>{@code SLUICE_JDBC_<NAME>_PASSWORD_REF}</td><td>no</td><td>a secret reference for the password, e.g.
 *       {@code env:WAREHOUSE_PASSWORD} or {@code secretsmanager:prod/warehouse#password}</td></tr>
 * </table>
 */
public record JdbcConnectionSettings(String name, String url, String driver, String user, String passwordRef) {

    public static final SettingDef<String> URL = SettingDef.string("SLUICE_JDBC_<NAME>_URL", null,
            "the JDBC URL of connection <NAME>; a URL holding password= is refused");
    public static final SettingDef<String> DRIVER = SettingDef.string("SLUICE_JDBC_<NAME>_DRIVER", null,
            "the driver class, when the URL alone does not find it");
    public static final SettingDef<String> USER = SettingDef.string("SLUICE_JDBC_<NAME>_USER", null, "the user");
    public static final SettingDef<String> PASSWORD_REF = SettingDef.string("SLUICE_JDBC_<NAME>_PASSWORD_REF", null,
            "a secret reference for the password");
    /** The settings of a JDBC connection, a family per connection name. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(URL, DRIVER, USER, PASSWORD_REF);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");
    private static final Pattern PASSWORD_IN_URL = Pattern.compile("(?i)[?&;:]password=");

    public JdbcConnectionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
    }

    /** The prefix of the connection's settings, e.g. {@code SLUICE_JDBC_WAREHOUSE_}. */
    public static String settingPrefix(String name) {
        return "SLUICE_JDBC_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * Reads connection {@code name} from {@code configuration}.
     *
     * @param setting the spec setting that names the connection, e.g. {@code extract.source.connection}
     * @throws InvalidSettingsException when the name is bad or the URL is missing or malformed
     */
    public static JdbcConnectionSettings fromConfiguration(String name, Lookup configuration,
            String setting) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingsException(setting, "'" + name
                    + "' is not a valid connection name; expected letters, digits, '_' or '-', starting with a letter");
        }
        String prefix = settingPrefix(name);
        String url = URL.named(name).text(configuration);
        if (url == null) {
            throw new InvalidSettingsException(setting, "connection '" + name + "' is not configured: set " + prefix
                    + "URL (and " + prefix + "USER, " + prefix + "PASSWORD_REF)");
        }
        if (!url.startsWith("jdbc:")) {
            throw new InvalidSettingsException(prefix + "URL", "'" + url + "' is not a JDBC URL (jdbc:...)");
        }
        if (PASSWORD_IN_URL.matcher(url).find()) {
            // Never echo the URL here: it holds a password.
            throw new InvalidSettingsException(prefix + "URL", "holds a password; put it in a secret and set "
                    + prefix + "PASSWORD_REF instead");
        }
        return new JdbcConnectionSettings(name, url, DRIVER.named(name).text(configuration),
                USER.named(name).text(configuration), PASSWORD_REF.named(name).text(configuration));
    }

    /** The password, resolved through {@code secrets}, or {@code null} when the connection has none. */
    public Secret password(SecretResolver secrets) {
        return passwordRef == null ? null : secrets.resolve(settingPrefix(name) + "PASSWORD_REF", passwordRef);
    }

    /** Opens a connection, resolving the password through {@code secrets}; see {@link #open(Secret)}. */
    public Connection open(SecretResolver secrets) {
        return open(password(secrets));
    }

    /**
     * Opens a connection with {@code password} (or none). Failures are classified by {@link JdbcErrors} and never
     * show the password.
     */
    public Connection open(Secret password) {
        if (driver != null) {
            try {
                Class.forName(driver);
            } catch (ClassNotFoundException e) {
                throw new InvalidSettingsException(settingPrefix(name) + "DRIVER", "driver class '" + driver
                        + "' is not on the classpath");
            }
        }
        Properties properties = new Properties();
        if (user != null) {
            properties.setProperty("user", user);
        }
        if (password != null) {
            properties.setProperty("password", password.reveal());
        }
        try {
            return DriverManager.getConnection(url, properties);
        } catch (SQLException e) {
            ClassifiedException classified = JdbcErrors.classify("connecting to '" + name + "'", e, password);
            throw classified;
        }
    }

    @Override
    public String toString() {
        return "JdbcConnectionSettings[name=" + name + ", url=" + url + ", driver=" + driver + ", user=" + user
                + ", passwordRef=" + passwordRef + "]";
    }

}
