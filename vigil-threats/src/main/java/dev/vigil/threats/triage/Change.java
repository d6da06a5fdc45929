package dev.vigil.threats.triage;

import java.time.Instant;

/**
 * One entry in a finding's history: who changed what, when.
 *
 * @param what "state", "assignee", "comment", "tags" or "allow"
 * @param text the new value or the comment
 */
public record Change(Instant at, String who, String what, String text) {}
