package dev.vigil.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signed links in notifications that acknowledge one problem: HMAC-SHA256 with a server secret over the
 * target, an expiry and a nonce. The link proves only "acknowledge this problem, once, before it expires";
 * everything else still needs sign-in. Used nonces are recorded by the caller so a link works once.
 */
public final class AckLinks {
    /** What a valid link allows. */
    public record Grant(String host, String service, String fingerprint, Instant expires, String nonce) {}

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    private final byte[] secret;
    private final String baseUrl;
    private final Duration lifetime;

    public AckLinks(String secret, String baseUrl, Duration lifetime) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.lifetime = lifetime;
    }

    public String link(Alert a, Instant now) {
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        String payload = String.join("\n", a.host() == null ? "" : a.host(), a.service() == null ? "" : a.service(),
                a.fingerprint(), String.valueOf(now.plus(lifetime).getEpochSecond()), B64.encodeToString(nonce));
        String p = B64.encodeToString(payload.getBytes(StandardCharsets.UTF_8));
        return baseUrl + "/ack?t=" + p + "." + B64.encodeToString(mac(p));
    }

    /** The grant of a token if its signature is right and it has not expired. */
    public Optional<Grant> verify(String token, Instant now) {
        if (token == null || token.length() > 2000) {
            return Optional.empty();
        }
        int dot = token.indexOf('.');
        if (dot < 0) {
            return Optional.empty();
        }
        String p = token.substring(0, dot);
        try {
            if (!MessageDigest.isEqual(mac(p), B64D.decode(token.substring(dot + 1)))) {
                return Optional.empty();
            }
            String[] f = new String(B64D.decode(p), StandardCharsets.UTF_8).split("\n", -1);
            if (f.length != 5) {
                return Optional.empty();
            }
            Instant expires = Instant.ofEpochSecond(Long.parseLong(f[3]));
            if (!now.isBefore(expires)) {
                return Optional.empty();
            }
            return Optional.of(new Grant(f[0], f[1].isEmpty() ? null : f[1], f[2], expires, f[4]));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private byte[] mac(String payload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(payload.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every Java platform", e);
        }
    }
}
