package dev.vigil.notify.config;

import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import dev.vigil.notify.channel.chat.ChatChannel;
import dev.vigil.notify.channel.command.CommandChannel;
import dev.vigil.notify.channel.email.EmailChannel;
import dev.vigil.notify.channel.email.SmtpSettings;
import dev.vigil.notify.channel.ntfy.NtfyChannel;
import dev.vigil.notify.channel.pagerduty.PagerDutyChannel;
import dev.vigil.notify.channel.webhook.WebhookChannel;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The registry of channel types by the key a receiver names them with: one map from the name to the class and
 * how to read and build it. Adding a channel is one package under {@code channel/} plus one entry here.
 */
public final class ChannelTypes {

    /** One channel type: its class and how to build one from its section. */
    public record Type(String name, Class<? extends Channel> implementation, Factory factory) {}

    /** Reads the section (errors go to it) and builds the channel; null when it did not read. */
    @FunctionalInterface
    public interface Factory {
        Channel create(String type, Section s, Map<String, String> env, SmtpSettings smtp);
    }

    private static final Map<String, Type> TYPES;

    static {
        Map<String, Type> t = new TreeMap<>();
        add(t, "webhook", WebhookChannel.class, (type, s, env, smtp) -> build(WebhookChannel.Config.read(s, env), WebhookChannel::new));
        add(t, "email", EmailChannel.class, (type, s, env, smtp) -> build(EmailChannel.Config.read(s, smtp), EmailChannel::new));
        add(t, "slack", ChatChannel.class, (type, s, env, smtp) -> build(ChatChannel.Config.read(type, s, env), ChatChannel::new));
        add(t, "mattermost", ChatChannel.class, (type, s, env, smtp) -> build(ChatChannel.Config.read(type, s, env), ChatChannel::new));
        add(t, "ntfy", NtfyChannel.class, (type, s, env, smtp) -> build(NtfyChannel.Config.read(s, env), NtfyChannel::new));
        add(t, "pagerduty", PagerDutyChannel.class, (type, s, env, smtp) -> build(PagerDutyChannel.Config.read(s, env), PagerDutyChannel::new));
        add(t, "command", CommandChannel.class, (type, s, env, smtp) -> build(CommandChannel.Config.read(s), CommandChannel::new));
        TYPES = Collections.unmodifiableMap(t);
    }

    private ChannelTypes() {}

    private static void add(Map<String, Type> types, String name, Class<? extends Channel> implementation, Factory factory) {
        types.put(name, new Type(name, implementation, factory));
    }

    /** The names, sorted. */
    public static Set<String> names() {
        return TYPES.keySet();
    }

    public static Map<String, Type> all() {
        return TYPES;
    }

    static Type get(String name) {
        return TYPES.get(name);
    }

    private static <C> Channel build(C config, Function<C, Channel> make) {
        return config == null ? null : make.apply(config);
    }
}
