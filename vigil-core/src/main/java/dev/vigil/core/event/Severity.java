package dev.vigil.core.event;

/** How urgent an event is, from a recovery to a page-worthy problem. */
public enum Severity {
    OK, INFO, WARNING, UNKNOWN, CRITICAL
}
