package io.orkspace.orkestra.komposer.internal;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/** The JDK's HTTP client with timeouts, and transport failures turned into one readable sentence. */
public final class Http {

    private final HttpClient client;
    private final Duration timeout;

    public Http(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NORMAL).build();
    }

    public HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(timeout).header("User-Agent", "orkestra-komposer");
    }

    public HttpResponse<byte[]> send(HttpRequest request) throws SourceException {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException e) {
            throw new SourceException("cannot reach " + hostOf(request.uri()) + ": connection timed out");
        } catch (HttpTimeoutException e) {
            throw new SourceException(request.method() + " " + request.uri() + " timed out after " + timeout.toSeconds() + "s");
        } catch (ConnectException e) {
            throw new SourceException("cannot reach " + hostOf(request.uri()) + ": connection refused");
        } catch (IOException e) {
            Throwable root = e;
            while (root.getCause() != null) {
                root = root.getCause();
            }
            if (root instanceof UnknownHostException) {
                throw new SourceException("cannot reach " + hostOf(request.uri()) + ": unknown host");
            }
            throw new SourceException("cannot reach " + hostOf(request.uri()) + ": " + (root.getMessage() == null
                    ? root.getClass().getSimpleName() : root.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceException("interrupted while fetching " + request.uri());
        }
    }

    /** {@code Basic base64(user:password)}. */
    public static String basic(String username, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((username + ":" + password).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static Optional<String> header(HttpResponse<?> response, String name) {
        return response.headers().firstValue(name);
    }

    static String hostOf(URI uri) {
        return uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
    }
}
