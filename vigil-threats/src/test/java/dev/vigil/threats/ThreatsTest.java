package dev.vigil.threats;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.event.EventKind;
import dev.vigil.core.event.EventLog;
import dev.vigil.core.event.InMemoryEventLog;
import dev.vigil.core.event.Severity;
import dev.vigil.core.time.SimulatedScheduler;
import dev.vigil.threats.config.ThreatPlan;
import dev.vigil.threats.source.Web;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.triage.Finding;
import dev.vigil.threats.triage.FindingState;
import dev.vigil.threats.triage.InMemoryThreatStore;
import dev.vigil.threats.triage.Level;
import dev.vigil.threats.triage.ThreatStore;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Findings through triage: events once, closed and reopened, allow-listing, and a crash between store and event. */
class ThreatsTest {
    private static final String SECRET = "Sup3rS3cretPassw0rd1";
    private final SimulatedScheduler scheduler = new SimulatedScheduler(Instant.parse("2026-12-02T10:00:00Z"));
    private final InMemoryEventLog events = new InMemoryEventLog();
    private final ThreatStore store = new InMemoryThreatStore();

    private Threats threats(Level alertAt) {
        Threats t = new Threats(scheduler, Runnable::run, events, store, Web.client());
        t.apply(new ThreatPlan(new WatchList(List.of(Term.of("example.com")), Set.of()), null, alertAt, true, List.of()), List::of);
        return t;
    }

    private List<EventLog.Logged> logged() {
        return events.newest(null, Instant.EPOCH, 100).reversed();
    }

    @Test
    void anErrorPageLeakIsOneCriticalEventClosingItRecoversItAndReopeningRaisesItAgain() {
        Threats t = threats(Level.MEDIUM);
        for (int i = 0; i < 5; i++) {
            t.inspectResponse("shop", "web", URI.create("http://shop/"), 503, "<pre>run " + i + "\nDB_PASSWORD=" + SECRET + "</pre>");
        }
        Finding f = t.findings(ThreatStore.Filter.ALL).getFirst();
        assertThat(t.findings(ThreatStore.Filter.ALL)).hasSize(1);
        assertThat(logged()).singleElement().satisfies(l -> {
            assertThat(l.event().source()).isEqualTo("threat");
            assertThat(l.event().severity()).isEqualTo(Severity.CRITICAL);
            assertThat(l.event().host()).isEqualTo("shop");
            assertThat(l.event().tags()).containsEntry("service", "web").containsEntry("finding", Long.toString(f.id()))
                    .containsEntry("secrets", "1");
            assertThat(l.event().evidence()).extracting(e -> e.href()).containsExactly("/threats/" + f.id());
            assertThat(l.event().details()).doesNotContain(SECRET);
        });
        t.triage(f.id(), FindingState.INVESTIGATING, "bob", null, null, false, "alice");
        assertThat(logged()).hasSize(1);
        t.triage(f.id(), FindingState.RESOLVED, null, null, "rotated", false, "bob");
        assertThat(logged()).hasSize(2).last().satisfies(l -> {
            assertThat(l.event().kind()).isEqualTo(EventKind.RECOVERY);
            assertThat(l.event().fingerprint()).isEqualTo(logged().getFirst().event().fingerprint());
        });
        t.triage(f.id(), FindingState.CONFIRMED, null, null, null, false, "bob");
        assertThat(logged()).hasSize(3).last().satisfies(l -> assertThat(l.event().kind()).isEqualTo(EventKind.PROBLEM));
        assertThat(t.history(f.id())).extracting(c -> c.what() + "=" + c.text()).containsExactly("state=investigating", "assignee=bob",
                "state=resolved", "comment=rotated", "state=confirmed");
    }

    @Test
    void anOwnPageShowingAResolvedLeakAgainReopensItAPasteSeenAgainDoesNot() {
        Threats t = threats(Level.MEDIUM);
        t.inspectResponse("shop", "web", URI.create("http://shop/"), 503, "DB_PASSWORD=" + SECRET);
        t.inspect(Document.outside("pastebin", "pb", "k", "http://p/k", "Paste k", "example.com DB_PASSWORD=" + SECRET));
        List<Finding> both = t.findings(ThreatStore.Filter.ALL);
        both.forEach(f -> t.triage(f.id(), FindingState.RESOLVED, null, null, "fixed", false, "alice"));
        int before = logged().size();
        t.inspectResponse("shop", "web", URI.create("http://shop/"), 200, "all good");
        t.inspect(Document.outside("pastebin", "pb", "k", "http://p/k", "Paste k", "example.com DB_PASSWORD=" + SECRET));
        assertThat(logged()).hasSize(before);
        t.inspectResponse("shop", "web", URI.create("http://shop/"), 503, "DB_PASSWORD=" + SECRET);
        assertThat(logged()).hasSize(before + 1).last().satisfies(l -> {
            assertThat(l.event().kind()).isEqualTo(EventKind.PROBLEM);
            assertThat(l.event().title()).contains("reopened by vigil");
        });
        assertThat(t.findings(ThreatStore.Filter.ALL)).hasSize(2).filteredOn(f -> f.source().equals("http-check")).singleElement()
                .satisfies(f -> assertThat(f.state()).isEqualTo(FindingState.NEW));
        assertThat(t.history(both.stream().filter(f -> f.source().equals("http-check")).findFirst().orElseThrow().id()).getLast().text())
                .isEqualTo("seen again after it was resolved");
    }

    @Test
    void allowListingAFindingsSecretsSuppressesThemEverywhere() {
        Threats t = threats(Level.MEDIUM);
        t.inspectResponse("shop", "web", URI.create("http://shop/"), 200, "STRIPE_SECRET_KEY=" + "sk_test_" + "4eC39HqLyjWDarjtT1zdp7dc");
        Finding f = t.findings(ThreatStore.Filter.ALL).getFirst();
        t.triage(f.id(), FindingState.FALSE_POSITIVE, null, null, "Stripe's documented test key", true, "alice");
        assertThat(t.history(f.id()).getLast().text()).isEqualTo("Stripe's documented test key (secrets allow-listed)");
        t.inspectResponse("shop", "admin", URI.create("http://shop/admin"), 200, "key: STRIPE_SECRET_KEY=sk_test_4eC39HqLyjWDarjtT1zdp7dc");
        assertThat(t.findings(ThreatStore.Filter.ALL)).hasSize(1);
    }

    @Test
    void belowAlertAtAFindingIsKeptButRaisesNothingAndAFindingStoredBeforeACrashRaisesItsEventAtStart() {
        Threats t = threats(Level.HIGH);
        t.inspect(Document.outside("feed", "f", "1", "http://forum/1", "Thread", "who runs example.com?"));
        assertThat(t.findings(ThreatStore.Filter.ALL)).singleElement().satisfies(f -> assertThat(f.severity()).isEqualTo(Level.MEDIUM));
        assertThat(logged()).isEmpty();
        // A crash between storing a finding and appending its event: the next start raises it.
        store.add(new Finding(0, "pastebin:x", "pastebin", "pb", "http://p/x", "Paste x: 1 secret", null, null, List.of("example.com"),
                List.of("env-password"), List.of("ab".repeat(32)), "1: DB_PASSWORD=********", scheduler.clock().instant(),
                scheduler.clock().instant(), "cd".repeat(32), Level.HIGH, FindingState.NEW, "", List.of(), false));
        threats(Level.HIGH);
        assertThat(logged()).singleElement().satisfies(l -> assertThat(l.event().title()).startsWith("Paste x"));
        assertThat(store.unraised()).isEmpty();
        threats(Level.HIGH);
        assertThat(logged()).hasSize(1);
    }

    @Test
    void bodiesAreLeftAloneWhenSwitchedOff() {
        Threats t = new Threats(scheduler, Runnable::run, events, store, Web.client());
        t.apply(new ThreatPlan(WatchList.EMPTY, null, Level.MEDIUM, false, List.of()), List::of);
        t.inspectResponse("shop", "web", URI.create("http://shop/"), 503, "DB_PASSWORD=" + SECRET);
        assertThat(t.findings(ThreatStore.Filter.ALL)).isEmpty();
        assertThat(t.sources()).isEmpty();
    }
}
