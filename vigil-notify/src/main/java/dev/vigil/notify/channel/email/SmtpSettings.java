package dev.vigil.notify.channel.email;

import dev.vigil.core.config.Secret;
import dev.vigil.notify.channel.Secrets;
import dev.vigil.core.config.Section;
import java.time.Duration;
import java.util.Map;

/**
 * The {@code smtp:} section: the mail server e-mail channels send through. STARTTLS is required by default
 * (the connection fails rather than sending a password in clear); {@code tls: true} is implicit TLS (465).
 */
public record SmtpSettings(String host, int port, boolean starttls, boolean tls, String username, Secret password,
                           String from, Duration timeout) {

    public static SmtpSettings read(Section s, Map<String, String> env) {
        String host = s.required("host", "the SMTP server's host name");
        boolean tls = s.bool("tls", false);
        int port = s.integer("port", tls ? 465 : 587, 1, 65535);
        boolean starttls = s.bool("starttls", !tls);
        String username = s.string("username", null);
        String password = s.string("password", null);
        String from = s.required("from", "the sender address, e.g. vigil@example.com");
        Duration timeout = s.duration("timeout", Duration.ofSeconds(20));
        s.finish();
        try {
            return new SmtpSettings(host, port, starttls, tls, username, Secret.resolve(password, env), from, timeout);
        } catch (IllegalArgumentException e) {
            s.error("password", "'password': " + e.getMessage());
            return null;
        }
    }

    @Override
    public String toString() {
        // Never print the password, not even in a debugger's or a log's view of this record.
        return "SmtpSettings[" + host + ":" + port + ", starttls=" + starttls + ", tls=" + tls + ", user=" + username + "]";
    }
}
