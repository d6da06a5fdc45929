package dev.vigil.checks;

import java.net.URI;

/**
 * What a check fetched from its target: an HTTP response's status and body, handed to the leak detectors
 * (an error page that prints the database password) and then dropped. It is never stored, so its
 * {@link #toString()} leaves the body out: a log line must not carry what the detectors are looking for.
 */
public record Fetched(URI url, int status, String body) {
    @Override
    public String toString() {
        return "Fetched[" + url + " " + status + ", " + body.length() + " chars]";
    }
}
