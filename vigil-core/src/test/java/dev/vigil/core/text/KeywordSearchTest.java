package dev.vigil.core.text;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The automaton must report exactly the keywords String.contains would, including overlapping and repeated ones. */
class KeywordSearchTest {

    private static List<Integer> found(KeywordSearch s, String text) {
        long[] bits = s.scan(text);
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < s.size(); i++) {
            if (KeywordSearch.has(bits, i)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void overlappingSuffixAndRepeatedKeywordsAreAllFound() {
        KeywordSearch s = new KeywordSearch(List.of("he", "she", "his", "hers", "she", ""));
        assertThat(found(s, "ushers")).containsExactly(0, 1, 3, 4);
        assertThat(found(s, "ahis")).containsExactly(2);
        assertThat(found(s, "nothing")).isEmpty();
        assertThat(found(s, "")).isEmpty();
    }

    @Test
    void answersAsContainsOnRandomTexts() {
        Random random = new Random(3);
        String alphabet = "abcé é\u20ac";
        for (int round = 0; round < 300; round++) {
            List<String> keywords = new ArrayList<>();
            for (int k = random.nextInt(20) + 1; k > 0; k--) {
                keywords.add(random(random, alphabet, 1 + random.nextInt(4)));
            }
            KeywordSearch s = new KeywordSearch(keywords);
            for (int t = 0; t < 20; t++) {
                String text = random(random, alphabet, random.nextInt(30));
                List<Integer> expected = new ArrayList<>();
                for (int i = 0; i < keywords.size(); i++) {
                    if (text.contains(keywords.get(i))) {
                        expected.add(i);
                    }
                }
                assertThat(found(s, text)).as("%s in '%s'", keywords, text).isEqualTo(expected);
            }
        }
    }

    private static String random(Random random, String alphabet, int length) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < length; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
