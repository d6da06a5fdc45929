package dev.vigil.integrity;

import java.util.Map;

/**
 * The integrity problems that are open: audit findings and file changes not yet accepted, each raised once as
 * an event and kept until it is fixed or accepted (then closed with a recovery), across restarts.
 */
public interface FindingStore {
    /** One open finding: its class ("world-writable", "fim-modified", ...), path, severity, why and fix. */
    record Open(String fingerprint, String kind, String path, String severity, String why, String remediation,
                long firstSeen) {}

    /** The open findings whose class starts with {@code prefix} ("fim-", or "" for all), oldest first. */
    Map<String, Open> open(String prefix);

    /** Opens a finding, or refreshes one that is open (its severity and why may change). */
    void opened(Open finding);

    void closed(String fingerprint);
}
