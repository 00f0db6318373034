package dev.sluice.dataplane.http;

import dev.sluice.contracts.ErrorClass;
import dev.sluice.contracts.ClassifiedException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sluice.dataplane.InvalidSettingsException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Named HTTP connections: defaults, an explicit mapping, and the targets they refuse (no traffic is sent). */
class HttpConnectionSettingsTest {

    private static HttpConnectionSettings read(Map<String, String> config) {
        return HttpConnectionSettings.fromConfiguration("carrier-api", config::get, "extract.source.connection");
    }

    @Test
    void defaults() {
        HttpConnectionSettings c = read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "https://api.carrier.example/v2"));
        assertThat(c.baseUrl()).hasToString("https://api.carrier.example/v2");
        assertThat(c.authRef()).isNull();
        assertThat(c.authHeader()).isEqualTo("Authorization");
        assertThat(c.authPrefix()).isEmpty();
        assertThat(c.allowInsecure()).isFalse();
        assertThat(c.allowPrivateAddresses()).isFalse();
        assertThat(c.origin()).isEqualTo("https://api.carrier.example:443");
    }

    @Test
    void explicitMapping() {
        HttpConnectionSettings c = read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "http://127.0.0.1:8080",
                "SLUICE_HTTP_CARRIER_API_AUTH_REF", "secretsmanager:sluice/dev/carrier#token",
                "SLUICE_HTTP_CARRIER_API_AUTH_HEADER", "X-Api-Key", "SLUICE_HTTP_CARRIER_API_AUTH_PREFIX", "Key ",
                "SLUICE_HTTP_CARRIER_API_ALLOW_INSECURE", "true",
                "SLUICE_HTTP_CARRIER_API_ALLOW_PRIVATE_ADDRESSES", "true"));
        assertThat(c.authRef()).isEqualTo("secretsmanager:sluice/dev/carrier#token");
        assertThat(c.authHeader()).isEqualTo("X-Api-Key");
        assertThat(c.authPrefix()).isEqualTo("Key ");
        assertThat(c.allowInsecure()).isTrue();
        assertThat(c.allowPrivateAddresses()).isTrue();
        assertThatThrownBy(() -> read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "https://a.example",
                "SLUICE_HTTP_CARRIER_API_ALLOW_INSECURE", "yes")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_HTTP_CARRIER_API_ALLOW_INSECURE: expected true or false, got 'yes'");
    }

    @Test
    void aBadAuthHeaderIsRefusedNamingTheSettingAndTheValue() {
        assertThatThrownBy(() -> read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "https://a.example",
                "SLUICE_HTTP_CARRIER_API_AUTH_HEADER", "X Api:Key")))
                .isInstanceOf(InvalidSettingsException.class)
                .hasMessage("SLUICE_HTTP_CARRIER_API_AUTH_HEADER: 'X Api:Key' is not a header name");
    }

    /** Case 5: only the connection's scheme, host and port; a downgrade to http:// on the same host is refused. */
    @Test
    void onlyTheConnectionsOriginIsATarget() {
        HttpConnectionSettings c = read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "https://api.carrier.example/v2",
                "SLUICE_HTTP_CARRIER_API_ALLOW_PRIVATE_ADDRESSES", "true"));
        c.checkTarget(URI.create("https://api.carrier.example:443/v2/items?page=2"), "a Link");
        for (String target : new String[] {"http://api.carrier.example/v2/items", "https://api.carrier.example:8443/v2",
                "https://evil.example/v2", "https://api.carrier.example.evil.example/v2"}) {
            assertThatThrownBy(() -> c.checkTarget(URI.create(target), "a Link"))
                    .hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED).isInstanceOfSatisfying(ClassifiedException.class, e -> assertThat(e.retryable()).isFalse())
                    .hasMessage("a Link leads to " + target + ", outside connection 'carrier-api' "
                            + "(https://api.carrier.example:443); only the connection's scheme, host and port are followed");
        }
    }

    /** Case 5: non-public addresses, classified without connecting anywhere (literals need no DNS). */
    @Test
    void privateLoopbackAndLinkLocalAddressesAreNotPublic() throws UnknownHostException {
        for (String address : new String[] {"169.254.169.254", "10.1.2.3", "172.16.0.1", "192.168.1.1", "127.0.0.1",
                "0.0.0.0", "100.64.0.1", "224.0.0.1", "255.255.255.255", "::1", "fe80::1", "fd00:ec2::254",
                "::ffff:169.254.169.254", "::"}) {
            assertThat(HttpConnectionSettings.isPublic(InetAddress.getByName(address))).as(address).isFalse();
        }
        for (String address : new String[] {"93.184.216.34", "8.8.8.8", "2606:4700:4700::1111"}) {
            assertThat(HttpConnectionSettings.isPublic(InetAddress.getByName(address))).as(address).isTrue();
        }
        HttpConnectionSettings c = read(Map.of("SLUICE_HTTP_CARRIER_API_URL", "https://169.254.169.254"));
        assertThatThrownBy(() -> c.checkTarget(URI.create("https://169.254.169.254/latest/meta-data/"), "the request"))
                .isInstanceOf(ClassifiedException.class).hasFieldOrPropertyWithValue("errorClass", ErrorClass.SOURCE_REQUEST_REJECTED)
                .hasMessage("connection 'carrier-api': 169.254.169.254 resolves to 169.254.169.254, a loopback, private "
                        + "or link-local address; refused (set SLUICE_HTTP_CARRIER_API_ALLOW_PRIVATE_ADDRESSES=true for "
                        + "an endpoint inside the network)");
    }
}
