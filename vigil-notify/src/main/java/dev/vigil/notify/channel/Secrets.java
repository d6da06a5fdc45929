package dev.vigil.notify.channel;

import dev.vigil.core.config.Secret;
import java.util.Map;

/**
 * Secret values in config can stay out of it: {@code env:NAME} reads an environment variable, {@code file:PATH}
 * the first line of a file (e.g. a Docker or systemd credential). Anything else is taken literally. Passwords,
 * tokens and keys are read as {@link Secret}s; this is for URLs and headers that may carry one.
 */
public final class Secrets {
    private Secrets() {}

    /** A URL or header value that may hold a token, as plain text (it is kept inside a config record). */
    public static String resolve(String value, Map<String, String> env) {
        Secret s = Secret.resolve(value, env);
        return s == null ? null : s.reveal();
    }
}
