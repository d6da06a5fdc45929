package dev.vigil.logs.ossec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The plain comparisons must answer exactly as the regex os_match compiles to, including case folding. */
class PlainAlternativesTest {

    @Test
    void osMatchPatternsAreTakenAndAnythingElseIsNot() {
        assertThat(PlainAlternatives.of(Patterns.osMatch("^sshd|ftpd$|^exact$|anywhere"))).isNotNull();
        assertThat(PlainAlternatives.of(Patterns.osMatch("!negated"))).isNull();
        assertThat(PlainAlternatives.of(Patterns.osRegex("\\d+ failed"))).isNull();
        assertThat(PlainAlternatives.of(Pattern.compile("\\Qa\\E", Pattern.MULTILINE))).isNull();
    }

    @Test
    void answersAsTheRegexOnRandomSubjects() {
        Random random = new Random(7);
        String alphabet = "abAB^$|é É\n-";
        for (int i = 0; i < 5_000; i++) {
            String match = random(random, alphabet.replace("\n", ""), 1 + random.nextInt(8));
            if (match.startsWith("!")) {
                continue;
            }
            Pattern p = Patterns.osMatch(match);
            PlainAlternatives plain = PlainAlternatives.of(p);
            if (plain == null) {
                continue;
            }
            for (int j = 0; j < 20; j++) {
                String subject = random(random, alphabet, random.nextInt(10));
                boolean regex = p.matcher(subject).find();
                if (plain.decides(subject)) {
                    assertThat(plain.found(subject)).as("%s on '%s'", match, subject).isEqualTo(regex);
                }
            }
        }
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < length; i++) {
            s.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return s.toString();
    }
}
