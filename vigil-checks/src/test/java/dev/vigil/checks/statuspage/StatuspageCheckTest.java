package dev.vigil.checks.statuspage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.checks.CheckResult;
import dev.vigil.checks.RecordedPages;
import dev.vigil.checks.ServiceState;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a local server answering with summary.json documents in Statuspage's format, in each state a page is in. */
class StatuspageCheckTest {
    private RecordedPages server;

    @BeforeEach
    void start() throws IOException {
        server = new RecordedPages("statuspage", "application/json");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private CheckResult check(String file, String... components) throws InterruptedException {
        return new StatuspageCheck(new StatuspageCheck.Config(server.url(file), List.of(components))).run(Duration.ofSeconds(5));
    }

    @Test
    void thePagesIndicatorIsTheState() throws Exception {
        CheckResult ok = check("operational.json");
        assertThat(ok.state()).isEqualTo(ServiceState.OK);
        assertThat(ok.output()).isEqualTo("STATUSPAGE OK - GitHub: All Systems Operational (indicator none)");
        CheckResult minor = check("degraded.json");
        assertThat(minor.state()).isEqualTo(ServiceState.WARNING);
        assertThat(minor.output()).isEqualTo("STATUSPAGE WARNING - GitHub: Minor Service Outage (indicator minor); "
                + "incident: Disruption with some GitHub services (investigating)");
        CheckResult major = check("major.json");
        assertThat(major.state()).isEqualTo(ServiceState.CRITICAL);
        assertThat(major.output()).contains("Partial System Outage (indicator major)").contains("incident: Git operations are failing (identified)");
        assertThat(major.perfdata()).singleElement().satisfies(p -> assertThat(p.value()).isEqualTo(2.0));
        CheckResult maintenance = check("maintenance.json");
        assertThat(maintenance.state()).isEqualTo(ServiceState.OK); // planned: said, not alerted
        assertThat(maintenance.output()).contains("(indicator maintenance)").contains("maintenance: Codespaces database upgrade");
    }

    @Test
    void withComponentsOnlyThoseCount() throws Exception {
        assertThat(check("degraded.json", "Git Operations", "Webhooks").state()).isEqualTo(ServiceState.OK);
        CheckResult actions = check("degraded.json", "Actions");
        assertThat(actions.state()).isEqualTo(ServiceState.WARNING);
        assertThat(actions.output()).contains("Actions: degraded performance");
        assertThat(check("major.json", "api requests").state()).isEqualTo(ServiceState.CRITICAL); // partial outage; names ignore case
        assertThat(check("maintenance.json", "Codespaces").state()).isEqualTo(ServiceState.OK);
        CheckResult missing = check("operational.json", "Telepathy");
        assertThat(missing.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(missing.output()).contains("Telepathy: not on the page");
    }

    @Test
    void aBrokenOrMissingPageIsUnknownWithTheReason() throws Exception {
        CheckResult malformed = check("malformed.json");
        assertThat(malformed.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(malformed.output()).startsWith("STATUSPAGE UNKNOWN - cannot read 127.0.0.1: ");
        CheckResult missing = check("nope.json");
        assertThat(missing.state()).isEqualTo(ServiceState.UNKNOWN);
        assertThat(missing.output()).isEqualTo("STATUSPAGE UNKNOWN - 127.0.0.1 answered HTTP 404");
    }
}
