package dev.sluice.loader.opensearch;

import java.io.IOException;
import java.net.Authenticator;
import java.net.CookieHandler;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A real HTTP client that runs {@code interleaved} once, just before the first request whose path ends with
 * {@code pathSuffix} goes out: it lets a test put another load between two steps of a load, deterministically.
 */
final class InterleavingHttpClient extends HttpClient {

    private final HttpClient delegate;
    private final String pathSuffix;
    private final AtomicReference<Runnable> interleaved;

    private InterleavingHttpClient(HttpClient delegate, String pathSuffix, AtomicReference<Runnable> interleaved) {
        this.delegate = delegate;
        this.pathSuffix = pathSuffix;
        this.interleaved = interleaved;
    }

    /** A builder of such clients; {@code interleaved} runs once over all the clients it builds. */
    static HttpClient.Builder builder(String pathSuffix, Runnable interleaved) {
        AtomicReference<Runnable> once = new AtomicReference<>(interleaved);
        HttpClient.Builder real = HttpClient.newBuilder();
        return new HttpClient.Builder() {
            @Override public Builder cookieHandler(CookieHandler h) { real.cookieHandler(h); return this; }
            @Override public Builder connectTimeout(Duration d) { real.connectTimeout(d); return this; }
            @Override public Builder sslContext(SSLContext c) { real.sslContext(c); return this; }
            @Override public Builder sslParameters(SSLParameters p) { real.sslParameters(p); return this; }
            @Override public Builder executor(Executor e) { real.executor(e); return this; }
            @Override public Builder followRedirects(Redirect r) { real.followRedirects(r); return this; }
            @Override public Builder version(Version v) { real.version(v); return this; }
            @Override public Builder priority(int p) { real.priority(p); return this; }
            @Override public Builder proxy(ProxySelector p) { real.proxy(p); return this; }
            @Override public Builder authenticator(Authenticator a) { real.authenticator(a); return this; }
            @Override public HttpClient build() { return new InterleavingHttpClient(real.build(), pathSuffix, once); }
        };
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        if (request.uri().getPath().endsWith(pathSuffix)) {
            Runnable run = interleaved.getAndSet(null);
            if (run != null) {
                run.run();
            }
        }
        return delegate.send(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        return delegate.sendAsync(request, handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler,
            HttpResponse.PushPromiseHandler<T> push) {
        return delegate.sendAsync(request, handler, push);
    }

    @Override public Optional<CookieHandler> cookieHandler() { return delegate.cookieHandler(); }
    @Override public Optional<Duration> connectTimeout() { return delegate.connectTimeout(); }
    @Override public Redirect followRedirects() { return delegate.followRedirects(); }
    @Override public Optional<ProxySelector> proxy() { return delegate.proxy(); }
    @Override public SSLContext sslContext() { return delegate.sslContext(); }
    @Override public SSLParameters sslParameters() { return delegate.sslParameters(); }
    @Override public Optional<Authenticator> authenticator() { return delegate.authenticator(); }
    @Override public Version version() { return delegate.version(); }
    @Override public Optional<Executor> executor() { return delegate.executor(); }
}
