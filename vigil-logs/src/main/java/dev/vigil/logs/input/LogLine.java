package dev.vigil.logs.input;

import java.time.Instant;

/**
 * One line (or multi-line record) read by an input.
 *
 * @param text the line as the analyzer reads it (syslog lines normalised to the BSD header OSSEC expects)
 * @param location where it came from: a file path, {@code syslog}, {@code journald}, {@code stdin}
 * @param sender the address of the host that sent it (syslog), or null for local sources
 * @param received when Vigil read it (from the injected clock)
 * @param checkpoint what to call once the line is safely stored, so a file input may move its saved
 *     offset past it (at-least-once: a crash before that re-reads, never skips); null when not needed
 * @param host the host the line is about when its source knows it (an agent's lines are its host's, whatever the line
 *     says); null to take it from the line's header, or this machine
 */
public record LogLine(String text, String location, String sender, Instant received, Runnable checkpoint, String host) {
    public LogLine(String text, String location, String sender, Instant received, Runnable checkpoint) {
        this(text, location, sender, received, checkpoint, null);
    }
}
