package dev.vigil.notify.channel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Secret values in config can stay out of it: {@code env:NAME} reads an environment variable, {@code file:PATH}
 * the first line of a file (e.g. a Docker or systemd credential). Anything else is taken literally.
 */
public final class Secrets {
    private Secrets() {}

    public static String resolve(String value, Map<String, String> env) {
        if (value == null) {
            return null;
        }
        if (value.startsWith("env:")) {
            String v = env.get(value.substring(4));
            if (v == null) {
                throw new IllegalArgumentException("environment variable " + value.substring(4) + " is not set");
            }
            return v;
        }
        if (value.startsWith("file:")) {
            try {
                return Files.readString(Path.of(value.substring(5)), StandardCharsets.UTF_8).lines().findFirst().orElse("").strip();
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read secret file " + Path.of(value.substring(5)).getFileName());
            }
        }
        return value;
    }
}
