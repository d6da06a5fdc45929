package dev.vigil.threats.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.threats.detect.GitleaksRules;
import dev.vigil.threats.detect.Masked;
import dev.vigil.threats.triage.Document;
import dev.vigil.threats.triage.Inspector;
import dev.vigil.threats.watch.Term;
import dev.vigil.threats.watch.WatchList;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What sources read from the internet is hostile input: mutated feeds and random texts never escape as exceptions. */
class FormatsFuzzTest {
    private static final String FEED = """
            <?xml version="1.0"?><rss version="2.0"><channel><title>t</title>
            <item><title>a &amp; b</title><guid>1</guid><link>http://x/1</link><description><![CDATA[<b>example.com</b>]]></description></item>
            </channel></rss>""";

    @Test
    void mutatedFeedsAreEntriesOrAClearRefusal() {
        Random r = new Random(15);
        String specials = "<>/&;![]\"'=?x \n";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder(FEED);
            for (int k = 1 + r.nextInt(4); k > 0; k--) {
                int at = r.nextInt(b.length());
                switch (r.nextInt(3)) {
                    case 0 -> b.deleteCharAt(at);
                    case 1 -> b.insert(at, specials.charAt(r.nextInt(specials.length())));
                    default -> b.setCharAt(at, specials.charAt(r.nextInt(specials.length())));
                }
            }
            try {
                assertThat(Feed.parse(b.toString())).isNotNull();
            } catch (IOException refused) {
                assertThat(refused.getMessage()).isNotBlank();
            }
        }
    }

    @Test
    void randomTextsAreJudgedWithoutThrowingAndNothingPlainLeaves() {
        Random r = new Random(16);
        Inspector inspector = new Inspector(GitleaksRules.builtIn(),
                new WatchList(List.of(Term.of("example.com")), Set.of(Masked.sha256("Sup3rS3cretPassw0rd1"))), Set::of);
        String alphabet = "=:'\"$@/._-\n\r\t exampl.comDB_PASSWORD=Sup3rS3cretPassw0rd1 AKIA0123456789";
        for (int i = 0; i < 2_000; i++) {
            StringBuilder b = new StringBuilder();
            for (int k = r.nextInt(600); k > 0; k--) {
                b.append(alphabet.charAt(r.nextInt(alphabet.length())));
            }
            if (i % 4 == 0) { // a planted own secret, standing as a word: it must come out masked whatever surrounds it
                b.insert(b.isEmpty() ? 0 : r.nextInt(b.length()), r.nextBoolean() ? " Sup3rS3cretPassw0rd1\n" : "\nDB_PASSWORD=Sup3rS3cretPassw0rd1 ");
            }
            String text = b.toString();
            var judged = inspector.inspect(Document.outside("fuzz", "f", "1", "http://x", "t", text), Instant.EPOCH);
            if (i % 4 == 0) {
                assertThat(judged).as("an own secret is always a finding").isPresent();
            }
            judged.ifPresent(f -> {
                assertThat(f.excerpt()).doesNotContain("Sup3rS3cretPassw0rd1");
                assertThat(f.title()).doesNotContain("Sup3rS3cretPassw0rd1");
            });
        }
    }
}
