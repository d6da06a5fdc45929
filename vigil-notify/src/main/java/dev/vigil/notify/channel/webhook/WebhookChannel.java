package dev.vigil.notify.channel.webhook;

import dev.vigil.core.config.Secret;
import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.Http;
import dev.vigil.notify.channel.Json;
import dev.vigil.notify.channel.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * POSTs the notification as JSON. With a {@code secret}, the body is signed: header
 * {@code X-Vigil-Signature: sha256=HEX(HMAC-SHA256(secret, body))}, so the receiver can verify it came from
 * Vigil. {@code Idempotency-Key} carries the dedup key for receivers that drop repeats.
 */
public final class WebhookChannel implements Channel {

    public record Config(URI url, Secret secret, Map<String, String> headers, Duration timeout) {
        public Config {
            headers = Map.copyOf(headers);
        }

        public static Config read(Section s, Map<String, String> env) {
            String url = s.required("url", "the URL to POST to");
            String secret = s.string("secret", null);
            Map<String, String> headers = new LinkedHashMap<>();
            s.stringMap("headers").forEach((k, v) -> headers.put(k, Secrets.resolve(v, env)));
            Duration timeout = s.duration("timeout", Duration.ofSeconds(10));
            if (url.isEmpty()) {
                return null;
            }
            return new Config(Http.url(Secrets.resolve(url, env)), Secret.resolve(secret, env), headers, timeout);
        }
    }

    private final Config config;

    public WebhookChannel(Config config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "webhook";
    }

    @Override
    public Delivery send(Notification n) {
        byte[] body = Json.bytes(Json.webhook(n));
        Map<String, String> headers = new LinkedHashMap<>(config.headers());
        headers.put("Idempotency-Key", n.dedupKey() + ":" + n.status().id());
        if (config.secret() != null) {
            headers.put("X-Vigil-Signature", "sha256=" + sign(config.secret().reveal(), body));
        }
        return Http.post(config.url(), "application/json", body, headers, config.timeout(), "webhook " + config.url().getHost());
    }

    /** HMAC-SHA256 of {@code body} with {@code secret}, lower-case hex. */
    public static String sign(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
