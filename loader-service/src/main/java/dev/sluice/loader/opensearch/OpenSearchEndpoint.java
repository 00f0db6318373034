package dev.sluice.loader.opensearch;

import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OpenSearch endpoint, declared in the service's configuration rather than in specs.
 *
 * <table>
 *   <caption>Settings of connection {@code <NAME>} (upper case, {@code -} as {@code _}); without a connection name
 *   the target uses the unnamed {@code SLUICE_OPENSEARCH_URL}, {@code _USER}, {@code _PASSWORD_REF}</caption>
 *   <tr><th>setting</th><th>required</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_OPENSEARCH_<NAME>_URL}</td><td>yes</td><td>e.g. {@code https://search.internal:9200}</td></tr>
 *   <tr><td>{@code SLUICE_OPENSEARCH_<NAME>_USER}</td><td>no</td><td>basic-auth user</td></tr>
 *   <tr><td>{@code SLUICE_OPENSEARCH_<NAME>_PASSWORD_REF}</td><td>no</td><td>a secret reference for the password, e.g.
 *       {@code env:SEARCH_PASSWORD} or {@code secretsmanager:prod/search#password}</td></tr>
 * </table>
 */
public record OpenSearchEndpoint(String name, URI url, String user, String passwordRef) {

    public static final SettingDef<String> URL = SettingDef.string("SLUICE_OPENSEARCH_URL", null,
            "the endpoint of opensearch targets without a connection, e.g. https://search.internal:9200");
    public static final SettingDef<String> USER = SettingDef.string("SLUICE_OPENSEARCH_USER", null, "basic-auth user");
    public static final SettingDef<String> PASSWORD_REF = SettingDef.string("SLUICE_OPENSEARCH_PASSWORD_REF", null,
            "a secret reference for the password");
    public static final SettingDef<String> NAMED_URL = SettingDef.string("SLUICE_OPENSEARCH_<NAME>_URL", null,
            "the endpoint of connection <NAME>");
    public static final SettingDef<String> NAMED_USER = SettingDef.string("SLUICE_OPENSEARCH_<NAME>_USER", null,
            "basic-auth user of connection <NAME>");
    public static final SettingDef<String> NAMED_PASSWORD_REF = SettingDef.string("SLUICE_OPENSEARCH_<NAME>_PASSWORD_REF",
            null, "a secret reference for the password of connection <NAME>");
    /** The settings of an OpenSearch endpoint: the unnamed one, and a family per connection name. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(URL, USER, PASSWORD_REF, NAMED_URL, NAMED_USER,
            NAMED_PASSWORD_REF);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    /** The prefix of the endpoint's settings: {@code SLUICE_OPENSEARCH_<NAME>_}, or {@code SLUICE_OPENSEARCH_}. */
    public static String settingPrefix(String name) {
        return name == null ? "SLUICE_OPENSEARCH_" : "SLUICE_OPENSEARCH_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * Reads endpoint {@code name} (or the unnamed one when {@code null}) from {@code configuration}.
     *
     * @param setting the spec setting that names the connection, for errors
     */
    public static OpenSearchEndpoint fromConfiguration(String name, Lookup configuration, String setting) {
        if (name != null && !NAME.matcher(name).matches()) {
            throw new InvalidSettingsException(setting, "'" + name
                    + "' is not a valid connection name; expected letters, digits, '_' or '-', starting with a letter");
        }
        String prefix = settingPrefix(name);
        String url = (name == null ? URL : NAMED_URL.named(name)).text(configuration);
        if (url == null) {
            throw new InvalidSettingsException(setting, (name == null ? "no OpenSearch endpoint is configured" : "connection '"
                    + name + "' is not configured") + ": set " + prefix + "URL (and " + prefix + "USER, " + prefix + "PASSWORD_REF)");
        }
        URI uri;
        try {
            uri = URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(prefix + "URL", "'" + url + "' is not a URL");
        }
        if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
            throw new InvalidSettingsException(prefix + "URL", "'" + url + "' is not an http(s) URL with a host");
        }
        if (uri.getUserInfo() != null) {
            throw new InvalidSettingsException(prefix + "URL", "holds credentials; set " + prefix + "USER and " + prefix
                    + "PASSWORD_REF instead");
        }
        return new OpenSearchEndpoint(name, uri, (name == null ? USER : NAMED_USER.named(name)).text(configuration),
                (name == null ? PASSWORD_REF : NAMED_PASSWORD_REF.named(name)).text(configuration));
    }

    /** The password, or {@code null}. */
    public Secret password(SecretResolver secrets) {
        return passwordRef == null ? null : secrets.resolve(settingPrefix(name) + "PASSWORD_REF", passwordRef);
    }

    private static String trim(String v) {
        return v == null || v.isBlank() ? null : v.trim();
    }
}
