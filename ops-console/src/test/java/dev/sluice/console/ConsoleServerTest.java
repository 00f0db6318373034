package dev.sluice.console;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.cli.DeadLetterQueues;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The state-changing action's protections: the flag, the confirmation, the CSRF token, Origin and Host. */
class ConsoleServerTest {
    final FakeConsoleData data = new FakeConsoleData();

    {
        data.letters.add(new DeadLetterQueues.Letter("m-1", "sluice.job-released", "extract_orders", "5", "t", "Poison", "bad", "{}"));
    }

    static String token(RawHttp page) {
        Matcher m = Pattern.compile("name='csrf' value='([^']+)'").matcher(page.body());
        assertThat(m.find()).as(page.body()).isTrue();
        return m.group(1);
    }

    @Test
    void withoutTheFlagARedriveIsRefusedAndNothingIsRedriven() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(data, "127.0.0.1", 0, false, 5)) {
            RawHttp refused = RawHttp.send(server.port(), "POST", "/dlq/extract/redrive", Map.of(), "confirm=yes&csrf=anything");
            assertThat(refused.status()).isEqualTo(403);
            assertThat(refused.body()).contains("refused: state-changing actions are off; start the console with --allow-changes");
            assertThat(data.redrives).isEmpty();
        }
    }

    @Test
    void withTheFlagARedriveNeedsTheTokenTheCookieAnOwnOriginAndTheConfirmation() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(data, "127.0.0.1", 0, true, 5)) {
            int port = server.port();
            RawHttp dry = RawHttp.send(port, "GET", "/dlq/extract/redrive?job=extract_orders", Map.of(), null);
            assertThat(dry.status()).isEqualTo(200);
            assertThat(dry.headers().get("set-cookie")).contains("HttpOnly", "SameSite=Strict");
            String token = token(dry);
            String cookie = ConsoleServer.CSRF_COOKIE + port + "=" + token;
            assertThat(data.redrives).as("the dry run").containsExactly(true);

            RawHttp noToken = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of("Cookie", cookie), "confirm=yes&job=extract_orders");
            RawHttp wrongToken = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of("Cookie", cookie), "confirm=yes&csrf=forged");
            RawHttp noCookie = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of(), "confirm=yes&csrf=" + token);
            RawHttp crossSite = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of("Cookie", cookie, "Origin", "http://evil.example"),
                    "confirm=yes&csrf=" + token);
            RawHttp rebound = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of("Cookie", cookie, "Host", "evil.example:" + port),
                    "confirm=yes&csrf=" + token);
            RawHttp unconfirmed = RawHttp.send(port, "POST", "/dlq/extract/redrive", Map.of("Cookie", cookie), "csrf=" + token);

            assertThat(noToken.status()).isEqualTo(403);
            assertThat(noToken.body()).contains("csrf token is missing or does not match");
            assertThat(wrongToken.status()).isEqualTo(403);
            assertThat(noCookie.status()).isEqualTo(403);
            assertThat(crossSite.status()).isEqualTo(403);
            assertThat(crossSite.body()).contains("Origin &#39;http://evil.example&#39; is not this console");
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).contains("Host &#39;evil.example:" + port + "&#39; is not this console");
            assertThat(unconfirmed.status()).isEqualTo(400);
            assertThat(unconfirmed.body()).contains("confirm is &#39;&#39;, not &#39;yes&#39;");
            assertThat(data.redrives).as("nothing was redriven").containsExactly(true);

            RawHttp done = RawHttp.send(port, "POST", "/dlq/extract/redrive",
                    Map.of("Cookie", cookie, "Origin", "http://127.0.0.1:" + port), "confirm=yes&job=extract_orders&csrf=" + token);
            assertThat(done.status()).isEqualTo(200);
            assertThat(done.body()).contains("Redrove 1 message(s) to test-sluice-extract");
            assertThat(data.redrives).containsExactly(true, false);
        }
    }

    @Test
    void aPageOfAnotherHostIsRefusedAndUnknownThingsAreNamed() throws Exception {
        try (ConsoleServer server = ConsoleServer.start(data, "127.0.0.1", 0, false, 5)) {
            RawHttp rebound = RawHttp.send(server.port(), "GET", "/", Map.of("Host", "attacker.example"), null);
            assertThat(rebound.status()).isEqualTo(403);
            assertThat(rebound.body()).doesNotContain("<svg");
            RawHttp job = RawHttp.send(server.port(), "GET", "/jobs/no_such_job", Map.of(), null);
            assertThat(job.status()).isEqualTo(404);
            assertThat(job.body()).contains("no job &#39;no_such_job&#39; in the specs");
            RawHttp queue = RawHttp.send(server.port(), "GET", "/dlq/nope", Map.of(), null);
            assertThat(queue.status()).isEqualTo(400);
            assertThat(queue.body()).contains("unknown queue &#39;nope&#39;, expected one of");
            RawHttp home = RawHttp.send(server.port(), "GET", "/", Map.of("Host", "localhost:" + server.port()), null);
            assertThat(home.status()).isEqualTo(200);
            assertThat(home.headers().get("content-security-policy")).contains("default-src 'none'");
        }
    }
}
