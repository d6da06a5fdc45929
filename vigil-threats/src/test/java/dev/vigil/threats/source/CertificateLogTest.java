package dev.vigil.threats.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.threats.Threats;
import dev.vigil.threats.config.ThreatPlan;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.InMemoryThreatStore;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The certificate log source against a local server answering as crt.sh's JSON output does. */
class CertificateLogTest {
    private static final String OWN = "/?q=%25.example.com&output=json";
    private final FakeService crt;
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final List<String> certs = new ArrayList<>();
    private Threats threats;

    CertificateLogTest() throws Exception {
        crt = new FakeService();
        crt.on(OWN, ex -> FakeService.Answer.ok("[" + String.join(",", certs) + "]"));
    }

    @AfterEach
    void stop() {
        threats.close();
        crt.close();
    }

    private static String cert(long id, String common, String names) {
        return """
                {"issuer_ca_id": 295810, "issuer_name": "C=US, O=Let's Encrypt, CN=R11", "common_name": "%s", "name_value": "%s",
                 "id": %d, "entry_timestamp": "2026-12-01T10:11:12.123", "not_before": "2026-12-01T09:11:12",
                 "not_after": "2027-03-01T09:11:11", "serial_number": "04ab%d", "result_count": 2}""".formatted(common, names, id, id);
    }

    @Test
    void theFirstRunLearnsANewHostIsMediumALookAlikeIsHigh() {
        certs.add(cert(1, "www.example.com", "example.com\\nwww.example.com"));
        certs.add(cert(2, "mail.example.com", "mail.example.com"));
        crt.on("/?q=example.net&output=json", FakeService.Answer.ok("[" + cert(7, "login.example.net", "login.example.net") + "]"));
        threats = new Threats(scheduler, Runnable::run, events, new InMemoryThreatStore(), Web.client());
        threats.apply(new ThreatPlan(new WatchList(List.of(Term.of("example.com")), Set.of()), null, Level.MEDIUM, true,
                List.of(new SourcePlan("crtsh", "ct", crt.base(), Duration.ofHours(1), null, Duration.ZERO, List.of(), List.of()))), List::of);
        threats.runNow("ct");
        assertThat(threats.findings(ThreatStore.Filter.ALL)).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Level.HIGH);
            assertThat(f.title()).contains("certificate for login.example.net, which looks like example.com");
        });
        assertThat(crt.requests).hasSize(1 + CertificateLog.CANDIDATES_PER_RUN);

        certs.add(cert(3, "admin.example.com", "admin.example.com\\nwww.example.com"));
        certs.add(cert(4, "www.example.com", "www.example.com")); // a renewal: nothing new
        threats.runNow("ct");
        List<Finding> all = threats.findings(ThreatStore.Filter.ALL);
        assertThat(all).hasSize(2).anySatisfy(f -> {
            assertThat(f.severity()).isEqualTo(Level.MEDIUM);
            assertThat(f.title()).contains("first certificate for admin.example.com").doesNotContain("www.example.com,");
            assertThat(f.url()).endsWith("?id=3");
        });
        assertThat(crt.requests.get(1 + CertificateLog.CANDIDATES_PER_RUN + 1)).as("the next candidates in turn")
                .isNotEqualTo(crt.requests.get(1));
    }
}
