package dev.vigil.notify.channel.command;

import dev.vigil.core.config.Section;
import dev.vigil.notify.Channel;
import dev.vigil.notify.Delivery;
import dev.vigil.notify.Notification;
import dev.vigil.notify.channel.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a program for each notification (an SMS gateway script, a ticket tool): arguments as a list, never a
 * shell; the notification as JSON on standard input; {@code VIGIL_STATUS}, {@code VIGIL_HOST},
 * {@code VIGIL_SERVICE}, {@code VIGIL_SEVERITY}, {@code VIGIL_TITLE}, {@code VIGIL_FINGERPRINT} in its
 * environment. Exit code 0 means accepted.
 */
public final class CommandChannel implements Channel {

    public record Config(List<String> command, Duration timeout) {
        public Config {
            command = List.copyOf(command);
        }

        public static Config read(Section s) {
            List<String> command = s.strings("command");
            Duration timeout = s.duration("timeout", Duration.ofSeconds(30));
            if (command.isEmpty()) {
                s.errors().add(s.location(), "missing 'command': expected the program and its arguments as a list");
                return null;
            }
            return new Config(command, timeout);
        }
    }

    private final Config config;

    public CommandChannel(Config config) {
        this.config = config;
    }

    @Override
    public String type() {
        return "command";
    }

    @Override
    public Delivery send(Notification n) {
        ProcessBuilder pb = new ProcessBuilder(config.command()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = pb.environment();
        var lead = n.lead();
        env.put("VIGIL_STATUS", n.status().id());
        env.put("VIGIL_HOST", lead.host() == null ? "" : lead.host());
        env.put("VIGIL_SERVICE", lead.service() == null ? "" : lead.service());
        env.put("VIGIL_SEVERITY", lead.severity());
        env.put("VIGIL_TITLE", lead.title());
        env.put("VIGIL_FINGERPRINT", lead.fingerprint());
        String name = Path.of(config.command().get(0)).getFileName().toString();
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            return new Delivery.Failed("command " + name + " cannot be started");
        }
        try (OutputStream in = p.getOutputStream()) {
            in.write(Json.bytes(Json.webhook(n)));
        } catch (IOException e) {
            // The program need not read its input.
        }
        try {
            if (!p.waitFor(config.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                return new Delivery.RetryLater("command " + name + " did not finish within " + config.timeout().toSeconds() + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            return new Delivery.RetryLater("interrupted while running " + name);
        }
        return p.exitValue() == 0 ? Delivery.DELIVERED
                : new Delivery.RetryLater("command " + name + " exited with " + p.exitValue());
    }
}
