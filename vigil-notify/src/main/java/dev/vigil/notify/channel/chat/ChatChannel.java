package dev.vigil.notify.channel.chat;

import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Messages;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.Http;
import dev.vigil.notify.channel.Json;
import dev.vigil.notify.channel.Secrets;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slack and Mattermost incoming webhooks (they accept the same {@code {"text": ...}} body). The webhook URL
 * contains its token, so keep it in an environment variable or file ({@code url: env:SLACK_WEBHOOK}).
 */
public final class ChatChannel implements Channel {

    public record Config(String type, URI url, String channel, String username) {
        public static Config read(String type, Section s, Map<String, String> env) {
            String url = s.required("url", "the incoming webhook URL (e.g. url: env:SLACK_WEBHOOK)");
            String channel = s.string("channel", null);
            String username = s.string("username", "Vigil");
            return url.isEmpty() ? null : new Config(type, Http.url(Secrets.resolve(url, env)), channel, username);
        }
    }

    private final Config config;

    public ChatChannel(Config config) {
        this.config = config;
    }

    @Override
    public String type() {
        return config.type();
    }

    @Override
    public Delivery send(Notification n) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", Messages.text(n));
        body.put("username", config.username());
        if (config.channel() != null) {
            body.put("channel", config.channel());
        }
        return Http.post(config.url(), "application/json", Json.bytes(body), Map.of(), Duration.ofSeconds(10),
                config.type() + " webhook");
    }
}
