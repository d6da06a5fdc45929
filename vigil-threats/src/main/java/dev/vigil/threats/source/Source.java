package dev.vigil.threats.source;

import java.io.IOException;

/**
 * Somewhere leaks show up: a paste site, a code host, the certificate logs, a feed, a page, the own sites.
 * One class per kind, registered by type name in {@link Sources}. A run fetches what is new since the
 * resume point, hands each document to {@link Pull#found} and moves the resume point after it, so a
 * run cut short by a restart resumes without losing or doubling anything.
 */
public interface Source {
    /** One run. Throws when the service fails ({@link Web.Busy} when it asks to wait); what was handed over stands. */
    void poll(Pull pull) throws IOException, InterruptedException;
}
