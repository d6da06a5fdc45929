package dev.vigil.notify.channel;

import dev.vigil.notify.Delivery;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;

/**
 * The HTTP POST that webhook, chat, ntfy and PagerDuty channels share: 2xx means accepted; a 4xx other than
 * 408 (timeout), 425 and 429 (too many requests) will not change by waiting (a revoked token, a deleted hook)
 * and is a failure for good; anything else is retried.
 */
public final class Http {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private Http() {}

    /**
     * Posts {@code body}; {@code what} names the target in errors instead of the URL, which may hold a token.
     */
    public static Delivery post(URI url, String contentType, byte[] body, Map<String, String> headers, Duration timeout,
                                String what) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url).timeout(timeout).header("Content-Type", contentType)
                .header("User-Agent", "Vigil").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(b::header);
        try {
            HttpResponse<Void> r = CLIENT.send(b.build(), HttpResponse.BodyHandlers.discarding());
            int code = r.statusCode();
            if (code / 100 == 2) {
                return Delivery.DELIVERED;
            }
            String reason = what + " answered HTTP " + code;
            boolean permanent = code / 100 == 4 && code != 408 && code != 425 && code != 429;
            return permanent ? new Delivery.Failed(reason) : new Delivery.RetryLater(reason);
        } catch (HttpTimeoutException e) {
            return new Delivery.RetryLater(what + " did not answer within " + timeout.toSeconds() + " s");
        } catch (IOException e) {
            return new Delivery.RetryLater(what + " unreachable: " + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Delivery.RetryLater("interrupted while sending to " + what);
        }
    }

    /** Parses a URL from config; only http and https. */
    public static URI url(String text) {
        URI u;
        try {
            u = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL");
        }
        if (u.getScheme() == null || !(u.getScheme().equals("http") || u.getScheme().equals("https")) || u.getHost() == null) {
            throw new IllegalArgumentException("URL must start with http:// or https:// and name a host");
        }
        return u;
    }
}
