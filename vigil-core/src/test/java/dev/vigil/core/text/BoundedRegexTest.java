package dev.vigil.core.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BoundedRegexTest {
    @Test
    void findsOrdinaryPatterns() {
        assertThat(BoundedRegex.compile("db=\\w+", Duration.ofMillis(100)).find("x db=prod y")).isTrue();
    }

    @Test
    void catastrophicBacktrackingIsCutOffInsteadOfHanging() {
        BoundedRegex evil = BoundedRegex.compile("(.*){1,32000}[bc]", Duration.ofMillis(50));
        String input = "a".repeat(40) + "!";
        long start = System.nanoTime();
        assertThatThrownBy(() -> evil.find(input)).isInstanceOf(BoundedRegex.TooSlow.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void invalidOrHugePatternsAreRefusedWithAReason() {
        assertThatThrownBy(() -> BoundedRegex.compile("(", Duration.ofMillis(1))).hasMessageContaining("invalid regular expression");
        assertThatThrownBy(() -> BoundedRegex.compile("a".repeat(2000), Duration.ofMillis(1))).hasMessageContaining("longer than");
    }
}
