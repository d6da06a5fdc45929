package dev.vigil.notify.channel.ntfy;

import dev.vigil.core.config.Secret;
import dev.vigil.core.config.Section;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Messages;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.Http;
import dev.vigil.notify.channel.Secrets;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Push to phones through ntfy (a topic URL such as {@code https://ntfy.sh/ops-alerts} or a self-hosted one).
 * Priority follows severity: CRITICAL is urgent (5), WARNING high (4), recoveries default (3).
 */
public final class NtfyChannel implements Channel {

    public record Config(URI url, Secret token) {
        public static Config read(Section s, Map<String, String> env) {
            String url = s.required("url", "the topic URL, e.g. https://ntfy.sh/ops-alerts");
            String token = s.string("token", null);
            return url.isEmpty() ? null : new Config(Http.url(Secrets.resolve(url, env)), Secret.resolve(token, env));
        }
    }

    private final Config config;

    public NtfyChannel(Config config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "ntfy";
    }

    static int priority(Notification n) {
        if (n.status() == Alert.Status.RESOLVED) {
            return 3;
        }
        return switch (n.lead().severity()) {
            case "CRITICAL" -> 5;
            case "WARNING", "UNKNOWN" -> 4;
            default -> 3;
        };
    }

    @Override
    public Delivery send(Notification n) {
        Map<String, String> headers = new LinkedHashMap<>();
        // Header values must be ASCII; the title is repeated in the body in full.
        headers.put("Title", Messages.subject(n).replaceAll("[^\\x20-\\x7e]", "?"));
        headers.put("Priority", String.valueOf(priority(n)));
        headers.put("Tags", n.status() == Alert.Status.RESOLVED ? "white_check_mark" : "rotating_light");
        if (config.token() != null) {
            headers.put("Authorization", "Bearer " + config.token().reveal());
        }
        return Http.post(config.url(), "text/plain; charset=utf-8", Messages.text(n).getBytes(StandardCharsets.UTF_8), headers,
                Duration.ofSeconds(10), "ntfy " + config.url().getHost());
    }
}
