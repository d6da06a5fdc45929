package dev.vigil.notify.channel.pagerduty;

import dev.vigil.core.config.Secret;
import dev.vigil.core.config.Section;
import dev.vigil.notify.Alert;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.Http;
import dev.vigil.notify.channel.Json;
import dev.vigil.notify.channel.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * PagerDuty Events API v2: one event per alert, {@code trigger} while firing and {@code resolve} on
 * recovery, with the alert fingerprint as {@code dedup_key} so PagerDuty keeps one incident per problem and
 * ignores a copy resent after a crash.
 */
public final class PagerDutyChannel implements Channel {
    static final URI EVENTS_API = URI.create("https://events.pagerduty.com/v2/enqueue");

    public record Config(Secret routingKey, URI url) {
        public static Config read(Section s, Map<String, String> env) {
            String key = s.required("routing_key", "the integration's routing key (e.g. routing_key: env:PD_KEY)");
            String url = s.string("url", EVENTS_API.toString());
            return key.isEmpty() ? null : new Config(Secret.resolve(key, env), Http.url(url));
        }
    }

    private final Config config;

    public PagerDutyChannel(Config config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "pagerduty";
    }

    @Override
    public Delivery send(Notification n) {
        for (Alert a : n.alerts()) {
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("summary", a.title().length() > 1000 ? a.title().substring(0, 1000) : a.title());
            payload.put("source", a.host() == null ? "vigil" : a.host());
            payload.put("severity", switch (a.severity()) {
                case "CRITICAL" -> "critical";
                case "WARNING" -> "warning";
                case "UNKNOWN" -> "error";
                default -> "info";
            });
            payload.put("timestamp", a.startsAt().toString());
            payload.put("custom_details", Map.of("details", a.details(), "labels", a.labels()));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("routing_key", config.routingKey().reveal());
            body.put("event_action", a.status() == Alert.Status.FIRING ? "trigger" : "resolve");
            body.put("dedup_key", a.fingerprint());
            body.put("payload", payload);
            body.put("client", "Vigil");
            Delivery d = Http.post(config.url(), "application/json", Json.bytes(body), Map.of(), Duration.ofSeconds(10),
                    "PagerDuty " + config.url().getHost().toLowerCase(Locale.ROOT));
            if (!(d instanceof Delivery.Delivered)) {
                return d; // PagerDuty deduplicates by dedup_key, so a retry of the whole message is harmless
            }
        }
        return Delivery.DELIVERED;
    }
}
