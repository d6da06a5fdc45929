package dev.vigil.incidents.config;

import dev.vigil.core.config.ConfigErrors;
import dev.vigil.core.config.ConfigNode;
import dev.vigil.core.config.Section;
import dev.vigil.incidents.correlate.Correlator;
import java.time.Duration;

/**
 * Reads the {@code incidents:} section:
 * <pre>
 * incidents:
 *   window: 30m            # events of a host this close together are one incident
 *   security_window: 7d    # how long after a credential leak a login or file change on its host joins it
 * </pre>
 */
public final class IncidentsReader {
    public static final String KEY = "incidents";

    private IncidentsReader() {}

    public static Correlator.Windows read(ConfigNode node, ConfigErrors errors) {
        if (node == null) {
            return Correlator.Windows.DEFAULT;
        }
        Section s = Section.of(node, "'incidents'", errors);
        Duration window = s.duration("window", Correlator.Windows.DEFAULT.related());
        Duration security = s.duration("security_window", Correlator.Windows.DEFAULT.security());
        if (window != null && (window.isNegative() || window.isZero() || window.compareTo(Duration.ofDays(1)) > 0)) {
            s.error("window", "'window' must be more than 0 and at most 1d");
            window = Correlator.Windows.DEFAULT.related();
        }
        if (security != null && (security.isNegative() || security.isZero() || security.compareTo(Duration.ofDays(90)) > 0)) {
            s.error("security_window", "'security_window' must be more than 0 and at most 90d");
            security = Correlator.Windows.DEFAULT.security();
        }
        s.finish();
        return new Correlator.Windows(window, security);
    }
}
