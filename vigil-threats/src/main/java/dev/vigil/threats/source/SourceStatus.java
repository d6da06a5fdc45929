package dev.vigil.threats.source;

import java.time.Duration;
import java.time.Instant;

/**
 * How a source is doing, for the sources page and {@code GET /api/v1/threats/sources}.
 *
 * @param documents how many documents it brought in since Vigil started
 * @param findings how many new findings they made since Vigil started
 * @param lastError why the last run failed (empty when it did not), never with credentials
 */
public record SourceStatus(String name, String type, String url, Duration interval, Instant lastRun, Instant nextRun,
                           long documents, long findings, String lastError) {}
