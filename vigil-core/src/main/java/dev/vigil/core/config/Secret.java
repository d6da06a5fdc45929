package dev.vigil.core.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * A password, token or key read from the configuration. It prints as {@code <secret>} wherever it ends up (a
 * log line, an exception, a record's toString, a config dump), so the value leaves only through
 * {@link #reveal()}, at the one place that hands it to the other side.
 */
public final class Secret {
    private final String value;

    private Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    public static Secret of(String value) {
        return new Secret(value);
    }

    /**
     * Reads a secret from config text: {@code env:NAME} is an environment variable, {@code file:PATH} the first
     * line of a file (a systemd or container credential); anything else is the value itself. Null stays null.
     */
    public static Secret resolve(String spec, Map<String, String> env) {
        if (spec == null) {
            return null;
        }
        if (spec.startsWith("env:")) {
            String v = env.get(spec.substring(4));
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + spec.substring(4) + " is not set");
            }
            return new Secret(v);
        }
        if (spec.startsWith("file:")) {
            try {
                return new Secret(Files.readString(Path.of(spec.substring(5)), StandardCharsets.UTF_8).lines().findFirst()
                        .orElse("").strip());
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret file " + Path.of(spec.substring(5)).getFileName());
            }
        }
        return new Secret(spec);
    }

    /** The value, for the one call that sends it (an SMTP login, an Authorization header, an HMAC key). */
    public String reveal() {
        return value;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && s.value.equals(value);
    }

    @Override
    public int hashCode() {
        return value.hashCode();
    }

    @Override
    public String toString() {
        return "<secret>";
    }
}
