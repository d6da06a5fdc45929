package dev.vigil.integrity.config;

import dev.vigil.integrity.fim.FimPath;
import java.time.Duration;
import java.util.List;

/**
 * What the {@code integrity:} section says: the watched trees, the web roots the audit checks for open
 * directories, how often to scan and audit, and whether to watch in real time between scans.
 *
 * @param enabled false when the section is absent (nothing is scanned)
 */
public record IntegrityPlan(boolean enabled, List<FimPath> paths, List<String> webRoots, Duration scanInterval,
                            Duration auditInterval, boolean realtime, int groupAbove) {

    public static final List<String> DEFAULT_PATHS = List.of("/etc", "/usr/bin", "/usr/sbin", "/bin", "/sbin", "/boot");

    public static final IntegrityPlan OFF = new IntegrityPlan(false, List.of(), List.of(), Duration.ofHours(12), Duration.ofHours(1),
            false, 20);
}
