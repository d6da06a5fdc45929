package dev.vigil.threats.triage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.threats.detect.GitleaksRules;
import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class InspectorTest {
    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private static final String PASSWORD = "Sup3rS3cretPassw0rd1";
    private final Set<String> allowed = new HashSet<>();

    private Inspector inspector(WatchList watch) {
        return new Inspector(GitleaksRules.builtIn(), watch, () -> allowed);
    }

    private static Document paste(String text) {
        return Document.outside("pastebin", "pb", "k1", "http://paste/k1", "Paste k1", text);
    }

    @Test
    void aPasteWithAWatchedTermAndASecretIsHighAndItsExcerptIsMasked() {
        String dump = "-- dump of shop.example.com\nCREATE TABLE users (id int);\nnothing here\nnothing here\nnothing here\n"
                + "DB_PASSWORD=" + PASSWORD + "\nlast line\n";
        Finding f = inspector(new WatchList(List.of(Term.of("example.com")), Set.of())).inspect(paste(dump), NOW).orElseThrow();
        assertThat(f.severity()).isEqualTo(Level.HIGH);
        assertThat(f.terms()).containsExactly("example.com");
        assertThat(f.rules()).isNotEmpty();
        assertThat(f.secrets()).contains(Masked.sha256(PASSWORD));
        assertThat(f.excerpt()).doesNotContain(PASSWORD).contains("1: -- dump of shop.example.com").contains("6: DB_PASSWORD=")
                .contains("…").doesNotContain("4: nothing");
        assertThat(f.title()).doesNotContain(PASSWORD).contains("mentions example.com");
        assertThat(f.key()).isEqualTo("pastebin:" + Masked.sha256(dump));
        assertThat(f.state()).isEqualTo(FindingState.NEW);
    }

    @Test
    void outsideOnlyWhatMentionsUsCounts() {
        WatchList watch = new WatchList(List.of(Term.of("example.com")), Set.of());
        assertThat(inspector(watch).inspect(paste("DB_PASSWORD=" + PASSWORD + "\n"), NOW)).as("someone else's secret").isEmpty();
        assertThat(inspector(watch).inspect(paste("see notexample.com and example.community"), NOW)).as("not a whole word").isEmpty();
        Finding term = inspector(watch).inspect(paste("mail admin@EXAMPLE.COM today"), NOW).orElseThrow();
        assertThat(term.severity()).isEqualTo(Level.MEDIUM);
        WatchList cased = new WatchList(List.of(new Term("Acme", false, true)), Set.of());
        assertThat(inspector(cased).inspect(paste("the ACME corp"), NOW)).isEmpty();
        assertThat(inspector(cased).inspect(paste("AcmeShop release"), NOW)).isPresent();
    }

    @Test
    void anOwnSecretIsCriticalAnywhereEvenWhereNoRuleKnowsItsShape() {
        WatchList watch = new WatchList(List.of(), Set.of(Masked.sha256("correct-horse-battery")));
        Finding f = inspector(watch).inspect(paste("user list\nbob correct-horse-battery 2024\n"), NOW).orElseThrow();
        assertThat(f.severity()).isEqualTo(Level.CRITICAL);
        assertThat(f.rules()).containsExactly(Inspector.OWN_RULE);
        assertThat(f.excerpt()).contains("2: bob co").doesNotContain("correct-horse-battery");
        Finding viaRule = inspector(new WatchList(List.of(), Set.of(Masked.sha256(PASSWORD))))
                .inspect(paste("DB_PASSWORD=" + PASSWORD), NOW).orElseThrow();
        assertThat(viaRule.severity()).isEqualTo(Level.CRITICAL);
        assertThat(viaRule.title()).contains("one of our own secrets");
    }

    @Test
    void aSecretOnAnOwnPageIsCriticalAndKeyedByPageAndSecretsNotByTheChangingBody() {
        Inspector i = inspector(WatchList.EMPTY);
        Document first = Document.ownSite("http-check", "web", "http://shop/", "Error page (503) of shop/web",
                "<h1>503</h1> at 10:00:01 DB_PASSWORD=" + PASSWORD, "shop", "web");
        Document later = Document.ownSite("http-check", "web", "http://shop/", "Error page (503) of shop/web",
                "<h1>503</h1> at 10:05:07 DB_PASSWORD=" + PASSWORD, "shop", "web");
        Finding a = i.inspect(first, NOW).orElseThrow();
        assertThat(a.severity()).isEqualTo(Level.CRITICAL);
        assertThat(a.host()).isEqualTo("shop");
        assertThat(i.inspect(later, NOW).orElseThrow().key()).isEqualTo(a.key());
        assertThat(i.inspect(Document.ownSite("http-check", "web", "http://shop/", "t", "<h1>503</h1> try later", "shop", "web"), NOW))
                .as("an error page without secrets is the check's business only").isEmpty();
    }

    @Test
    void anAllowListedSecretMakesNoFindingAgain() {
        Inspector i = inspector(WatchList.EMPTY);
        Document page = Document.ownSite("http-check", "web", "http://shop/", "t", "AWS_SECRET_ACCESS_KEY=" + PASSWORD + "x/Y", "shop", "web");
        Finding f = i.inspect(page, NOW).orElseThrow();
        allowed.addAll(f.secrets());
        assertThat(i.inspect(page, NOW)).isEmpty();
    }

    @Test
    void aFlaggedDocumentIsAFindingAtItsLevelWithTheReasonInTheTitle() {
        Document d = Document.ownSite("exposure", "exposure", "http://shop/.git/config", "http://shop/.git/config",
                "[core]\n\trepositoryformatversion = 0\n", "shop", null).flagged(Level.HIGH, "the git repository is served");
        Finding f = inspector(WatchList.EMPTY).inspect(d, NOW).orElseThrow();
        assertThat(f.severity()).isEqualTo(Level.HIGH);
        assertThat(f.title()).contains("the git repository is served");
    }
}
