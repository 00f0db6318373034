package dev.sluice.dataplane.http;

import dev.sluice.contracts.ClassifiedException;
import dev.sluice.contracts.ErrorClass;
import dev.sluice.dataplane.InvalidSettingsException;
import dev.sluice.dataplane.secrets.Secret;
import dev.sluice.dataplane.secrets.SecretResolver;
import dev.sluice.spec.settings.Lookup;
import dev.sluice.spec.settings.SettingDef;
import dev.sluice.spec.settings.SettingException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A named HTTP endpoint and its auth, declared in the service's configuration rather than in specs, so that a spec
 * can send a credential only to the host it was issued for:
 *
 * <table>
 *   <caption>Settings of connection {@code <NAME>} (upper case, {@code -} as {@code _})</caption>
 *   <tr><th>setting</th><th>default</th><th>meaning</th></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_URL}</td><td>required</td><td>the base URL, e.g.
 *       {@code https://api.carrier.example/v2}; a spec's {@code path} is appended to it and must stay below it</td></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_AUTH_REF}</td><td>none</td><td>a secret reference for the auth header's
 *       value</td></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_AUTH_HEADER}</td><td>{@code Authorization}</td><td>the auth header</td></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_AUTH_PREFIX}</td><td>empty</td><td>text before the secret, e.g.
 *       {@code Bearer }</td></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_ALLOW_INSECURE}</td><td>{@code false}</td><td>allow an {@code http://} URL (local
 *       and test endpoints only)</td></tr>
 *   <tr><td>{@code SLUICE_HTTP_<NAME>_ALLOW_PRIVATE_ADDRESSES}</td><td>{@code false}</td><td>allow a host that
 *       resolves to a loopback, private, link-local (e.g. {@code 169.254.169.254}) or other non-public
 *       address</td></tr>
 * </table>
 *
 * <p>Requests, redirects and links go only to the connection's origin (scheme, host and port).
 */
public record HttpConnectionSettings(String name, URI baseUrl, String authRef, String authHeader, String authPrefix,
        boolean allowInsecure, boolean allowPrivateAddresses) {

    public static final SettingDef<String> URL = SettingDef.string("SLUICE_HTTP_<NAME>_URL", null,
            "the connection's base URL; https unless ALLOW_INSECURE, no user, password, query or fragment");
    public static final SettingDef<String> AUTH_REF = SettingDef.string("SLUICE_HTTP_<NAME>_AUTH_REF", null,
            "a secret reference for the auth header's value");
    public static final SettingDef<String> AUTH_HEADER = SettingDef.matching("SLUICE_HTTP_<NAME>_AUTH_HEADER",
            "Authorization", Pattern.compile("[A-Za-z0-9!#$%&'*+.^_`|~-]+"), "the auth header");
    /** Read as written, untrimmed: {@code Bearer } keeps its space. */
    public static final SettingDef<String> AUTH_PREFIX = SettingDef.string("SLUICE_HTTP_<NAME>_AUTH_PREFIX", null,
            "text before the secret, e.g. `Bearer `");
    public static final SettingDef<Boolean> ALLOW_INSECURE = strictBool("SLUICE_HTTP_<NAME>_ALLOW_INSECURE",
            "allow an http:// URL (local and test endpoints only)");
    public static final SettingDef<Boolean> ALLOW_PRIVATE_ADDRESSES = strictBool(
            "SLUICE_HTTP_<NAME>_ALLOW_PRIVATE_ADDRESSES",
            "allow a host that resolves to a loopback, private or link-local address");
    /** The settings of every connection, a family per name. */
    public static final List<SettingDef<?>> DEFINITIONS = List.of(URL, AUTH_REF, AUTH_HEADER, AUTH_PREFIX,
            ALLOW_INSECURE, ALLOW_PRIVATE_ADDRESSES);

    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,63}");

    public HttpConnectionSettings {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(baseUrl, "baseUrl");
        Objects.requireNonNull(authHeader, "authHeader");
        Objects.requireNonNull(authPrefix, "authPrefix");
    }

    /** The prefix of the connection's settings, e.g. {@code SLUICE_HTTP_SHIPMENTS_}. */
    public static String settingPrefix(String name) {
        return "SLUICE_HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_') + "_";
    }

    /**
     * Reads connection {@code name} from {@code configuration}.
     *
     * @param setting the spec setting that names the connection, e.g. {@code extract.source.connection}
     * @throws InvalidSettingsException when the name is bad, or the connection is missing or malformed
     */
    public static HttpConnectionSettings fromConfiguration(String name, Lookup configuration,
            String setting) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new InvalidSettingsException(setting, "'" + name
                    + "' is not a valid connection name; expected letters, digits, '_' or '-', starting with a letter");
        }
        String prefix = settingPrefix(name);
        String urlText = URL.named(name).text(configuration);
        if (urlText == null) {
            throw new InvalidSettingsException(setting, "connection '" + name + "' is not configured: set " + prefix
                    + "URL (and " + prefix + "AUTH_REF if it needs credentials)");
        }
        boolean allowInsecure = bool(ALLOW_INSECURE.named(name), configuration);
        boolean allowPrivate = bool(ALLOW_PRIVATE_ADDRESSES.named(name), configuration);
        URI url;
        try {
            url = new URI(urlText);
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException(prefix + "URL", "'" + urlText + "' is not a valid URL: " + e.getReason());
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http") || url.getHost() == null) {
            throw new InvalidSettingsException(prefix + "URL", "'" + urlText + "' is not an absolute https:// URL");
        }
        if (url.getRawUserInfo() != null) {
            // Never echo the URL here: it holds credentials.
            throw new InvalidSettingsException(prefix + "URL", "holds credentials; put them in a secret and set "
                    + prefix + "AUTH_REF instead");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            throw new InvalidSettingsException(prefix + "URL", "'" + urlText
                    + "' has a query or fragment; put those in the spec's path");
        }
        if (scheme.equals("http") && !allowInsecure) {
            throw new InvalidSettingsException(prefix + "URL", "'" + urlText + "' is not https; credentials and data "
                    + "would travel in clear text (set " + prefix + "ALLOW_INSECURE=true only for a local or test endpoint)");
        }
        String header;
        try {
            header = AUTH_HEADER.named(name).get(configuration);
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), "'" + e.value() + "' is not a header name");
        }
        String authPrefix = configuration.get(AUTH_PREFIX.named(name).name());
        return new HttpConnectionSettings(name, url.normalize(), AUTH_REF.named(name).text(configuration),
                header, authPrefix == null ? "" : authPrefix, allowInsecure, allowPrivate);
    }

    /** The auth header's value, resolved through {@code secrets}, or {@code null} when the connection has none. */
    public Secret authSecret(SecretResolver secrets) {
        return authRef == null ? null : secrets.resolve(settingPrefix(name) + "AUTH_REF", authRef);
    }

    /** Whether {@code uri} has the connection's scheme, host and port. */
    public boolean sameOrigin(URI uri) {
        return uri.getScheme() != null && uri.getHost() != null
                && uri.getScheme().equalsIgnoreCase(baseUrl.getScheme())
                && uri.getHost().equalsIgnoreCase(baseUrl.getHost())
                && port(uri) == port(baseUrl);
    }

    /** The origin, e.g. {@code https://api.example.com:443}, for messages. */
    public String origin() {
        return baseUrl.getScheme().toLowerCase(Locale.ROOT) + "://" + baseUrl.getHost() + ":" + port(baseUrl);
    }

    /**
     * Refuses a request to {@code uri} unless it is of the connection's origin and, unless the connection allows
     * private addresses, its host resolves only to public addresses. Runs before any connection is made.
     *
     * @param what what leads there, for messages, e.g. {@code a redirect from https://a/x}
     * @throws ClassifiedException SourceRequestRejected when {@code uri} is refused (not retryable)
     * @throws ClassifiedException SourceUnavailable when the host does not resolve (retryable)
     */
    public void checkTarget(URI uri, String what) {
        if (!sameOrigin(uri)) {
            throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, what + " leads to " + redact(uri) + ", outside connection '" + name
                    + "' (" + origin() + "); only the connection's scheme, host and port are followed");
        }
        if (allowPrivateAddresses) {
            return;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(uri.getHost());
        } catch (UnknownHostException e) {
            throw new ClassifiedException(ErrorClass.SOURCE_UNAVAILABLE, "connection '" + name + "': host " + uri.getHost()
                    + " does not resolve", e);
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new ClassifiedException(ErrorClass.SOURCE_REQUEST_REJECTED, "connection '" + name + "': " + uri.getHost() + " resolves to "
                        + address.getHostAddress() + ", a loopback, private or link-local address; refused (set "
                        + settingPrefix(name) + "ALLOW_PRIVATE_ADDRESSES=true for an endpoint inside the network)");
            }
        }
    }

    /** Whether {@code address} is a public unicast address (not loopback, private, link-local, CGNAT, ULA, ...). */
    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this" network
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7
                return false;
            }
            boolean mapped = true; // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
                try {
                    return isPublic(InetAddress.getByAddress(java.util.Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The URI without its query's values, which may hold cursors or keys. */
    public static String redact(URI uri) {
        String text = uri.toString();
        int q = text.indexOf('?');
        if (q < 0) {
            return text;
        }
        return text.substring(0, q) + "?" + text.substring(q + 1).replaceAll("=([^&]*)", "=…");
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /** {@code true} or {@code false} only: an unexpected word in a security switch is refused, not read. */
    private static SettingDef<Boolean> strictBool(String name, String doc) {
        return SettingDef.of(name, "boolean", "false", false, "true or false", doc,
                text -> switch (text.toLowerCase(Locale.ROOT)) {
                    case "true" -> true;
                    case "false" -> false;
                    default -> throw new IllegalArgumentException();
                });
    }

    private static boolean bool(SettingDef<Boolean> setting, Lookup configuration) {
        try {
            return setting.get(configuration);
        } catch (SettingException e) {
            throw new InvalidSettingsException(e.setting(), "expected true or false, got '" + e.value() + "'");
        }
    }
}
