package io.orkspace.orkestra.webhook.internal;

import io.netty.handler.codec.http.QueryStringDecoder;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Maps a request (method, path, body) to a reply. Owns the routes and the error shapes; knows nothing of Netty's
 * pipeline. Every reply is JSON; every failure is a 4xx/503 with a Kubernetes {@code Status} body, never a 500.
 */
public final class Router {

    /** The review work behind the routes. */
    public interface Reviews {
        byte[] convert(byte[] body, String entry) throws io.orkspace.orkestra.webhook.BadReviewException;

        byte[] validate(byte[] body, String entry) throws io.orkspace.orkestra.webhook.BadReviewException;

        byte[] mutate(byte[] body, String entry) throws io.orkspace.orkestra.webhook.BadReviewException;
    }

    /** An HTTP reply: status, JSON body and, for 405, the allowed methods. */
    public record Reply(int status, byte[] body, String allow) {
        public static Reply json(int status, byte[] body) {
            return new Reply(status, body, null);
        }
    }

    private static final byte[] HEALTHY = "{\"status\":\"ok\"}".getBytes(StandardCharsets.US_ASCII);

    private final Reviews reviews;

    public Router(Reviews reviews) {
        this.reviews = reviews;
    }

    /** Whether a request is a review rather than something cheap (health, errors of routing); see {@link #path}. */
    public static boolean isReview(String method, String path) {
        return "POST".equals(method) && (path.startsWith("/convert") || path.startsWith("/validate") || path.startsWith("/mutate"));
    }

    /** The reply to a request whose URI's {@link #path} is {@code path}. */
    public Reply route(String method, String path, byte[] body) {
        if (path.equals("/healthz")) {
            if (method.equals("GET") || method.equals("HEAD")) {
                return Reply.json(200, HEALTHY);
            }
            return new Reply(405, error(405, "MethodNotAllowed", method + " is not allowed on /healthz (use GET)"), "GET, HEAD");
        }
        String[] parts = path.substring(1).split("/", -1);
        if (parts.length > 2 || parts[0].isEmpty() || !(parts[0].equals("convert") || parts[0].equals("validate")
                || parts[0].equals("mutate")) || parts.length == 2 && parts[1].isEmpty()) {
            return Reply.json(404, error(404, "NotFound", "no route " + shorten(path)
                    + " (routes: POST /convert, /validate, /mutate, each optionally /<crd-entry>; GET /healthz)"));
        }
        if (!method.equals("POST")) {
            return new Reply(405, error(405, "MethodNotAllowed", method + " is not allowed on /" + parts[0] + " (use POST)"), "POST");
        }
        String entry = parts.length == 2 ? parts[1] : null;
        try {
            switch (parts[0]) {
                case "convert":
                    return Reply.json(200, reviews.convert(body, entry));
                case "validate":
                    return Reply.json(200, reviews.validate(body, entry));
                default:
                    return Reply.json(200, reviews.mutate(body, entry));
            }
        } catch (io.orkspace.orkestra.webhook.BadReviewException e) {
            return Reply.json(e.status(), error(e.status(), e.status() == 404 ? "NotFound" : "BadRequest", e.getMessage()));
        } catch (RuntimeException | StackOverflowError e) {
            // Input this server did not anticipate; answered as a bad request rather than a server error.
            return Reply.json(400, error(400, "BadRequest", "cannot process the review: "
                    + Json.oneLine(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
        }
    }

    /**
     * A 415 for a review whose {@code Content-Type} is not JSON in UTF-8 ({@code application/json} or any
     * {@code +json} type, without a charset or with {@code utf-8}); null when it is JSON or absent (the API server
     * always sends {@code application/json}; a bare client may send none).
     */
    public static Reply checkContentType(String contentType) {
        if (contentType == null || contentType.isBlank() || contentType.equals("application/json")) {
            return null; // the last: what the API server sends, every time
        }
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(java.util.Locale.ROOT);
        boolean json = media.equals("application/json") || media.startsWith("application/") && media.endsWith("+json");
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String param = parts[i].trim().toLowerCase(java.util.Locale.ROOT);
            if (param.startsWith("charset=")) {
                String charset = param.substring("charset=".length()).replace("\"", "").trim();
                utf8 = charset.equals("utf-8") || charset.equals("utf8");
            }
        }
        if (json && utf8) {
            return null;
        }
        return Reply.json(415, error(415, "UnsupportedMediaType", "reviews are application/json in UTF-8, got Content-Type "
                + shorten(Json.oneLine(contentType))));
    }

    /** A Kubernetes {@code Status} body: what the API server and kubectl expect in an error. */
    public static byte[] error(int code, String reason, String message) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.put("status", "Failure");
        status.put("message", message);
        status.put("reason", reason);
        status.put("code", code);
        return Json.write(status);
    }

    /** A request URI's path, percent-decoded, without the query and trailing slashes, starting with {@code /}. */
    public static String path(String uri) {
        String p;
        try {
            p = new QueryStringDecoder(uri).path();
        } catch (IllegalArgumentException e) {
            p = uri;
        }
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p.startsWith("/") ? p : "/" + p;
    }

    private static String shorten(String s) {
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
