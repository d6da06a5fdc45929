package dev.vigil.server;

import java.util.List;

/** A reload that was applied, except for syslog listeners that could not bind (each also an event). */
public final class ListenFailure extends RuntimeException {
    private final List<String> problems;

    ListenFailure(List<String> problems) {
        super("the configuration was reloaded, but: " + String.join("; ", problems), null, false, false);
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
